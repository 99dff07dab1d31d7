import type { Family } from "../distributions/family.js";
import { compileMultiTraced, compileTraced } from "../engine/compile.js";
import type { EngineName } from "../engine/engine-name.js";
import { gradientGraph } from "../engine/gradient-graph.js";
import { Value } from "../engine/value.js";
import { cell, nth } from "../stats/at.js";
import { neumaier } from "../stats/neumaier.js";
import { weightsOf } from "../stats/weights.js";

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
 *
 * One evaluator per family and engine, made on first use: a run's exact fit, SGD start and
 * inference (and a bootstrap's refits) share its compiled kernels and its grouping of counts.
 */
export function likelihoodEvaluator(family: Family, engine: EngineName): LikelihoodEvaluator {
  let byEngine = evaluators.get(family);
  if (byEngine === undefined) {
    byEngine = new Map();
    evaluators.set(family, byEngine);
  }
  let evaluator = byEngine.get(engine);
  if (evaluator === undefined) {
    evaluator = makeEvaluator(family, engine);
    byEngine.set(engine, evaluator);
  }
  return evaluator;
}

export type LikelihoodEvaluator = (data: Float64Array, params: readonly number[]) => LikelihoodAt;

const evaluators = new WeakMap<Family, Map<EngineName, LikelihoodEvaluator>>();

function makeEvaluator(family: Family, engine: EngineName): LikelihoodEvaluator {
  const plain = engine === "value" ? valueLikelihood(family) : compiledLikelihood(family);
  const unweighted =
    engine !== "value" && family.support === "count"
      ? groupedLikelihood(plain, family.params.length)
      : plain;
  const p = family.params.length;
  return (data, params) => {
    const weights = weightsOf(data);
    return weights === undefined
      ? unweighted(data, params)
      : weightedSum(plain, p, data, weights, params);
  };
}

/**
 * Σ w_i log p(x_i), its gradient and Hessian, with w the frequency weights (stats/weights.ts) or
 * the counts of a count family's distinct values: each value through the kernel alone, its
 * results multiplied by its weight, summed compensated. A value of weight 0 is left out.
 */
function weightedSum(
  kernel: (data: Float64Array, params: readonly number[]) => LikelihoodAt,
  p: number,
  data: Float64Array,
  weights: Float64Array,
  params: readonly number[],
): LikelihoodAt {
  const n = data.length;
  const logLiks = new Float64Array(n);
  const gradients = Array.from({ length: p }, () => new Float64Array(n));
  const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const one = kernel(data.subarray(i, i + 1), params);
    logLiks[i] = w * one.logLik;
    gradients.forEach((column, j) => {
      column[i] = w * nth(one.gradient, j);
    });
    addScaled(hessian, one.hessian, w);
  }
  return {
    logLik: neumaier(logLiks, (x) => x),
    gradient: gradients.map((g) => neumaier(g, (x) => x)),
    hessian,
  };
}

/**
 * Counts repeat: Σ log p(x_i) = Σ_v (count of v) · log p(v) over the distinct values, so a count
 * family's log-likelihood, gradient and Hessian cost one kernel pass per distinct value (tens,
 * for most count data) instead of one per value; each distinct value goes through the same
 * compiled kernel, and its results are weighted by its count. Data with more distinct values than
 * a quarter of n go through the kernel whole. The grouping is computed once per data array and
 * remembered for that array: callers must not change an array's values between calls.
 */
function groupedLikelihood(
  kernel: (data: Float64Array, params: readonly number[]) => LikelihoodAt,
  p: number,
): (data: Float64Array, params: readonly number[]) => LikelihoodAt {
  const groups = new WeakMap<Float64Array, { values: Float64Array; counts: Float64Array } | null>();
  return (data, params) => {
    let grouped = groups.get(data);
    if (grouped === undefined) {
      grouped = distinctValues(data);
      groups.set(data, grouped);
    }
    if (grouped === null) return kernel(data, params);
    return weightedSum(kernel, p, grouped.values, grouped.counts, params);
  };
}

/** The distinct values and their counts, or null when there are more than n / 4 of them. */
function distinctValues(data: Float64Array): { values: Float64Array; counts: Float64Array } | null {
  const sorted = Float64Array.from(data).sort();
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    values.push(nth(sorted, i));
    counts.push(j - i + 1);
    if (values.length > sorted.length / 4) return null;
    i = j + 1;
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts) };
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
      logLik: nth(out, 0),
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
      gradients.forEach((column, j) => {
        column[i] = theta[j]?.grad ?? Number.NaN;
      });
      gradientGraph(logProb.neg(), theta).forEach((g, j) => {
        for (const leaf of theta) leaf.grad = 0;
        g.backward();
        const row = hessian[j] ?? [];
        theta.forEach((leaf, k) => {
          row[k] = nth(row, k) + leaf.grad;
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
  return h.map((row, j) => row.map((v, k) => (v + cell(h, k, j)) / 2));
}

/**
 * Σ log p(x_i | θ) as a function of θ alone, compiled once for these data (count families over
 * their distinct values, weighted by their counts): for surfaces of many points, like the
 * figure's contours.
 */
export function logLikelihoodFunction(
  family: Family,
  data: Float64Array,
): (params: readonly number[]) => number {
  const x = new Value(0);
  const theta = family.params.map(() => new Value(0));
  const kernel = compileTraced(family.logProb(x, theta), x, theta, "contiguous");
  const grad = new Float64Array(theta.length);
  const grouped = family.support === "count" ? distinctValues(data) : null;
  if (grouped === null) {
    return (params) => kernel(data, null, 0, data.length, Float64Array.from(params), grad);
  }
  const terms = new Float64Array(grouped.values.length);
  return (params) => {
    const at = Float64Array.from(params);
    for (let v = 0; v < terms.length; v++) {
      terms[v] = nth(grouped.counts, v) * kernel(grouped.values, null, v, v + 1, at, grad);
    }
    return neumaier(terms, (t) => t);
  };
}

/** sum += weight · term, entry by entry, for matrices of one shape. */
function addScaled(sum: number[][], term: readonly (readonly number[])[], weight: number): void {
  sum.forEach((row, j) => {
    row.forEach((value, k) => {
      row[k] = value + weight * cell(term, j, k);
    });
  });
}
