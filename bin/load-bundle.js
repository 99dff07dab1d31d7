// Loads the bundled command line (dist/bin/mle-fit.cjs) through V8's code cache: the cache,
// written at build time, spares Node compiling the bundle's functions again at every start,
// about a quarter of the default command's wall time. Node 22 has this built in
// (module.enableCompileCache); Node 20 does not. A missing or stale cache only costs speed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

export const bundlePath = fileURLToPath(new URL("../dist/bin/mle-fit.cjs", import.meta.url));
export const cachePath = fileURLToPath(new URL("../dist/bin/mle-fit.cache", import.meta.url));

/** The bundle's exports, and the Script, whose createCachedData() gives a new cache. */
export function loadBundle(useCache = true) {
  const source = readFileSync(bundlePath, "utf8");
  let cachedData;
  if (useCache) {
    try {
      cachedData = readFileSync(cachePath);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapper, { filename: bundlePath, cachedData });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(
      module.exports,
      module.exports,
      createRequire(bundlePath),
      module,
      bundlePath,
      dirname(bundlePath),
    );
  return { exports: module.exports, script };
}
