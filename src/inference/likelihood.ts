import type { Family } from "../distributions/normal.js";
import { compileMultiTraced } from "../engine/compile.js";
import { gradientGraph } from "../engine/gradient-graph.js";
import { Value } from "../engine/value.js";
import type { EngineName } from "../fit/objective.js";
import { neumaier } from "../stats/neumaier.js";

export interface LikelihoodAt {
  /** Σ log p(x_i | θ) over all data. */
  logLik: number;
  /** ∇ Σ log p(x_i | θ), in the family's parameters. */
  gradient: number[];
  /** The observed information: the Hessian of the negative log-likelihood, in the family's parameters. */
  hessian: number[][];
}

/**
 * The log-likelihood and the observed information of a family over all the data, at any
 * parameters, from the engine alone: the Hessian is the gradient of the engine's own gradient
 * (`gradientGraph` run twice), not a formula written for the family.
 *
 * With the compiled engine, the per-sample log-density and each component of its symbolic
 * gradient are compiled once into kernels over contiguous data; with the Value engine, every
 * sample's graph is built and differentiated (slow, the reference).
 */
export function likelihoodEvaluator(
  family: Family,
  engine: EngineName,
): (data: Float64Array, params: readonly number[]) => LikelihoodAt {
  return engine === "compiled" ? compiledLikelihood(family) : valueLikelihood(family);
}

function compiledLikelihood(family: Family) {
  const x = new Value(0);
  const theta = family.params.map(() => new Value(0));
  const logProb = family.logProb(x, theta);
  // One pass over the data: log p itself, then each component of -∇ log p, whose gradients are
  // the rows of the Hessian.
  const kernel = compileMultiTraced(
    [logProb, ...gradientGraph(logProb.neg(), theta)],
    x,
    theta,
    "contiguous",
  );
  const p = theta.length;
  return (data: Float64Array, params: readonly number[]): LikelihoodAt => {
    const out = new Float64Array((p + 1) * (p + 1));
    kernel(data, null, 0, data.length, Float64Array.from(params), out);
    const hessian = Array.from({ length: p }, (_, j) =>
      Array.from(out.subarray((j + 1) * (p + 1) + 1, (j + 2) * (p + 1))),
    );
    return {
      logLik: out[0] as number,
      gradient: Array.from(out.subarray(1, p + 1)),
      hessian: symmetrize(hessian),
    };
  };
}

function valueLikelihood(family: Family) {
  return (data: Float64Array, params: readonly number[]): LikelihoodAt => {
    const p = params.length;
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const logProbs = new Float64Array(data.length);
    const gradients = Array.from({ length: p }, () => new Float64Array(data.length));
    data.forEach((xi, i) => {
      const theta = params.map((v) => new Value(v));
      const logProb = family.logProb(xi, theta);
      logProbs[i] = logProb.data;
      logProb.backward();
      theta.forEach((leaf, j) => {
        (gradients[j] as Float64Array)[i] = leaf.grad;
      });
      gradientGraph(logProb.neg(), theta).forEach((g, j) => {
        for (const leaf of theta) leaf.grad = 0;
        g.backward();
        theta.forEach((leaf, k) => {
          (hessian[j] as number[])[k] = ((hessian[j] as number[])[k] as number) + leaf.grad;
        });
      });
    });
    return {
      logLik: neumaier(logProbs, (v) => v),
      gradient: gradients.map((g) => neumaier(g, (v) => v)),
      hessian: symmetrize(hessian),
    };
  };
}

/** (H + Hᵀ)/2: the two mixed partials come from different sweeps and may differ in the last bit. */
function symmetrize(h: number[][]): number[][] {
  return h.map((row, j) => row.map((v, k) => (v + ((h[k] as number[])[j] as number)) / 2));
}

/**
 * Σ log N(x_i | loc, scale) at any (loc, scale) from three numbers: n, and the exact MLE (mean,
 * divisor-n standard deviation), since Σ (x_i - loc)² = n (s² + (mean - loc)²). For surfaces
 * over many points (the figure's contours), where a pass over the data per point is too slow.
 */
export function normalLogLikelihood(
  n: number,
  mle: { loc: number; scale: number },
): (loc: number, scale: number) => number {
  const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);
  return (loc, scale) => {
    // Ratios before squares: no overflow for values near 1e200, no underflow near 1e-200.
    const spread = mle.scale / scale;
    const offset = (mle.loc - loc) / scale;
    return -n * (Math.log(scale) + halfLogTwoPi + 0.5 * (spread * spread + offset * offset));
  };
}
