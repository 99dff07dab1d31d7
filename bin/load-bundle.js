// Loads the bundled command line and library (dist/bin/mle-fit.cjs) through V8's code cache,
// which spares Node compiling the bundle's functions again at every start: about a quarter of
// the default command's wall time. Node 22 has this built in (module.enableCompileCache, which
// keeps its cache in a directory of its own); Node 20 does not, so this does the same by hand.
//
// The cache is V8's own format, valid only for the V8 version, processor and flags that made it,
// so it is made on this machine, by the first run, not shipped: the run writes it to the user's
// cache directory ($XDG_CACHE_HOME/mle-fit, or ~/.cache/mle-fit), in a file named for the
// bundle's version and the running V8. Its first line records both again; a cache made by any
// other Node is never handed to V8, and V8's own check (cachedDataRejected) stands behind that.
// Any failure to read or write the cache only costs speed, never the run.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

export const bundlePath = fileURLToPath(new URL("../dist/bin/mle-fit.cjs", import.meta.url));

const { version } = JSON.parse(
  readFileSync(fileURLToPath(new URL("../package.json", import.meta.url)), "utf8"),
);

/**
 * What a cache is made for: this bundle (its version, and its file's size and modification time:
 * V8 itself checks little more than the source's length, so a rebuilt bundle of the same length
 * must not meet an old cache), this Node's V8 and processor.
 */
export function cacheKey() {
  const { size, mtimeMs } = statSync(bundlePath);
  return `mle-fit ${version} code cache: bundle ${size} bytes, ${mtimeMs}; v8 ${process.versions.v8}, ${process.arch}\n`;
}

/** Where this Node's cache of this bundle lives. */
export function defaultCachePath() {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  const name = `${version}-v8-${process.versions.v8}-${process.arch}.cache`.replace(
    /[^\w.-]/g,
    "_",
  );
  return join(base, "mle-fit", name);
}

/** Writes V8's cache data behind the key line, atomically; false where it cannot be written. */
export function writeCache(data, path = defaultCachePath()) {
  try {
    mkdirSync(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([Buffer.from(cacheKey()), data]));
    renameSync(temporary, path);
    return true;
  } catch {
    return false;
  }
}

/** The cache's V8 data when it was made for this bundle and this Node, else undefined. */
export function readCache(path = defaultCachePath()) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch {
    return undefined;
  }
  const key = Buffer.from(cacheKey());
  if (bytes.length <= key.length || !bytes.subarray(0, key.length).equals(key)) return undefined;
  return bytes.subarray(key.length);
}

/**
 * The bundle's exports; whether V8 used a cache; and `saveCache()`, which writes a new cache
 * when there was none to use (call it after the run, so the cache holds what the run compiled).
 */
export function loadBundle({ useCache = true, cachePath = defaultCachePath() } = {}) {
  const source = readFileSync(bundlePath, "utf8");
  const cachedData = useCache ? readCache(cachePath) : undefined;
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
  const cacheUsed = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cacheUsed,
    saveCache: () =>
      useCache && !cacheUsed ? writeCache(script.createCachedData(), cachePath) : false,
  };
}
