// npm run bench -- --database: issue 14's targets. A 1e8-row Parquet file made by DuckDB (once,
// kept in $TMPDIR/mle-fit-bench), then, in one run, each fit command's wall time (the median of
// three, with default flags, as a user runs it) and peak memory against
// DuckDB's own single aggregate pass over the same file (a fresh process each, Node's start-up
// included on both sides), and the same data as CSV through the in-memory reader, for
// comparison (1e7 rows: 1e8 would be 1.8 GB of text).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROWS = Number(process.env.MLE_FIT_BENCH_ROWS ?? 1e8);
const dir = join(tmpdir(), "mle-fit-bench");
mkdirSync(dir, { recursive: true });
const parquet = join(dir, `rows-${ROWS}.parquet`);
const csv = join(dir, "rows-1e7.csv");
const duckdb = new URL("../node_modules/@duckdb/node-api/lib/index.js", import.meta.url).pathname;

function duck(sql) {
  const script = `import { DuckDBInstance } from ${JSON.stringify(duckdb)};
const c = await (await DuckDBInstance.create(":memory:")).connect();
const r = await c.runAndReadAll(${JSON.stringify(sql)});
console.log(JSON.stringify(r.getRows().map((row) => row.map(Number))));`;
  const file = join(dir, "q.mjs");
  writeFileSync(file, script);
  return timed(process.execPath, [file]);
}

/** Wall seconds and peak resident MB of a command, by GNU time. */
function timed(command, args) {
  const out = spawnSync("/usr/bin/time", ["-f", "%e %M", command, ...args], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
  });
  const last = out.stderr.trim().split("\n").at(-1).split(" ");
  return {
    seconds: Number(last[0]),
    peakMb: Number(last[1]) / 1024,
    stdout: out.stdout,
    status: out.status,
  };
}

if (!existsSync(parquet)) {
  console.log(`making ${parquet} (${ROWS} rows: x ~ Normal(-4, 2), y ~ Gamma-like positive)...`);
  duck(
    `COPY (SELECT -4 + 2 * sqrt(-2 * ln(random())) * cos(2 * pi() * random()) AS x, -ln(random()) - ln(random()) + 0.01 AS y FROM range(${ROWS})) TO '${parquet}' (FORMAT parquet)`,
  );
}
if (!existsSync(csv))
  duck(`COPY (SELECT x FROM read_parquet('${parquet}') LIMIT 10000000) TO '${csv}' (HEADER)`);

const BIN = new URL("../bin/mle-fit.js", import.meta.url).pathname;
const medianOf = (runs) => runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
const repeat = (f, k = 3) => medianOf(Array.from({ length: k }, f));

const pass = repeat(() => duck(`SELECT COUNT(*), SUM(x), SUM(y) FROM read_parquet('${parquet}')`));
console.log(
  `DuckDB's own aggregate pass over ${ROWS} rows: ${pass.seconds.toFixed(2)} s, ${pass.peakMb.toFixed(0)} MB peak`,
);
console.log(
  "| fit | command wall s (passes; target) | peak MB (target 300) | queries | --epochs 1: wall s, its scan s |",
);
console.log("|---|---|---|---|---|");
const fitOf = (column, dist, extra = []) => {
  const argv = [BIN, parquet, "--column", column, "--dist", dist, "--json", "--seed", "1"];
  const run = timed(process.execPath, [...argv, ...extra]);
  return { ...run, report: JSON.parse(run.stdout) };
};
for (const [dist, column, target, k] of [
  ["normal", "x", 2, 3],
  ["gamma", "y", 2, 3],
  ["weibull", "y", 10, 3],
  // No target: its support moves with the parameters (a query of the extremes first), and its
  // terms are a series in a CASE; once, it is the slowest.
  ["gev", "x", "none", 1],
]) {
  // The command a user runs (default --epochs auto: the exact MLE's queries, no minibatch
  // epoch), Node's start-up and DuckDB's loading included; the post's SGD (one epoch streamed)
  // beside it.
  const run = repeat(() => fitOf(column, dist), k);
  const epoch = fitOf(column, dist, ["--epochs", "1"]);
  console.log(
    `| ${dist} | ${run.seconds.toFixed(2)} (${(run.seconds / pass.seconds).toFixed(1)}; ${target}) | ${run.peakMb.toFixed(0)} | ${run.report.data.queries} | ${epoch.seconds.toFixed(2)}, ${epoch.report.timing.sgd_seconds.toFixed(2)} |`,
  );
}
// --dist auto where the rows are: every family's exact MLE from its own queries (once).
const auto = fitOf("y", "auto");
console.log(
  `--dist auto on column y: ${auto.seconds.toFixed(2)} s wall (${(auto.seconds / pass.seconds).toFixed(0)} passes), ${auto.peakMb.toFixed(0)} MB peak, ${auto.report.data.queries} queries, best ${auto.report.ranked[0].distribution}`,
);
const fromCsv = timed(process.execPath, [BIN, csv, "--json", "--seed", "1"]);
const csvReport = JSON.parse(fromCsv.stdout);
console.log(
  `the first 1e7 rows as CSV through the in-memory reader: ${fromCsv.seconds.toFixed(2)} s wall (read ${csvReport.timing.read_seconds.toFixed(2)} s), ${fromCsv.peakMb.toFixed(0)} MB peak`,
);
