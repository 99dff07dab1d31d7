import { censoredTerms, effectiveKind, type RowTerm } from "../distributions/censored.js";
import type { Family } from "../distributions/family.js";
import { type FixedView, fixedView } from "../distributions/fixed.js";
import { compileMultiTraced, compileTraced } from "../engine/compile.js";
import type { EngineName } from "../engine/engine-name.js";
import { gradientGraph } from "../engine/gradient-graph.js";
import { Value } from "../engine/value.js";
import { cell, nth } from "../stats/at.js";
import { censoringOf, EXACT, INTERVAL, LEFT, RIGHT } from "../stats/censoring.js";
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
  const held = fixedView(family);
  if (held !== undefined) return restricted(held, likelihoodEvaluator(held.family, engine));
  const p = family.params.length;
  const plain = termKernel(([x], theta) => family.logProb(x as Value, theta), p, 1, engine);
  const unweighted =
    engine !== "value" && family.support === "count"
      ? groupedLikelihood(plain, family.params.length)
      : plain;
  let censored: LikelihoodEvaluator | undefined;
  // Weighted rows: one pass of a kernel of w·log p(x) over (x, w) pairs, packed once per array
  // (rows of weight 0 left out): EM's M-steps weigh every value, and a row at a time was slow.
  let weightedTerm: TermKernel | undefined;
  const pairsOf = new WeakMap<Float64Array, Float64Array>();
  return (data, params) => {
    if (censoringOf(data) !== undefined) {
      censored ??= censoredLikelihood(family, engine);
      return censored(data, params);
    }
    const weights = weightsOf(data);
    if (weights === undefined) return unweighted(data, params);
    weightedTerm ??= termKernel(
      ([x, w], theta) => (w as Value).mul(family.logProb(x as Value, theta)),
      p,
      2,
      engine,
    );
    let pairs = pairsOf.get(data);
    if (pairs === undefined) {
      pairs = weightedPairs(data, weights);
      pairsOf.set(data, pairs);
    }
    return weightedTerm(pairs, params);
  };
}

/**
 * A family with parameters held (fixed.ts): the original's likelihood at the full vector, its
 * gradient and Hessian restricted to the free parameters. The same numbers as a kernel of the
 * held family's own, which would be compiled again for every value held.
 */
function restricted(held: FixedView, original: LikelihoodEvaluator): LikelihoodEvaluator {
  const { free } = held;
  return (data, params) => {
    const at = original(data, held.full(params));
    return {
      logLik: at.logLik,
      gradient: free.map((j) => nth(at.gradient, j)),
      hessian: free.map((j) => free.map((k) => cell(at.hessian, j, k))),
    };
  };
}

/** (x, w) pairs of the rows of positive weight, for a kernel of w·log p(x). */
function weightedPairs(data: Float64Array, weights: Float64Array): Float64Array {
  let rows = 0;
  for (let i = 0; i < weights.length; i++) if ((weights[i] as number) > 0) rows++;
  const pairs = new Float64Array(2 * rows);
  let k = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i] as number;
    if (!(w > 0)) continue;
    pairs[2 * k] = data[i] as number;
    pairs[2 * k + 1] = w;
    k++;
  }
  return pairs;
}

/** A kernel of one row term over data of `stride` numbers per row (2: an interval's bounds). */
type TermKernel = (data: Float64Array, params: readonly number[]) => LikelihoodAt;

function termKernel(term: RowTerm, p: number, stride: 1 | 2, engine: EngineName): TermKernel {
  return engine === "value" ? valueTerm(term, p, stride) : compiledTerm(term, p, stride);
}

/** Rows of censored data by kind, each kind's bounds packed for its kernel, with their weights. */
interface CensoredGroups {
  exact: Packed;
  left: Packed;
  right: Packed;
  /** Intervals as pairs (l, u), l, u, ... */
  interval: Packed;
}

interface Packed {
  values: Float64Array;
  weights: Float64Array | undefined;
}

/**
 * Σ over rows of log f (exact), log F (left-censored), log S (right-censored) and
 * log(F(u) - F(l)) (intervals), with gradient and Hessian, each kind through its own kernel over
 * its packed rows (distributions/censored.ts has the terms). Each interval takes the form exact in
 * its tail at the parameters asked: `above` when its lower bound is above the median.
 */
function censoredLikelihood(family: Family, engine: EngineName): LikelihoodEvaluator {
  const terms = censoredTerms(family);
  const p = family.params.length;
  const kernels = new Map<keyof typeof terms, TermKernel>();
  const kernel = (name: keyof typeof terms) => {
    let made = kernels.get(name);
    if (made === undefined) {
      made = termKernel(terms[name], p, name === "below" || name === "above" ? 2 : 1, engine);
      kernels.set(name, made);
    }
    return made;
  };
  const groupsOf = new WeakMap<Float64Array, CensoredGroups>();
  const run = (name: keyof typeof terms, packed: Packed, params: readonly number[]) => {
    const stride = name === "below" || name === "above" ? 2 : 1;
    return packed.weights === undefined
      ? kernel(name)(packed.values, params)
      : weightedSum(kernel(name), p, packed.values, packed.weights, params, stride);
  };
  return (data, params) => {
    let groups = groupsOf.get(data);
    if (groups === undefined) {
      groups = censoredGroups(family, data);
      groupsOf.set(data, groups);
    }
    const parts: LikelihoodAt[] = [];
    for (const name of ["exact", "left", "right"] as const) {
      if (groups[name].values.length > 0) parts.push(run(name, groups[name], params));
    }
    const [below, above] = splitIntervals(family, groups.interval, params);
    if (below.values.length > 0) parts.push(run("below", below, params));
    if (above.values.length > 0) parts.push(run("above", above, params));
    return combine(parts, p);
  };
}

