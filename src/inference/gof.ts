import { normalMle } from "../stats/moments.js";
import { normalLogTails } from "../stats/normal-tails.js";

/** The three EDF statistics of fitdistrplus's gofstat, for a Normal. */
export interface EdfStatistics {
  /** Kolmogorov-Smirnov D = max |F_n - F|. */
  ks: number;
  /** Cramér-von Mises W² = 1/(12n) + Σ (F(x_(i)) - (2i - 1)/(2n))². */
  cvm: number;
  /** Anderson-Darling A² = -n - (1/n) Σ (2i - 1) [log F(x_(i)) + log(1 - F(x_(n+1-i)))]. */
  ad: number;
}

export type GofName = keyof EdfStatistics;

export interface GofTest {
  statistic: number;
  /** null when n is too small for the method (see `method`). */
  pValue: number | null;
}

export interface GofResult {
  ks: GofTest;
  /** null for a discrete family, where fitdistrplus reports neither. */
  cvm: GofTest | null;
  ad: GofTest | null;
  /** How the p-values were found. */
  method: string;
  /** The number of values the statistics were computed on: n, or the random sample's size. */
  sampleSize: number;
}

export interface GofOptions {
  bootstrap?: { replicates: number; draw: (n: number, loc: number, scale: number) => Float64Array };
  /** Above `size` values, compute on a uniform random sample of that size. */
  sample?: { size: number; uniform: () => number };
}

/**
 * EDF statistics of sorted data against Normal(loc, scale), in O(n) with one tail evaluation per
 * value. The logs of F and 1 - F come straight from the tails' logs, so values far out do not
 * turn A² infinite; A²'s sum is rearranged so each value's two terms come from the same z.
 */
export function edfStatistics(sorted: Float64Array, loc: number, scale: number): EdfStatistics {
  const n = sorted.length;
  const tails = new Float64Array(2);
  let ks = 0;
  let cvm = 1 / (12 * n);
  let adSum = 0;
  for (let i = 0; i < n; i++) {
    normalLogTails(((sorted[i] as number) - loc) / scale, tails);
    const logF = tails[0] as number;
    const f = Math.exp(logF);
    ks = Math.max(ks, (i + 1) / n - f, f - i / n);
    cvm += (f - (2 * i + 1) / (2 * n)) ** 2;
    // Σ (2i + 1) log F(x_(i)) + Σ (2i + 1) log(1 - F(x_(n-1-i))), the second re-indexed by value.
    adSum += (2 * i + 1) * logF + (2 * (n - i) - 1) * (tails[1] as number);
  }
  return { ks, cvm, ad: -n - adSum / n };
}

/**
 * Goodness of fit of a Normal fitted by maximum likelihood, as fitdistrplus's gofstat reports it:
 * KS, CvM and AD statistics of the data against the fitted Normal (the exact MLE).
 *
 * p-values: the parameters were estimated from the same data, so the plain KS, CvM and AD
 * distributions do not apply. By default they come from the published approximations for a
 * Normal with estimated mean and standard deviation, computed as R's nortest does (statistics
 * with the n - 1 standard deviation): Lilliefors's KS with the Dallal-Wilkinson approximation,
 * and Stephens's modified CvM and AD statistics (D'Agostino and Stephens 1986, table 4.9). With
 * `bootstrap`, a seeded parametric bootstrap instead: B samples from the fitted Normal, each
 * refitted, p = (1 + #{T_b ≥ T}) / (B + 1).
 */
export function normalGof(
  data: Float64Array,
  { bootstrap, sample }: GofOptions = {},
): GofResult & { cvm: GofTest; ad: GofTest } {
  const { sorted, sampled } = sortedForGof(data, sample);
  const n = sorted.length;
  const { loc, scale } = normalMle(sorted);
  const observed = edfStatistics(sorted, loc, scale);
  if (bootstrap !== undefined) {
    const exceed = { ks: 0, cvm: 0, ad: 0 };
    for (let b = 0; b < bootstrap.replicates; b++) {
      const sample = bootstrap.draw(n, loc, scale).sort();
      const fit = normalMle(sample);
      const t = edfStatistics(sample, fit.loc, fit.scale);
      for (const name of ["ks", "cvm", "ad"] as const)
        if (t[name] >= observed[name]) exceed[name]++;
    }
    const p = (name: GofName) => (1 + exceed[name]) / (bootstrap.replicates + 1);
    return {
      ks: { statistic: observed.ks, pValue: p("ks") },
      cvm: { statistic: observed.cvm, pValue: p("cvm") },
      ad: { statistic: observed.ad, pValue: p("ad") },
      method: `parametric bootstrap, ${bootstrap.replicates} samples refitted by maximum likelihood${sampled}`,
      sampleSize: n,
    };
  }
  const withSampleSd = edfStatistics(sorted, loc, scale * Math.sqrt(n / (n - 1)));
  return {
    ks: { statistic: observed.ks, pValue: n >= 5 ? lillieforsPValue(withSampleSd.ks, n) : null },
    cvm: {
      statistic: observed.cvm,
      pValue: n >= 8 ? cramerVonMisesPValue(withSampleSd.cvm, n) : null,
    },
    ad: {
      statistic: observed.ad,
      pValue: n >= 8 ? andersonDarlingPValue(withSampleSd.ad, n) : null,
    },
    method: `approximations for estimated parameters, as R's nortest (Lilliefors, Stephens)${n < 8 ? "; none for n < 8 (KS: n < 5)" : ""}${sampled}`,
    sampleSize: n,
  };
}

