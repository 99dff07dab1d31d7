import type { Family } from "../distributions/family.js";
import { exactFit } from "../fit/exact.js";
import { quantile } from "../stats/quantile.js";

export type BootstrapMethod = "parametric" | "nonparametric";

export interface BootstrapResult {
  /** Samples whose refit succeeded. */
  replicates: number;
  method: BootstrapMethod;
  /** Per parameter: the median of the refitted estimates. */
  median: number[];
  /** Per parameter: the percentile interval at the level. */
  ci: [number, number][];
  /** Samples whose refit failed (a resample with no spread, say), left out. */
  failed: number;
}

/**
 * Percentile bootstrap intervals for a family's maximum-likelihood estimate, like fitdistrplus's
 * bootdist: `parametric` draws each sample from the fitted family (its @stdlib sampler),
 * `nonparametric` resamples the data with replacement; each sample is refitted by the family's
 * exact MLE (closed form or Newton: a refit by SGD would add its own noise to the interval).
 * Intervals are the (1 ± level)/2 quantiles (R's type 7) of the refitted estimates.
 */
export function bootstrap(
  family: Family,
  data: Float64Array,
  params: readonly number[],
  options: { replicates: number; method: BootstrapMethod; level: number; uniform: () => number },
): BootstrapResult {
  const { replicates, method, level, uniform } = options;
  const n = data.length;
  const estimates = family.params.map(() => [] as number[]);
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
        estimates[j]?.push(v);
      });
    } catch {
      failed++;
    }
  }
  const summaries = estimates.map((values) => {
    const sorted = Float64Array.from(values).sort();
    const ci: [number, number] = [
      quantile(sorted, (1 - level) / 2),
      quantile(sorted, (1 + level) / 2),
    ];
    return { median: quantile(sorted, 0.5), ci };
  });
  return {
    replicates: replicates - failed,
    method,
    median: summaries.map((s) => s.median),
    ci: summaries.map((s) => s.ci),
    failed,
  };
}
