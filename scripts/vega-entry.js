// The part of Vega that --plot-file uses, bundled into dist/bin/vega.cjs (see bundle.mjs): the
// command's bundle runs as CommonJS and Vega is ESM with a top-level await, which require()
// cannot load. That await is vega-canvas probing for the native `canvas` package, which SVG
// output never needs; the bundle replaces vega-canvas with no-canvas.js.
export { parse, View } from "vega";
