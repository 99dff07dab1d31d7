import { draw } from "../src/data/generate.js";
import { normal } from "../src/distributions/normal.js";
import { type Fit, type FitOptions, fitFamily } from "../src/fit/fit.js";

export type { FitOptions };

/** n draws from Normal(loc, scale) over the given uniform stream. */
export function generateNormal(
  n: number,
  loc: number,
  scale: number,
  uniform: () => number,
): Float64Array {
  return draw(normal, [loc, scale], n, uniform);
}

const named = (p: readonly number[]) => ({ loc: p[0] as number, scale: p[1] as number });

/**
 * A Normal fit with its parameters by name, for tests that read loc and scale: the SGD estimate,
 * the exact MLE and the start, beside the fit itself.
 */
export function fitNormal(data: Float64Array, options: FitOptions) {
  const fit: Fit = fitFamily(normal, data, options);
  return {
    fit,
    params: named(fit.params),
    exact: named(fit.exact.params),
    start: named(fit.start),
    steps: fit.steps,
    engine: fit.engine,
  };
}

/** Normal(loc, scale)'s density, CDF and quantile as plain numbers: a closed-form oracle. */
export function normalDistribution(loc: number, scale: number) {
  return {
    pdf: (x: number) => {
      const z = (x - loc) / scale;
      return Math.exp(-0.5 * z * z) / (scale * Math.sqrt(2 * Math.PI));
    },
    cdf: (x: number) => normal.cdf(x, [loc, scale]),
    quantile: (p: number) => normal.quantile?.(p, [loc, scale]) ?? Number.NaN,
  };
}

/**
 * Σ log N(x_i | loc, scale) at any (loc, scale) from n and the exact MLE alone, since
 * Σ (x_i - loc)² = n (s² + (mean - loc)²): a closed-form oracle for likelihood surfaces.
 */
export function normalLogLikelihood(
  n: number,
  mle: { loc: number; scale: number },
): (loc: number, scale: number) => number {
  const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
  return (loc, scale) => {
    const spread = mle.scale / scale;
    const offset = (mle.loc - loc) / scale;
    return -n * (Math.log(scale) + halfLogTwoPi + 0.5 * (spread * spread + offset * offset));
  };
}
