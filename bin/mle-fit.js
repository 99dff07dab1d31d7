#!/usr/bin/env node
import { loadBundle } from "./load-bundle.js";

// Output into a closed pipe (`mle-fit --json | head -c 1`) is not an error: end quietly.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
});

const bundle = loadBundle({ useCache: process.env.MLE_FIT_NO_CODE_CACHE === undefined });
process.exitCode = await bundle.exports.main(process.argv.slice(2));
bundle.saveCache();
