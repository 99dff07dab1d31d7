import type { Family } from "../distributions/family.js";
import { checkMustFix } from "../distributions/fixed.js";
import { dataScale } from "../distributions/scaling.js";
import { DataError, UsageError } from "../errors.js";
import { exactFit } from "../fit/exact.js";
import { pushedExactFit, type RemoteRows, remoteLikelihood } from "../fit/pushdown.js";
import {
  type Candidate,
  type Comparison,
  checkSomeFitted,
  cullenFrey,
  rankedComparison,
} from "../inference/compare.js";
import { statistics } from "../inference/gof.js";
import { formatComparisonJson, formatComparisonText } from "../report/compare.js";
import { weighted } from "../stats/weights.js";
import {
  checkPushable,
  dataSummary,
  engineName,
  FINITE,
  remoteSums,
  SAMPLE,
  type Source,
  supportSql,
} from "./database-rows.js";
import { describeSource } from "./load-data.js";
import type { CliOptions } from "./options.js";
import type { RunResult } from "./run.js";

/**
 * --dist auto (or a list) on rows in a database: fitdistrplus's comparison where the rows live.
 * One query counts the rows (finite, and outside each support the families have), one draws the
 * engine's sample, and each family's exact MLE comes from its aggregate queries (the count
 * families: from the engine's histogram, as frequency weights). AIC and BIC are of all the rows;
 * the KS distances and the Cullen and Frey summary are of the sample, which the report says.
 */
export async function compareDatabase(
  source: Source,
  families: readonly Family[],
  options: CliOptions,
  seed: number,
  signal: AbortSignal,
): Promise<RunResult> {
  const engine = engineName(source);
  const relation = `(${source.relation}) AS r`;
  const counts = await countRows(source, relation, [...new Set(families.map(supportSql))], options);
  const sample = await source.column1(
    source.sampleSql(`(SELECT x FROM ${relation} WHERE ${FINITE}) AS d`, SAMPLE, seed),
  );
  const { comparison, queries } = await fitEach(source, relation, families, counts, sample, signal);
  checkSomeFitted(comparison, sample);
  // The count and the sample, then each family's.
  const data = dataSummary(source, counts.skipped, 2 + queries);
  const sampled =
    sample.length < counts.n
      ? `; the KS distances and Cullen and Frey on its uniform sample of ${sample.length.toLocaleString("en-US")} rows`
      : "";
  const where = `${describeSource(data)}, in ${engine} (exact fits from its sums${sampled})`;
  const best = [comparison.ranked[0], comparison.rankedCounts[0]].flatMap((c) =>
    c === undefined ? [] : [c.family.name],
  );
  const stdout = options.json
    ? formatComparisonJson(comparison, { n: counts.n, data })
    : options.quiet
      ? `${best.join("\n")}\n`
      : formatComparisonText(comparison, counts.n, where);
  return { stdout, warnings: [] };
}

/**
 * Each family fitted where the rows are, or listed with why not: outside its support, or its
 * fit failed. KS distances on the sorted sample; the queries each fit ran.
 */
async function fitEach(
  source: Source,
  relation: string,
  families: readonly Family[],
  counts: Counts,
  sample: Float64Array,
  signal: AbortSignal,
): Promise<{ comparison: Comparison; queries: number }> {
  const sorted = Float64Array.from(sample).sort();
  const fitted: Omit<Candidate, "deltaAic" | "weight">[] = [];
  const failed: Comparison["failed"] = [];
  const unsupported: Family[] = [];
  let queries = 0;
  let histogram: Float64Array | undefined;
  for (const family of families) {
    if ((counts.outside.get(supportSql(family)) ?? 0) > 0) {
      unsupported.push(family);
      continue;
    }
    try {
      checkMustFix(family);
      let fit: Candidate["fit"];
      if (family.support === "count") {
        if (histogram === undefined) {
          queries++;
          histogram = await histogramOf(source, relation);
        }
        fit = exactFit(family, histogram);
      } else {
        const pushed = await pushedFamily(source, relation, family, counts, sample);
        queries += pushed.queries;
        fit = pushed.fit;
      }
      if (!Number.isFinite(fit.logLik)) throw new Error(`log-likelihood ${fit.logLik}`);
      const k = family.params.length;
      fitted.push({
        family,
        fit,
        aic: 2 * k - 2 * fit.logLik,
        bic: k * Math.log(counts.n) - 2 * fit.logLik,
        ks: statistics(family, sorted, fit.params).ks,
      });
    } catch (error) {
      // A cancelled query is not a failed fit: Ctrl-C ends the comparison.
      if (signal.aborted) throw error;
      failed.push({
        family,
        reason: error instanceof Error ? error.message : String(error),
        data: error instanceof DataError,
      });
    }
  }
  const comparison = rankedComparison(fitted, failed, unsupported, cullenFrey(sample));
  return { comparison, queries };
}

