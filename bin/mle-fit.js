#!/usr/bin/env node
import { loadBundle } from "./load-bundle.js";

// Output into a closed pipe (`mle-fit --json | head -c 1`) is not an error: end quietly. Any
// other failure to write it (a full disk: ENOSPC) is one line and exit 74, sysexits' EX_IOERR.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") return;
  process.stderr.write(`mle-fit: writing the output failed: ${error.message}\n`);
  process.exit(74);
});

const bundle = loadBundle({ useCache: process.env.MLE_FIT_NO_CODE_CACHE === undefined });
process.exitCode = await bundle.exports.main(process.argv.slice(2));
bundle.saveCache();
