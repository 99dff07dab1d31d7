import type { Family } from "../distributions/family.js";
import { exactFit } from "../fit/exact.js";
import { normalMle } from "../stats/moments.js";
import { quantile } from "../stats/quantile.js";

export type BootstrapMethod = "parametric" | "nonparametric";

export interface BootstrapResult {
  replicates: number;
  method: BootstrapMethod;
  /** Per parameter (loc, scale): the median of the refitted estimates. */
  median: number[];
  /** Per parameter: the percentile interval at the level. */
  ci: [number, number][];
}

/**
 * Percentile bootstrap intervals for the Normal's maximum-likelihood estimate, like
 * fitdistrplus's bootdist: `parametric` draws each sample from the fitted Normal, `nonparametric`
 * resamples the data with replacement; each sample is refitted by maximum likelihood (the exact
 * MLE: a refit by SGD would add its own noise to the interval). Intervals are the (1 ± level)/2
 * quantiles (R's type 7) of the refitted estimates.
 */
export function bootstrapNormal(
  data: Float64Array,
  fit: { loc: number; scale: number },
  options: {
    replicates: number;
    method: BootstrapMethod;
    level: number;
    /** n draws from Normal(loc, scale), for the parametric bootstrap. */
    draw: (n: number, loc: number, scale: number) => Float64Array;
    /** Uniform [0, 1), for the nonparametric bootstrap's resampling. */
    uniform: () => number;
  },
): BootstrapResult {
  const { replicates, method, level } = options;
  const n = data.length;
  const locs = new Float64Array(replicates);
  const scales = new Float64Array(replicates);
  const resample = new Float64Array(n);
  for (let b = 0; b < replicates; b++) {
    let sample: Float64Array;
    if (method === "parametric") sample = options.draw(n, fit.loc, fit.scale);
    else {
      for (let i = 0; i < n; i++) resample[i] = data[Math.floor(options.uniform() * n)] as number;
      sample = resample;
    }
    const refit = normalMle(sample);
    locs[b] = refit.loc;
    scales[b] = refit.scale;
  }
  const summarize = (values: Float64Array): [number, [number, number]] => {
    const sorted = values.sort();
    return [
      quantile(sorted, 0.5),
      [quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2)],
    ];
  };
  const [locMedian, locCi] = summarize(locs);
  const [scaleMedian, scaleCi] = summarize(scales);
  return { replicates, method, median: [locMedian, scaleMedian], ci: [locCi, scaleCi] };
}

/**
 * bootstrapNormal for any family: parametric samples from the fitted family (its @stdlib
 * sampler), or the data resampled with replacement, each refitted by the family's exact MLE
 * (closed form or Newton, exact.ts). A refit that fails (a resample with no spread, say) is left
 * out and counted.
 */
export function bootstrapFamily(
  family: Family,
  data: Float64Array,
  params: readonly number[],
  options: { replicates: number; method: BootstrapMethod; level: number; uniform: () => number },
): BootstrapResult & { failed: number } {
  const { replicates, method, level, uniform } = options;
  const n = data.length;
  const k = family.params.length;
  const estimates = Array.from({ length: k }, () => [] as number[]);
  const draw = family.sampler(params, uniform);
  let failed = 0;
  for (let b = 0; b < replicates; b++) {
    // A new array each time: the shared evaluator remembers each array's grouping
    // (likelihood.ts).
    const sample = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sample[i] = method === "parametric" ? draw() : (data[Math.floor(uniform() * n)] as number);
    }
    try {
      const refit = exactFit(family, sample, "compiled");
      refit.params.forEach((v, j) => {
        (estimates[j] as number[]).push(v);
      });
    } catch {
      failed++;
    }
  }
  const summaries = estimates.map((values) => {
    const sorted = Float64Array.from(values).sort();
    return {
      median: quantile(sorted, 0.5),
      ci: [quantile(sorted, (1 - level) / 2), quantile(sorted, (1 + level) / 2)] as [
        number,
        number,
      ],
    };
  });
  return {
    replicates: replicates - failed,
    method,
    median: summaries.map((s) => s.median),
    ci: summaries.map((s) => s.ci),
    failed,
  };
}
