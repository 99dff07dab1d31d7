import type { Family } from "../distributions/family.js";
import { exactFit } from "../fit/exact.js";
import { censoringOf } from "../stats/censoring.js";
import { discreteKs, edfFromCdf, edfFromLogTails, randomSample } from "../stats/edf.js";
import { weightsOf } from "../stats/weights.js";

export interface GofTest {
  statistic: number;
  /** null when there is no p-value: n too small for the tables, or no tables (see `method`). */
  pValue: number | null;
}

export interface GofResult {
  /** null where goodness of fit is not available (censored data: see `method`). */
  ks: GofTest | null;
  /** null for a discrete family, where fitdistrplus reports neither. */
  cvm: GofTest | null;
  ad: GofTest | null;
  /** How the p-values were found. */
  method: string;
  /** The number of values the statistics were computed on: n, or the random sample's size. */
  sampleSize: number;
}

export type GofName = "ks" | "cvm" | "ad";

/**
 * Goodness of fit runs on at most this many values, a seeded random sample above it: sorting is
 * n log n, and at this size any real deviation from the family already shows. The figure's Q-Q,
 * CDF and P-P panels use the same.
 */
export const GOF_SAMPLE = 200_000;

export interface GofOptions {
  /** Above `size` values, compute on a uniform random sample of that size. */
  sample?: { size: number; uniform: () => number };
  /** p-values from a parametric bootstrap of this many samples, drawn with `uniform`. */
  bootstrap?: { replicates: number; uniform: () => number };
}

/**
 * fitdistrplus's gofstat for any fitted family: the KS, CvM and AD statistics of the data against
 * the fitted distribution (from its exact log tails where it has them, else its CDF); for a
 * discrete family the KS distance between the two step functions, and no CvM or AD.
 *
 * p-values: with estimated parameters the classical distributions do not apply. A family with
 * published tables for that case (the Normal: Lilliefors, Stephens) uses them; with `bootstrap`,
 * any family gets p-values from a parametric bootstrap instead: B samples of the same size from
 * the fitted family, each refitted by its exact MLE, p = (1 + #{T_b >= T}) / (B + 1). A refit
 * that fails is left out and counted.
 */
export function gof(
  family: Family,
  data: Float64Array,
  params: readonly number[],
  { sample, bootstrap }: GofOptions = {},
): GofResult {
  if (censoringOf(data) !== undefined) {
    return {
      ks: null,
      cvm: null,
      ad: null,
      method:
        "not available for censored data: the EDF statistics need every value (fitdistrplus's gofstat does not take fitdistcens fits either); --plot-file compares the Turnbull estimate with the fitted CDF",
      sampleSize: data.length,
    };
  }
  // A user's density that does not integrate to 1 has no CDF to test against.
  const unavailable = family.expression?.gofUnavailable(params);
  if (unavailable !== undefined) {
    return { ks: null, cvm: null, ad: null, method: unavailable, sampleSize: data.length };
  }
  const weights = weightsOf(data);
  if (weights !== undefined) return weightedGof(family, data, weights, params);
  const { sorted, sampled } = sortedForGof(data, sample);
  const n = sorted.length;
  if (bootstrap === undefined && family.gofTables !== undefined) {
    const tables = family.gofTables(sorted);
    return { ...tables, method: tables.method + sampled, sampleSize: n };
  }
  const observed = statistics(family, sorted, params);
  if (bootstrap === undefined) {
    const test = (statistic: number | null) =>
      statistic === null ? null : { statistic, pValue: null };
    return {
      ks: { statistic: observed.ks, pValue: null },
      cvm: test(observed.cvm),
      ad: test(observed.ad),
      method: family.expression
        ? `none for your ${family.expression.flag === "--logpdf" ? "density" : "mass function"}'s estimated parameters (they would need draws from it)${sampled}`
        : `none without --gof-bootstrap for this family's estimated parameters${sampled}`,
      sampleSize: n,
    };
  }
  const exceed = { ks: 0, cvm: 0, ad: 0 };
  const draw = family.sampler(params, bootstrap.uniform);
  let used = 0;
  for (let b = 0; b < bootstrap.replicates; b++) {
    // A new array each time: the refit's evaluator remembers each array's grouping.
    const replicate = new Float64Array(n);
    for (let i = 0; i < n; i++) replicate[i] = draw();
    const refitted = refit(family, replicate);
    if (refitted === undefined) continue;
    used++;
    const t = statistics(family, replicate.sort(), refitted);
    if (t.ks >= observed.ks) exceed.ks++;
    if (t.cvm !== null && observed.cvm !== null && t.cvm >= observed.cvm) exceed.cvm++;
    if (t.ad !== null && observed.ad !== null && t.ad >= observed.ad) exceed.ad++;
  }
  const p = (name: GofName) => (1 + exceed[name]) / (used + 1);
  const test = (name: "cvm" | "ad") => {
    const statistic = observed[name];
    return statistic === null ? null : { statistic, pValue: p(name) };
  };
  const failed = bootstrap.replicates - used;
  return {
    ks: { statistic: observed.ks, pValue: p("ks") },
    cvm: test("cvm"),
    ad: test("ad"),
    method: `parametric bootstrap, ${used} samples refitted by maximum likelihood${failed > 0 ? ` (${failed} refits failed and were left out)` : ""}${sampled}`,
    sampleSize: n,
  };
}

