import { type FitRequest, inferStage, sgdOptions, summarize } from "../api/request.js";
import { uniformStream } from "../data/random.js";
import type { Family } from "../distributions/family.js";
import { dataScale } from "../distributions/scaling.js";
import { sqlNumber } from "../engine/sql.js";
import { DataError, UsageError } from "../errors.js";
import { checkFixedEdges, type HeldEdges, heldAt } from "../fit/edges.js";
import { edgesOnlyFit, type Fit, fitFamily, wholeFit } from "../fit/fit.js";
import {
  pushedFit,
  type RemoteLikelihood,
  type RemoteRows,
  remoteLikelihood,
  sampleStart,
} from "../fit/pushdown.js";
import { edgesOnlyInference, inferPushed, unscaled, wholeInference } from "../inference/pushed.js";
import { aggregatePlan } from "../likelihood/aggregate.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";
import { formatJson } from "../report/json.js";
import { formatText } from "../report/text.js";
import { weighted } from "../stats/weights.js";
import {
  cancellable,
  checkPushable,
  dataSummary,
  engineName,
  FINITE,
  remoteSums,
  SAMPLE,
  type Source,
  supportSql,
} from "./database-rows.js";
import type { FigureFile } from "./figure-file.js";
import { checkGap } from "./gap.js";
import type { Io } from "./io.js";
import { figureTitle } from "./load-data.js";
import { type CliOptions, fitSettingsOf } from "./options.js";
import type { RunResult } from "./run.js";

