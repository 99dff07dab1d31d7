/**
 * The one bundle's entry (scripts/bundle.mjs): the command line for bin/mle-fit.js, and the
 * library for dist/index.js, which re-exports it, so the package carries one copy of the code.
 * The library is loaded on first use, so the command's start-up does not pay for what it alone
 * needs (every family, for one).
 */
export { main, silentIo } from "./main.js";

export const library = () => import("../index.js");