/**
 * One pass: the rows, the finite ones (NULL, NaN and ±∞ are exit 65, or skipped and counted
 * with --skip-invalid), and how many finite rows lie outside each support.
 */
async function countRows(
  source: Source,
  relation: string,
  supports: readonly string[],
  options: CliOptions,
): Promise<Counts> {
  const finite = `(CASE WHEN ${FINITE} THEN x END)`;
  const results = await source.aggregate(
    [
      "COUNT(*)",
      `SUM(CASE WHEN ${FINITE} THEN 1 ELSE 0 END)`,
      `MIN(${finite})`,
      `MAX(${finite})`,
      ...supports.map((s) => `SUM(CASE WHEN ${FINITE} AND NOT (${s}) THEN 1 ELSE 0 END)`),
    ],
    [],
    relation,
  );
  const total = results[0] as number;
  const n = (results[1] as number) || 0;
  const skipped = total - n;
  const where = `${source.name}, column ${JSON.stringify(source.column)}`;
  if (skipped > 0 && !options.skipInvalid) {
    throw new DataError(
      `${where}: ${skipped} NULL, NaN or infinite values of ${total} rows; --skip-invalid skips them`,
    );
  }
  if (n < 2)
    throw new DataError(`${where}: ${n} value${n === 1 ? "" : "s"} to compare families on`);
  return {
    n,
    skipped,
    extremes: { min: results[2] as number, max: results[3] as number },
    outside: new Map(supports.map((s, i) => [s, (results[i + 4] as number) || 0])),
  };
}

interface Counts {
  /** The finite rows, which every family fitted reads. */
  n: number;
  skipped: number;
  /** The smallest and largest finite rows: for a support that moves (the GEV's). */
  extremes: { min: number; max: number };
  /** Finite rows outside each support (by its SQL condition). */
  outside: Map<string, number>;
}

/** The engine's histogram of the rows (GROUP BY value), as frequency-weighted values. */
async function histogramOf(source: Source, relation: string): Promise<Float64Array> {
  const [values, counts] = await source.columns2(
    `SELECT x, COUNT(*) FROM (SELECT x FROM ${relation} WHERE ${FINITE}) AS d GROUP BY x ORDER BY x`,
  );
  return weighted(values, counts);
}

/**
 * One family's exact MLE from the engine's sums (as database.ts fits one family), its queries
 * counted; a support that moves (the GEV's) kept around the smallest and largest rows, as
 * there. Families the comparison does not push down say why, as a failed fit: the ends of a
 * support held at MIN and MAX (fit one alone), rows near 1e±300 (fitted on x / c one at a time).
 */
async function pushedFamily(
  source: Source,
  relation: string,
  family: Family,
  counts: Counts,
  sample: Float64Array,
): Promise<{ fit: Candidate["fit"]; queries: number }> {
  checkPushable(family);
  if (family.edges !== undefined) {
    throw new UsageError(
      `${family.name}: an end of its support is a parameter; fit it alone (--dist ${family.name})`,
    );
  }
  if (dataScale(family, sample) !== 1) {
    throw new UsageError(`${family.name}: rows near 1e±300; fit it alone (--dist ${family.name})`);
  }
  const from = `(SELECT CASE WHEN ${FINITE} THEN x END AS x FROM ${relation}) AS d`;
  const sums = remoteSums(source, family, from, sample);
  const extremes = family.inSupport === undefined ? {} : { extremes: counts.extremes };
  const likelihood = remoteLikelihood(family, { ...sums, ...extremes });
  const rows: RemoteRows = {
    n: counts.n,
    engine: engineName(source),
    sample,
    ...sums,
    ...extremes,
    stream: () => Promise.reject(new Error("a comparison scans no rows")),
  };
  const fit = await pushedExactFit(family, rows, likelihood);
  return { fit, queries: likelihood.queries() };
}
