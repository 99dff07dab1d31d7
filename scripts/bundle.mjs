// Bundles the command line into one CommonJS file, so Node reads one module at start-up instead
// of a few hundred (commander, csv-parse, seedrandom and @stdlib's small packages), then writes
// V8's code cache for it after a run of the default command (see bin/load-bundle.js).
import { readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { build } from "esbuild";
import { bundlePath, cachePath, loadBundle } from "../bin/load-bundle.js";

await rm("dist/bin", { recursive: true, force: true });
await build({
  entryPoints: ["src/cli/main.ts"],
  outfile: bundlePath,
  bundle: true,
  minify: process.env.MLE_FIT_NO_MINIFY === undefined,
  // Resolved at run time by the package's own name (src/report/figure/render.ts).
  external: ["mle-fit/internal/vega"],
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  // The version is read from package.json relative to the module, which CommonJS spells __filename.
  define: { "import.meta.url": "importMetaUrl" },
  banner: { js: 'const importMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
});

// Vega for --plot-file, in its own file: required only when a figure is drawn (see
// scripts/vega-entry.js for why it is bundled, and without vega-canvas).
await build({
  entryPoints: ["scripts/vega-entry.js"],
  outfile: "dist/bin/vega.cjs",
  bundle: true,
  minify: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  alias: { "vega-canvas": "./scripts/no-canvas.js" },
  logLevel: "warning",
});

// A dynamic import() of a Node built-in would survive bundling and fail under vm.Script.
if (/\bimport\(/.test(readFileSync(bundlePath, "utf8"))) {
  throw new Error("the bundle contains a dynamic import(): load that module another way");
}

// Run the default command once, silently, so the cache holds the functions it compiles too.
const { exports, script } = loadBundle(false);
const code = await exports.main(["--n", "1000", "--seed", "1"], exports.silentIo());
if (code !== 0)
  throw new Error(`the bundled command failed while warming the cache (exit ${code})`);
writeFileSync(cachePath, script.createCachedData());
