// seedrandom's Alea generator on its own: the package's index also loads Node's crypto module
// (for auto-seeding, which mle-fit never does), a few milliseconds of every start-up.
declare module "seedrandom/lib/alea.js" {
  import type seedrandom from "seedrandom";

  const alea: (typeof seedrandom)["alea"];
  export default alea;
}