/** Lilliefors's KS test: Dallal and Wilkinson (1986), and Stephens's (1974) modified D above 0.1. */
export function lillieforsPValue(d: number, n: number): number {
  const [kd, nd] = n <= 100 ? [d, n] : [d * (n / 100) ** 0.49, 100];
  const p = Math.exp(
    -7.01256 * kd * kd * (nd + 2.78019) +
      2.99587 * kd * Math.sqrt(nd + 2.78019) -
      0.122119 +
      0.974598 / Math.sqrt(nd) +
      1.67997 / nd,
  );
  if (p <= 0.1) return p;
  const k = (Math.sqrt(n) - 0.01 + 0.85 / Math.sqrt(n)) * d;
  if (k <= 0.302) return 1;
  if (k <= 0.5)
    return 2.76773 - 19.828315 * k + 80.709644 * k ** 2 - 138.55152 * k ** 3 + 81.218052 * k ** 4;
  if (k <= 0.9)
    return -4.901232 + 40.662806 * k - 97.490286 * k ** 2 + 94.029866 * k ** 3 - 32.355711 * k ** 4;
  if (k <= 1.31)
    return 6.198765 - 19.558097 * k + 23.186922 * k ** 2 - 12.234627 * k ** 3 + 2.423045 * k ** 4;
  return 0;
}

/** Stephens's modified W² = W²(1 + 0.5/n) and its p-value (D'Agostino and Stephens 1986). */
export function cramerVonMisesPValue(w: number, n: number): number {
  const ww = (1 + 0.5 / n) * w;
  if (ww < 0.0275) return 1 - Math.exp(-13.953 + 775.5 * ww - 12542.61 * ww ** 2);
  if (ww < 0.051) return 1 - Math.exp(-5.903 + 179.546 * ww - 1515.29 * ww ** 2);
  if (ww < 0.092) return Math.exp(0.886 - 31.62 * ww + 10.897 * ww ** 2);
  if (ww < 1.1) return Math.exp(1.111 - 34.242 * ww + 12.832 * ww ** 2);
  return 7.37e-10; // the approximation's floor
}

/** Stephens's modified A² = A²(1 + 0.75/n + 2.25/n²) and its p-value (D'Agostino and Stephens 1986). */
export function andersonDarlingPValue(a: number, n: number): number {
  const aa = (1 + 0.75 / n + 2.25 / n ** 2) * a;
  if (aa < 0.2) return 1 - Math.exp(-13.436 + 101.14 * aa - 223.73 * aa ** 2);
  if (aa < 0.34) return 1 - Math.exp(-8.318 + 42.796 * aa - 59.938 * aa ** 2);
  if (aa < 0.6) return Math.exp(0.9177 - 4.279 * aa - 1.38 * aa ** 2);
  if (aa < 10) return Math.exp(1.2937 - 5.709 * aa + 0.0186 * aa ** 2);
  return 3.7e-24; // the approximation's floor
}

/**
 * k values drawn uniformly without replacement, in one sequential pass and O(k) memory: Knuth's
 * selection sampling (Algorithm S), which keeps the i-th value with probability
 * (k - kept) / (n - i). The sample keeps the data's order, which the EDF statistics do not need.
 */
export function randomSample(data: Float64Array, k: number, uniform: () => number): Float64Array {
  const n = data.length;
  const sample = new Float64Array(k);
  let kept = 0;
  for (let i = 0; i < n && kept < k; i++) {
    if ((n - i) * uniform() < k - kept) sample[kept++] = data[i] as number;
  }
  return sample;
}