/** Whether the data stay in a database: --sql, --db, --table, or a Parquet file or glob. */
export function databaseRun(file: string | undefined, options: CliOptions): boolean {
  if (options.sql !== undefined || options.db !== undefined || options.table !== undefined) {
    return true;
  }
  return file !== undefined && file !== "-" && /\.parquet$|[*?[]|\.zst$/i.test(file);
}

function checkDatabaseFlags(file: string | undefined, options: CliOptions): void {
  if (options.table !== undefined && options.db === undefined) {
    throw new UsageError("--table names a table of a --db server: add --db postgresql://...");
  }
  if (options.db !== undefined && options.sql === undefined && options.table === undefined) {
    throw new UsageError('--db needs the data: --sql "SELECT ..." or --table NAME');
  }
  if (options.sql !== undefined && options.table !== undefined) {
    throw new UsageError("--sql and --table both name the data: choose one");
  }
  if (file !== undefined && (options.sql !== undefined || options.db !== undefined)) {
    throw new UsageError(`reading ${file} and --sql/--db at once: choose one`);
  }
  const refused: [unknown, string][] = [
    [options.groupBy, "--group-by"],
    [options.weights, "--weights"],
    [options.left ?? options.right ?? options.event, "censored data"],
    [options.bootstrap ?? options.gofBootstrap, "the bootstraps"],
    [options.ci === "profile" ? true : undefined, "--ci profile"],
    [options.plot ?? options.trace, "--plot and --trace"],
    [options.optimizer !== "sgd" ? true : undefined, `--optimizer ${options.optimizer}`],
    [
      options.schedule !== "constant" || options.average ? true : undefined,
      "--schedule and --average",
    ],
    [options.engine === "value" ? true : undefined, "--engine value"],
  ];
  for (const [given, what] of refused) {
    if (given !== undefined && given !== false) {
      throw new UsageError(`data in a database or a Parquet file with ${what}: not yet`);
    }
  }
}

/**
 * --dist auto or a list, of rows where they live (database-compare.ts): each family's exact MLE
 * from the engine's sums, ranked by AIC.
 */
export async function runDatabaseComparison(
  file: string | undefined,
  families: readonly Family[],
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<RunResult> {
  checkDatabaseFlags(file, options);
  if (options.printSql) {
    throw new UsageError("--print-sql prints one family's queries: choose one --dist");
  }
  if (options.plotFile !== undefined) {
    throw new UsageError(
      "data in a database or a Parquet file with --dist auto and --plot-file: not yet (one family's fit draws it)",
    );
  }
  const source = await openSource(file, options);
  try {
    const { compareDatabase } = await import("./database-compare.js");
    return await cancellable(source, io, (signal) =>
      compareDatabase(source, families, options, seed, signal),
    );
  } finally {
    await source.close().catch(() => {});
  }
}

/**
 * Fits data where they live: the exact MLE from aggregate queries generated from the engine's
 * graph (likelihood/aggregate.ts), the SGD streaming one scan per epoch, inference from the
 * database's Hessian and a sample it draws; or, with --print-sql, the queries it would run.
 */
export async function runDatabase(
  file: string | undefined,
  family: Family,
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<RunResult> {
  checkDatabaseFlags(file, options);
  if (options.printSql) return { stdout: printSql(family, options), warnings: [] };
  // A family that cannot be pushed down is refused before any connection is made.
  if (family.support !== "count") checkPushable(family);
  if (family.support === "count" && options.plotFile !== undefined) {
    throw new UsageError(
      "data in a database or a Parquet file with --plot-file for a count family: not yet",
    );
  }
  // The figure file is opened before the fit: a path that cannot be written fails at once.
  const figure =
    options.plotFile === undefined
      ? undefined
      : (await import("./figure-file.js")).openFigureFile(options.plotFile);
  const started = io.now();
  const source = await openSource(file, options);
  const engine = engineName(source);
  // Ctrl-C cancels the running query; the fit then stops with exit 130.
  try {
    return await cancellable(source, io, async () => {
      const relation = `(${source.relation}) AS r`;
      const request = requestOf(family, options, seed);
      if (family.support === "count") return await fitCounts(source, relation, request, options);
      // The rows the fit reads: finite and in the family's support. The check that every row
      // is one of them (or, with --skip-invalid, how many are not) rides on the fit's first
      // pass.
      const valid = `${FINITE} AND ${supportSql(family)}`;
      const drawn = await source.column1(
        source.sampleSql(`(SELECT x FROM ${relation} WHERE ${valid}) AS d`, SAMPLE, seed),
      );
      // Fewer than two rows to fit: the check says why (and throws).
      if (drawn.length < 2) await checkRows(source, relation, family, options);
      // Rows near 1e±300: fit x / c (c a power of two, exact) and map back, as in memory: their
      // sums of squares would overflow.
      const c = dataScale(family, drawn);
      // Rows the fit skips are NULL in x: every SUM and COUNT(x) leaves them out.
      const from = `(SELECT CASE WHEN ${valid} THEN x${c === 1 ? "" : ` / ${sqlNumber(c)}`} END AS x FROM ${relation}) AS d`;
      const sample = c === 1 ? drawn : drawn.map((v) => v / c);
      const remote = { engine, sample, from, c, relation, figure };
      return await fitRemote(source, remote, request, started, options, io);
    });
  } finally {
    figure?.discard();
    await source.close().catch(() => {});
  }
}

async function openSource(file: string | undefined, options: CliOptions): Promise<Source> {
  const sources = await import("../input/sql-source.js");
  if (options.db !== undefined) {
    return sources.postgresSource(
      options.db,
      options.sql !== undefined ? { sql: options.sql } : { table: options.table as string },
      options.column,
    );
  }
  return sources.duckdbSource(
    file !== undefined ? { path: file } : { sql: options.sql as string },
    options.column,
  );
}

/** Counts: the engine's histogram (GROUP BY value), fitted here as frequency weights. */
async function fitCounts(
  source: Source,
  relation: string,
  request: FitRequest,
  options: CliOptions,
): Promise<RunResult> {
  const { skipped } = await checkRows(source, relation, request.family, options);
  const [values, counts] = await source.columns2(
    `SELECT x, COUNT(*) FROM (SELECT x FROM ${relation} WHERE ${FINITE}) AS d GROUP BY x ORDER BY x`,
  );
  const data = weighted(values, counts);
  const fit = fitFamily(request.family, data, { ...sgdOptions(request), reorderData: true });
  const inference = inferStage(data, fit, request);
  const summary = summarize(fit, inference, dataSummary(source, skipped, 2), request);
  return report(fit, summary, options);
}

/**
 * The pushed-down fit of a continuous family, its inference and the report. Its first query
 * (the sufficient statistics, or the log-likelihood at the start) also counts the rows: when
 * some are not fitted, the check says which and how many (exit 65), or with --skip-invalid
 * counts them. A family with edges (the uniform's ends, the Pareto's min: edges.ts) has them
 * held at the rows' MIN and MAX, which the first query gives with the counts, and the rest
 * fitted in the database with them held; the uniform has no rest, and no other query.
 */
async function fitRemote(
  source: Source,
  remote: Remote & { from: string },
  request: FitRequest,
  started: number,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const { from, c, sample } = remote;
  const whole = request.family;
  const counted = whole.edges === undefined ? undefined : await countRows(source, from);
  if (counted !== undefined && (counted.n !== counted.total || counted.n < 2)) {
    await checkRows(source, remote.relation, whole, options);
  }
  const held = counted?.extremes === undefined ? undefined : heldAt(whole, counted.extremes);
  if (held !== undefined && held.inner === undefined) {
    return fitEdgesOnly(source, remote, request, counted as Counted, held, started, options, io);
  }
  const family = held?.inner ?? whole;
  const sums = remoteSums(source, family, from, sample);
  const { centre, aggregate, dialect } = sums;
  let scans = 0;
  const { likelihood, n, total, extremes, queries } = await firstPass(
    source,
    family,
    from,
    sample,
    (rows) => remoteLikelihood(family, { ...sums, ...rows }),
    counted,
  );
  const skipped =
    n === total ? 0 : (await checkRows(source, remote.relation, family, options)).skipped;
  // A threshold the user gave (the generalized Pareto's loc) must be below every row.
  if (extremes !== undefined && held === undefined)
    checkFixedEdges(family, { min: extremes.min * c, max: extremes.max * c });
  const rows: RemoteRows = {
    n,
    engine: remote.engine,
    dialect,
    sample,
    centre,
    aggregate,
    ...(extremes === undefined ? {} : { extremes }),
    stream: (onChunk) => {
      scans++;
      return source.stream(`SELECT x FROM ${from} WHERE x IS NOT NULL`, onChunk);
    },
  };
  const fitStarted = io.now();
  const pushed = await pushedFit(family, rows, request, io.now, likelihood);
  const inferred = await inferPushed(pushed.fit, rows, pushed.likelihood, request.level);
  // With edges held, the fit and its inference as the whole family's.
  const asWhole = held === undefined ? pushed.fit : wholeFit(pushed.fit, whole, held);
  const { fit, inference } = unscaled(
    asWhole,
    held === undefined ? inferred : wholeInference(inferred, asWhole),
    c,
  );
  const checks = n === total ? 0 : 1;
  const summary = summarize(
    fit,
    inference,
    dataSummary(source, skipped, 1 + queries + checks + pushed.likelihood.queries() + scans),
    request,
    options.timing
      ? {
          ...timingOf(io.now() - started, fitStarted - started, io.now() - fitStarted, fit),
          exactSeconds: pushed.exactSeconds,
        }
      : undefined,
  );
  await drawFigure(remote, summary, options.bins, request.seed);
  return report(fit, summary, options);
}

/**
 * A family whose every parameter is an edge (the uniform): MIN and MAX are its MLE, from the
 * first query; its density is constant over the support, so the log-likelihood is n times its
 * value anywhere there. No other query.
 */
async function fitEdgesOnly(
  source: Source,
  remote: Remote,
  request: FitRequest,
  counted: Counted,
  held: HeldEdges,
  started: number,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const { family } = request;
  const { n, total } = counted;
  const skipped =
    n === total ? 0 : (await checkRows(source, remote.relation, family, options)).skipped;
  const params = held.full([]);
  const { min, max } = counted.extremes as { min: number; max: number };
  const logLik =
    n * likelihoodEvaluator(family, "compiled")(Float64Array.of((min + max) / 2), params).logLik;
  const exact = { params, method: `closed form: ${held.describe}`, logLik, relativeGradient: 0 };
  const scaled = edgesOnlyFit(family, n, exact, held, request.epochs);
  const rows = { n, engine: remote.engine, sample: remote.sample };
  const { fit, inference } = unscaled(
    scaled,
    edgesOnlyInference(scaled, rows, request.level),
    remote.c,
  );
  const summary = summarize(
    fit,
    inference,
    dataSummary(source, skipped, 2 + (n === total ? 0 : 1)),
    request,
    options.timing
      ? { ...timingOf(io.now() - started, io.now() - started, 0, fit), exactSeconds: 0 }
      : undefined,
  );
  await drawFigure(remote, summary, options.bins, request.seed);
  return report(fit, summary, options);
}

interface Counted {
  n: number;
  total: number;
  /** The smallest and largest rows fitted; undefined where there are none. */
  extremes: { min: number; max: number } | undefined;
}

/** The rows fitted (x not NULL) of all, and the smallest and largest: one query. */
async function countRows(source: Source, from: string): Promise<Counted> {
  const [n, total, min, max] = (await source.aggregate(
    ["COUNT(x)", "COUNT(*)", "MIN(x)", "MAX(x)"],
    [],
    from,
  )) as [number, number, number, number];
  return { n, total, extremes: n > 0 ? { min, max } : undefined };
}

/**
 * The first pass over the rows: how many are fitted of how many in all, fused into the query of
 * the log-likelihood at the start (the sufficient statistics, for those plans). A support that
 * moves with the parameters (the GEV's) is first given the smallest and largest rows, with the
 * counts (one query of its own): no θ that leaves one outside is sent to the engine
 * (pushdown.ts), and a threshold the user gave (the generalized Pareto's loc) must be below
 * every row. `queries` is the pass's own, beyond the likelihood's.
 */
async function firstPass(
  source: Source,
  family: Family,
  from: string,
  sample: Float64Array,
  likelihoodOf: (rows: Pick<RemoteRows, "extremes">) => RemoteLikelihood,
  known?: Counted,
): Promise<{
  likelihood: RemoteLikelihood;
  n: number;
  total: number;
  extremes: RemoteRows["extremes"];
  queries: number;
}> {
  if (family.inSupport === undefined) {
    const likelihood = likelihoodOf({});
    const first = await likelihood.atWith(sampleStart(family, sample), ["COUNT(*)"]);
    return {
      likelihood,
      n: first.rows,
      total: first.extra[0] as number,
      extremes: undefined,
      queries: 0,
    };
  }
  const { n, total, extremes } = known ?? (await countRows(source, from));
  return {
    likelihood: likelihoodOf(extremes === undefined ? {} : { extremes }),
    n,
    total,
    extremes,
    queries: 1,
  };
}

/**
 * One pass over the rows: how many, how many NULL, NaN or infinite (exit 65 unless
 * --skip-invalid), and outside the family's support (exit 65).
 */
async function checkRows(
  source: Awaited<ReturnType<typeof import("../input/sql-source.js").duckdbSource>>,
  relation: string,
  family: Family,
  options: CliOptions,
): Promise<{ n: number; skipped: number }> {
  const [total, nonNull, finite, outside] = (await source.aggregate(
    [
      "COUNT(*)",
      "COUNT(x)",
      `SUM(CASE WHEN ${FINITE} THEN 1 ELSE 0 END)`,
      `SUM(CASE WHEN ${FINITE} AND NOT (${supportSql(family)}) THEN 1 ELSE 0 END)`,
    ],
    [],
    relation,
  )) as [number, number, number, number];
  const skipped = total - (finite || 0);
  const where = `${source.name}, column ${JSON.stringify(source.column)}`;
  if (skipped > 0 && !options.skipInvalid) {
    throw new DataError(
      `${where}: ${total - nonNull} NULL and ${nonNull - (finite || 0)} NaN or infinite values of ${total} rows; --skip-invalid skips them`,
    );
  }
  if ((outside || 0) > 0) {
    throw new DataError(
      `${where}: ${outside} values are outside the ${family.name} family's support`,
    );
  }
  const n = finite || 0;
  if (n < 2)
    throw new DataError(
      `${where}: ${n} value${n === 1 ? "" : "s"} to fit; a fit needs at least two`,
    );
  return { n, skipped };
}

/** The rows of one family's pushed-down fit, as fitRemote reads them. */
interface Remote {
  engine: string;
  /** The engine's sample, as x / c. */
  sample: Float64Array;
  c: number;
  relation: string;
  figure?: FigureFile | undefined;
}

/**
 * --plot-file for rows in a database: fitdistrplus's four panels (histogram and densities, Q-Q,
 * CDFs, P-P) drawn from the engine's sample, with the SGD and exact fits of all the rows; no
 * fifth panel (SGD's path over a surface of the sample would not be the rows' surface).
 */
async function drawFigure(
  remote: Remote,
  summary: ReturnType<typeof summarize>,
  bins: number,
  seed: number,
): Promise<void> {
  if (remote.figure === undefined) return;
  const { fit } = summary;
  const { componentCurves, writeFamiliesFigure } = await import("./figure-file.js");
  const values = remote.c === 1 ? remote.sample : remote.sample.map((v) => v * remote.c);
  await writeFamiliesFigure(
    {
      file: remote.figure,
      title:
        values.length < fit.n
          ? `${figureTitle(fit.family, summary.data, fit.n)}; the panels from ${remote.engine}'s sample of ${values.length.toLocaleString("en-US")} rows`
          : figureTitle(fit.family, summary.data, fit.n),
      bins,
      uniform: uniformStream(seed, "figure-sample"),
    },
    values,
    [
      { label: "SGD fit", family: fit.family, params: fit.params },
      { label: "exact MLE", family: fit.family, params: fit.exact.params },
    ],
    { components: componentCurves(fit.family, fit.exact.params) },
  );
}

function report(fit: Fit, summary: ReturnType<typeof summarize>, options: CliOptions): RunResult {
  const stdout = options.quiet
    ? `${fit.params.join(",")}\n`
    : options.json
      ? formatJson(summary)
      : formatText(summary);
  return { stdout, ...checkGap(summary, options.maxGapSe) };
}

function timingOf(elapsed: number, read: number, fitMs: number, fit: Fit) {
  return {
    elapsedSeconds: elapsed / 1000,
    readSeconds: read / 1000,
    fitSeconds: fitMs / 1000,
    sgdSeconds: fit.sgdSeconds,
    samplesPerSecond: fit.sgdSeconds > 0 ? fit.sgdSamples / fit.sgdSeconds : null,
  };
}

function requestOf(
  family: Family,
  options: CliOptions,
  seed: number,
): FitRequest & {
  literal: boolean;
} {
  return { family, seed, ...fitSettingsOf(options), bootstrapMethod: options.bootstrapMethod };
}

/**
 * --print-sql: the queries a fit runs, for an engine mle-fit does not drive (Spark SQL, Trino,
 * BigQuery): the sums of the family's plan with the rows' counts, then the check of the rows.
 */
function printSql(family: Family, options: CliOptions): string {
  if (options.column === undefined || typeof options.column !== "string") {
    throw new UsageError("--print-sql needs --column NAME: the column its queries read");
  }
  const base =
    options.sql ??
    (options.table === undefined
      ? "<your table>"
      : `SELECT * FROM ${options.table
          .split(".")
          .map((p) => `"${p.replaceAll('"', '""')}"`)
          .join(".")}`);
  const relation = `(SELECT CAST("${options.column.replaceAll('"', '""')}" AS DOUBLE PRECISION) AS x FROM (${base}) AS q) AS r`;
  const plan = aggregatePlan(family);
  const from = `(SELECT CASE WHEN ${FINITE} AND ${supportSql(family)} THEN x END AS x FROM ${relation}) AS d`;
  const lines = [
    `-- mle-fit: the ${family.title} fit's queries (ANSI SQL: SUM, COUNT, LN, EXP, POWER, ABS, CASE)`,
    plan.kind === "statistics"
      ? "-- 1. the sufficient statistics: the log-likelihood, its gradient and Hessian at any parameters follow from these sums (one pass)"
      : `-- 1. the log-likelihood, its gradient and its Hessian at the parameters: one pass per Newton iteration; $1..$${plan.bind(family.params.map(() => 1)).length} are functions of the parameters that mle-fit computes each iteration (bind them, or write them in)`,
    "-- rows that are NULL, NaN, infinite or outside the family's support are NULL in x and left out of every sum: the first column, COUNT(x), counts the rows fitted, the last, COUNT(*), all",
    ...(plan.wrap("d").includes(") AS l1")
      ? [
          "-- in PostgreSQL, end each inner SELECT (l1, l2, ...) with OFFSET 0, before its closing parenthesis: it keeps the planner from writing each column's expression again at every use (mle-fit's own PostgreSQL queries do)",
        ]
      : []),
    ...(plan.centred
      ? [
          "-- the rows centred, x - c, with c a value near their middle (mle-fit takes the median of a sample; 0 keeps data near 0 as they are), and c last among the values",
        ]
      : []),
    `SELECT ${[...plan.selectList, "COUNT(*)"].join(",\n       ")}\nFROM ${plan.wrap(plan.centred ? `(SELECT x - 0e0 AS x FROM ${from}) AS e` : from)};`,
    "-- 2. only when the counts differ, the rows: all, not NULL, finite, and outside the family's support",
    `SELECT COUNT(*), COUNT(x), SUM(CASE WHEN ${FINITE} THEN 1 ELSE 0 END), SUM(CASE WHEN ${FINITE} AND NOT (${supportSql(family)}) THEN 1 ELSE 0 END) FROM ${relation};`,
  ];
  return `${lines.join("\n")}\n`;
}