/** The KS, CvM and AD statistics of sorted data against the family at params; CvM, AD null for counts. */
export function statistics(
  family: Family,
  sorted: Float64Array,
  params: readonly number[],
): { ks: number; cvm: number | null; ad: number | null } {
  const cdf = (x: number) => family.cdf(x, params);
  if (family.support === "count") return { ks: discreteKs(sorted, cdf), cvm: null, ad: null };
  const { logTails } = family;
  return logTails === undefined
    ? edfFromCdf(sorted, cdf)
    : edfFromLogTails(sorted, (x, out) => logTails(x, params, out));
}

/** The exact MLE of a bootstrap sample, or undefined where the refit fails. */
function refit(family: Family, sample: Float64Array): number[] | undefined {
  try {
    return exactFit(family, sample, "compiled").params;
  } catch {
    return undefined;
  }
}

/** The values sorted, or a sorted uniform random sample above `sample.size`, and a note saying so. */
function sortedForGof(
  data: Float64Array,
  sample: { size: number; uniform: () => number } | undefined,
): { sorted: Float64Array; sampled: string } {
  const subsample = sample !== undefined && data.length > sample.size;
  const sorted = (
    subsample ? randomSample(data, sample.size, sample.uniform) : data.slice()
  ).sort();
  return {
    sorted,
    sampled: subsample
      ? `; on a uniform random sample of ${sorted.length} of the ${data.length} values`
      : "",
  };
}

/**
 * With frequency weights: the Kolmogorov-Smirnov distance between the weighted empirical CDF
 * (each value's step its weight over Σ w) and the fitted CDF, equal to the expanded data's; no
 * p-values (the tables are for unweighted samples, and the bootstrap is not done with weights),
 * and no Cramér-von Mises or Anderson-Darling.
 */
function weightedGof(
  family: Family,
  data: Float64Array,
  weights: Float64Array,
  params: readonly number[],
): GofResult {
  const order = Array.from(data.keys()).sort((a, b) => (data[a] as number) - (data[b] as number));
  const total = order.reduce((s, i) => s + (weights[i] as number), 0);
  let below = 0;
  let distance = 0;
  for (let k = 0; k < order.length; ) {
    const x = data[order[k] as number] as number;
    // Equal values make one step of the empirical CDF.
    let step = 0;
    while (k < order.length && data[order[k] as number] === x) {
      step += weights[order[k] as number] as number;
      k++;
    }
    if (step === 0) continue;
    const cdf = family.cdf(x, params);
    // For a count family the fitted CDF's value before x is F(x - 1); for a continuous one, F(x).
    const before = family.support === "count" ? family.cdf(x - 1, params) : cdf;
    distance = Math.max(
      distance,
      Math.abs(below / total - before),
      Math.abs((below + step) / total - cdf),
    );
    below += step;
  }
  return {
    ks: { statistic: distance, pValue: null },
    cvm: null,
    ad: null,
    method: "none with weights: the Kolmogorov-Smirnov distance of the weighted empirical CDF only",
    sampleSize: data.length,
  };
}
