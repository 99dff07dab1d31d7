// Runs the command in this process, then prints its peak resident memory in bytes on stderr:
// node bench/peak-memory.mjs -- <mle-fit arguments>
import { loadBundle } from "../bin/load-bundle.js";

const { main } = loadBundle().exports;
const code = await main(process.argv.slice(process.argv.indexOf("--") + 1));
process.stderr.write(`${process.resourceUsage().maxRSS * 1024}\n`);
process.exitCode = code;
