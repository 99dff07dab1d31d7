// npm's prepare step: builds the package after `npm ci` / `npm install` in a clone. Without the
// dev dependencies (`npm ci --omit=dev`) there is nothing to build with: say so and succeed, as
// the published package ships its build (dist/) and needs none of them.
import { execSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
try {
  require.resolve("esbuild");
  require.resolve("typescript");
} catch {
  console.log("mle-fit: dev dependencies not installed (--omit=dev): not building dist/");
  process.exit(0);
}
execSync("npm run build", { stdio: "inherit" });