function censoredGroups(family: Family, data: Float64Array): CensoredGroups {
  const censoring = censoringOf(data);
  if (censoring === undefined) throw new Error("censoredGroups: the data are not censored");
  const weights = weightsOf(data);
  const lists = [[], [], [], []] as [number[], number[], number[], number[]];
  const weightLists = [[], [], [], []] as [number[], number[], number[], number[]];
  for (let i = 0; i < data.length; i++) {
    const kind = effectiveKind(family, censoring, i);
    if (kind === undefined) continue;
    const lower = censoring.lower[i] as number;
    const upper = censoring.upper[i] as number;
    const list = lists[kind as 0 | 1 | 2 | 3];
    if (kind === EXACT || kind === RIGHT) list.push(lower);
    else if (kind === LEFT) list.push(upper);
    else list.push(lower, upper);
    weightLists[kind as 0 | 1 | 2 | 3].push(weights === undefined ? 1 : (weights[i] as number));
  }
  const packed = (kind: number): Packed => ({
    values: Float64Array.from(lists[kind as 0 | 1 | 2 | 3]),
    weights:
      weights === undefined ? undefined : Float64Array.from(weightLists[kind as 0 | 1 | 2 | 3]),
  });
  return {
    exact: packed(EXACT),
    left: packed(LEFT),
    right: packed(RIGHT),
    interval: packed(INTERVAL),
  };
}

/** The intervals whose lower bound is at or below the median, and those above it. */
function splitIntervals(
  family: Family,
  intervals: Packed,
  params: readonly number[],
): [Packed, Packed] {
  const m = intervals.values.length / 2;
  const isAbove = new Uint8Array(m);
  let aboveCount = 0;
  for (let i = 0; i < m; i++) {
    if (family.cdf(intervals.values[2 * i] as number, params) > 0.5) {
      isAbove[i] = 1;
      aboveCount++;
    }
  }
  if (aboveCount === 0) return [intervals, { values: new Float64Array(0), weights: undefined }];
  const pick = (wanted: number): Packed => {
    const count = wanted === 1 ? aboveCount : m - aboveCount;
    const values = new Float64Array(2 * count);
    const weights = intervals.weights === undefined ? undefined : new Float64Array(count);
    let k = 0;
    for (let i = 0; i < m; i++) {
      if (isAbove[i] !== wanted) continue;
      values[2 * k] = intervals.values[2 * i] as number;
      values[2 * k + 1] = intervals.values[2 * i + 1] as number;
      if (weights !== undefined) weights[k] = intervals.weights?.[i] as number;
      k++;
    }
    return { values, weights };
  };
  return [pick(0), pick(1)];
}

/** The sum of several parts of a log-likelihood, with their gradients and Hessians. */
function combine(parts: readonly LikelihoodAt[], p: number): LikelihoodAt {
  const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (const part of parts) addScaled(hessian, part.hessian, 1);
  return {
    logLik: neumaier(parts, (part) => part.logLik),
    gradient: Array.from({ length: p }, (_, j) => neumaier(parts, (part) => nth(part.gradient, j))),
    hessian,
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
  stride: 1 | 2 = 1,
): LikelihoodAt {
  const n = weights.length;
  const logLiks = new Float64Array(n);
  const gradients = Array.from({ length: p }, () => new Float64Array(n));
  const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < n; i++) {
    const w = weights[i] as number;
    if (w === 0) continue;
    const one = kernel(data.subarray(i * stride, (i + 1) * stride), params);
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

function compiledTerm(term: RowTerm, p: number, stride: 1 | 2): TermKernel {
  const x = new Value(0);
  const y = new Value(0);
  const theta = Array.from({ length: p }, () => new Value(0));
  const logProb = term(stride === 1 ? [x] : [x, y], theta);
  // One pass over the data: log p itself, then each component of -∇ log p, whose gradients are
  // the rows of the Hessian.
  const kernel = compileMultiTraced(
    [logProb, ...gradientGraph(logProb.neg(), theta)],
    stride === 1 ? x : [x, y],
    theta,
    stride === 1 ? "contiguous" : "pairs",
  );
  return (data: Float64Array, params: readonly number[]): LikelihoodAt => {
    const out = new Float64Array((p + 1) * (p + 1));
    kernel(data, null, 0, data.length / stride, Float64Array.from(params), out);
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

function valueTerm(term: RowTerm, p: number, stride: 1 | 2): TermKernel {
  return (data: Float64Array, params: readonly number[]): LikelihoodAt => {
    const rows = data.length / stride;
    const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    const logProbs = new Float64Array(rows);
    const gradients = Array.from({ length: p }, () => new Float64Array(rows));
    for (let i = 0; i < rows; i++) {
      const theta = params.map((v) => new Value(v));
      const bounds = Array.from(data.subarray(i * stride, (i + 1) * stride), (b) => new Value(b));
      const logProb = term(bounds, theta);
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
    }
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
  if (censoringOf(data) !== undefined) {
    const evaluate = likelihoodEvaluator(family, "compiled");
    return (params) => evaluate(data, params).logLik;
  }
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