/** The KS, CvM and AD statistics of sorted data against a CDF; CvM and AD null for counts. */
function familyStatistics(
  sorted: Float64Array,
  cdf: (x: number) => number,
  discrete: boolean,
): { ks: number; cvm: number | null; ad: number | null } {
  const n = sorted.length;
  if (discrete) {
    // The distance between two step functions: checked on both sides of every jump.
    let ks = 0;
    for (let i = 0; i < n; ) {
      const v = sorted[i] as number;
      let j = i;
      while (j + 1 < n && sorted[j + 1] === v) j++;
      ks = Math.max(ks, Math.abs((j + 1) / n - cdf(v)), Math.abs(i / n - cdf(v - 1)));
      i = j + 1;
    }
    return { ks, cvm: null, ad: null };
  }
  let ks = 0;
  let cvm = 1 / (12 * n);
  let adSum = 0;
  const tiny = Number.MIN_VALUE;
  for (let i = 0; i < n; i++) {
    const f = Math.min(1, Math.max(0, cdf(sorted[i] as number)));
    ks = Math.max(ks, (i + 1) / n - f, f - i / n);
    cvm += (f - (2 * i + 1) / (2 * n)) ** 2;
    adSum +=
      (2 * i + 1) * Math.log(Math.max(f, tiny)) +
      (2 * (n - i) - 1) * Math.log(Math.max(1 - f, tiny));
  }
  return { ks, cvm, ad: -n - adSum / n };
}

/** A parametric bootstrap for familyGof: draws from the fitted family, and a refit's CDF. */
export interface FamilyGofBootstrap {
  replicates: number;
  draw: () => number;
  /** The CDF refitted to a sample, or undefined where the refit fails (that sample is skipped). */
  refit(sample: Float64Array): ((x: number) => number) | undefined;
}

/**
 * KS, CvM and AD statistics of any fitted continuous family (its CDF at the sorted data); for a
 * discrete family (integer support) the KS distance between the two step functions, checked on
 * both sides of every jump, and no CvM or AD. p-values only from a parametric bootstrap (with
 * estimated parameters the classical tables do not apply): B samples of the same size from the
 * fitted family, each refitted by its exact MLE, p = (1 + #{T_b >= T}) / (B + 1).
 */
export function familyGof(
  data: Float64Array,
  cdf: (x: number) => number,
  discrete: boolean,
  sample?: { size: number; uniform: () => number },
  bootstrap?: FamilyGofBootstrap,
): GofResult {
  const { sorted, sampled } = sortedForGof(data, sample);
  const n = sorted.length;
  const observed = familyStatistics(sorted, cdf, discrete);
  if (bootstrap === undefined) {
    const test = (statistic: number | null) =>
      statistic === null ? null : { statistic, pValue: null };
    return {
      ks: { statistic: observed.ks, pValue: null },
      cvm: test(observed.cvm),
      ad: test(observed.ad),
      method: `none without --gof-bootstrap for this family's estimated parameters${sampled}`,
      sampleSize: n,
    };
  }
  const exceed = { ks: 0, cvm: 0, ad: 0 };
  let used = 0;
  for (let b = 0; b < bootstrap.replicates; b++) {
    // A new array each time: the refit's evaluator remembers each array's grouping.
    const replicate = new Float64Array(n);
    for (let i = 0; i < n; i++) replicate[i] = bootstrap.draw();
    const refitted = bootstrap.refit(replicate);
    if (refitted === undefined) continue;
    used++;
    const t = familyStatistics(replicate.sort(), refitted, discrete);
    if (t.ks >= observed.ks) exceed.ks++;
    if (t.cvm !== null && observed.cvm !== null && t.cvm >= observed.cvm) exceed.cvm++;
    if (t.ad !== null && observed.ad !== null && t.ad >= observed.ad) exceed.ad++;
  }
  const p = (name: GofName) => (1 + exceed[name]) / (used + 1);
  const test = (name: "cvm" | "ad") =>
    observed[name] === null ? null : { statistic: observed[name] as number, pValue: p(name) };
  const failed = bootstrap.replicates - used;
  return {
    ks: { statistic: observed.ks, pValue: p("ks") },
    cvm: test("cvm"),
    ad: test("ad"),
    method: `parametric bootstrap, ${used} samples refitted by maximum likelihood${failed > 0 ? ` (${failed} refits failed and were left out)` : ""}${sampled}`,
    sampleSize: n,
  };
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
