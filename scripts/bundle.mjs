// Bundles the command line and the library into one CommonJS file, dist/bin/mle-fit.cjs, so
// Node reads one module at start-up instead of a few hundred (commander, csv-parse, seedrandom
// and @stdlib's small packages), and the package carries one copy of the code with every
// dependency inside it: it depends on nothing at run time (PNG figures excepted: the optional
// native package @resvg/resvg-js). bin/load-bundle.js loads it through V8's code cache.
import { readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { build } from "esbuild";
import { bundlePath, loadBundle } from "../bin/load-bundle.js";

await rm("dist/bin", { recursive: true, force: true });
await rm("dist/index.js", { force: true });
await build({
  entryPoints: ["src/cli/bundle.ts"],
  outfile: bundlePath,
  bundle: true,
  minify: process.env.MLE_FIT_NO_MINIFY === undefined,
  // Short lines: Node prints the line of an uncaught error's source, which for a library user's
  // unhandled exception would otherwise be a line of the whole minified bundle.
  lineLimit: 120,
  // Resolved at run time by the package's own name (src/report/figure/render.ts).
  external: ["mle-fit/internal/vega", "@resvg/resvg-js", "@duckdb/node-api", "pg"],
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: false,
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

// The library: an ES module re-exporting the bundle's library exports by name (types from tsc,
// in dist/types), so that `import { fit } from "mle-fit"` loads the same one copy of the code.
const { exports } = loadBundle({ useCache: false });
const names = Object.keys(await exports.library());
writeFileSync(
  "dist/index.js",
  `// mle-fit as a library: the bundle's library exports (built by scripts/bundle.mjs; types in
// dist/types).
import { createRequire } from "node:module";
const library = await createRequire(import.meta.url)("./bin/mle-fit.cjs").library();
export const { ${names.sort().join(", ")} } = library;
`,
);

// Run the default command once, silently, to check the bundle works before anything ships it.
const code = await exports.main(["--n", "1000", "--seed", "1"], exports.silentIo());
if (code !== 0) throw new Error(`the bundled command failed its check run (exit ${code})`);
