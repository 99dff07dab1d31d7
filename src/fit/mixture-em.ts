import type { Family } from "../distributions/family.js";
import {
  componentOrder,
  joinParams,
  seeds as kmeansSeeds,
  quantileGroups,
  splitParams,
} from "../distributions/mixture.js";
import { compileTraced } from "../engine/compile.js";
import { Value } from "../engine/value.js";
import { FitError } from "../errors.js";
import { type LikelihoodEvaluator, likelihoodEvaluator } from "../likelihood/likelihood.js";
import { mulberryStream } from "../stats/mulberry32.js";
import { weighted, weightsOf } from "../stats/weights.js";
import { type NewtonPoint, newtonIteration, scoreInStandardErrors } from "./newton.js";

/** The exact MLE of a family on (weighted) data: exact.ts's, passed in (it calls EM itself). */
export type ExactFitter = (family: Family, data: Float64Array) => { params: number[] };

/** EM's seeded starts: the quantile groups, then k-means++-like seeds. */
const STARTS = 10;
/** EM runs on at most this many values, evenly spaced in sorted order; Newton polishes on all. */
const EM_VALUES = 2000;
const MAX_ITERATIONS = 300;
/** EM stops when an iteration raises the log-likelihood by less than this, relatively. */
const TOLERANCE = 1e-9;
/** Newton's iterations per component per M-step. */
const M_STEPS = 2;

/**
 * EM for a mixture of K components of any family (continuous, or counts): E-step responsibilities from each
 * component's log-density (its compiled kernel, value by value); M-step each component's
 * weighted exact MLE (Newton on the engine's Hessian, or the family's weighted closed form), from
 * its last value. From STARTS seeded starts (the data's K quantile groups, then groups around
 * k-means++ seeds), the best log-likelihood kept, components ordered by their medians. A start
 * whose component loses its weight or its fit ends there; if all do, a FitError.
 */
export function emMixture(
  base: Family,
  data: Float64Array,
  k: number,
  exactFit: ExactFitter,
): number[] {
  const sample = emSample(data);
  const kernel = logDensityKernel(base);
  // The same starts every run, whatever --seed: a fit's exact MLE does not depend on it.
  const uniform = mulberryStream(0x656d6d78 + k);
  let best: { params: number[]; logLik: number } | undefined;
  let failure = "";
  for (let s = 0; s < STARTS; s++) {
    const groups = s === 0 ? quantileGroups(sample, k) : seededGroups(sample, k, uniform);
    const result = em(base, sample, groups, kernel, exactFit);
    if (typeof result === "string") failure = result;
    else if (best === undefined || result.logLik > best.logLik) best = result;
  }
  if (best === undefined) {
    throw new FitError(
      `no ${k}-component ${base.name} mixture fits these data: every start failed (the last: ${failure})`,
    );
  }
  const { weights, components } = splitParams(best.params, k, base.params.length);
  const order = componentOrder(base, components);
  return joinParams(
    order.map((j) => weights[j] as number),
    order.map((j) => components[j] as number[]),
  );
}

/** The rows EM runs on: all of them (with their weights), or EM_VALUES evenly spaced in order. */
function emSample(data: Float64Array): Float64Array {
  if (data.length <= EM_VALUES || weightsOf(data) !== undefined) return data;
  const sorted = Float64Array.from(data).sort();
  return Float64Array.from(
    { length: EM_VALUES },
    (_, i) => sorted[Math.floor(((i + 0.5) * sorted.length) / EM_VALUES)] as number,
  );
}

type Kernel = (x: Float64Array, i: number, theta: Float64Array) => number;

const kernels = new WeakMap<Family, Kernel>();

/** log p(x_i | θ) of one value, by the family's compiled kernel (one per family). */
function logDensityKernel(base: Family): Kernel {
  let kernel = kernels.get(base);
  if (kernel === undefined) {
    const x = new Value(0);
    const theta = base.params.map(() => new Value(0));
    const compiled = compileTraced(base.logProb(x, theta), x, theta, "contiguous");
    const grad = new Float64Array(theta.length);
    kernel = (data, i, at) => compiled(data, null, i, i + 1, at, grad);
    kernels.set(base, kernel);
  }
  return kernel;
}

/** The values grouped by their nearest of K seeds drawn k-means++-like. */
function seededGroups(data: Float64Array, k: number, uniform: () => number): Float64Array[] {
  const seeds = kmeansSeeds(data, k, uniform);
  const groups: number[][] = seeds.map(() => []);
  for (const x of data) {
    let nearest = 0;
    seeds.forEach((c, j) => {
      if (Math.abs(x - c) < Math.abs(x - (seeds[nearest] as number))) nearest = j;
    });
    groups[nearest]?.push(x);
  }
  return groups.map((g) => Float64Array.from(g));
}

/**
 * One EM run from groups (each fitted alone for its start); when it fails, why: a component
 * that lost its weight, or whose fit failed (a Student t's df running off, say).
 */
function em(
  base: Family,
  data: Float64Array,
  groups: Float64Array[],
  kernel: Kernel,
  exactFit: ExactFitter,
): { params: number[]; logLik: number } | string {
  const k = groups.length;
  const n = data.length;
  const rows = weightsOf(data);
  const total = rows === undefined ? n : rows.reduce((s, w) => s + w, 0);
  const weights = groups.map((g) => g.length / n);
  let components: number[][];
  try {
    components = groups.map((g) => exactFit(base, g).params);
  } catch (error) {
    return `a starting group's fit: ${(error as Error).message}`;
  }
  const evaluate = likelihoodEvaluator(base, "compiled");
  const r = Array.from({ length: k }, () => new Float64Array(n));
  let previous = Number.NEGATIVE_INFINITY;
  let logLik = Number.NEGATIVE_INFINITY;
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    logLik = responsibilities(data, weights, components, kernel, r);
    if (!Number.isFinite(logLik)) return `the log-likelihood became ${logLik}`;
    if (logLik - previous <= TOLERANCE * Math.abs(logLik)) break;
    previous = logLik;
    const next: number[][] = [];
    for (let j = 0; j < k; j++) {
      const share = r[j] as Float64Array;
      const mass = share.reduce((s, v) => s + v, 0);
      if (!(mass > 1e-6 * total)) return `component ${j + 1} lost its weight`;
      weights[j] = mass / total;
      const step = mStep(
        base,
        weighted(Float64Array.from(data), share),
        components[j] as number[],
        evaluate,
      );
      if (step === undefined) return `component ${j + 1}'s fit left the finite range`;
      next.push(step);
    }
    components = next;
  }
  return { params: joinParams(weights, components), logLik };
}

/**
 * A generalized M-step: up to M_STEPS of Newton's iterations on the component's weighted
 * log-likelihood from its last value (each raises it, or stops); enough for EM to climb, and
 * far cheaper than each component's exact MLE at every iteration. Newton's method on the whole
 * mixture polishes the best run to the exact MLE afterwards.
 */
function mStep(
  base: Family,
  data: Float64Array,
  from: number[],
  evaluate: LikelihoodEvaluator,
): number[] | undefined {
  let point: NewtonPoint = { theta: from, at: evaluate(data, from) };
  if (!Number.isFinite(point.at.logLik)) return undefined;
  const distance = (p: NewtonPoint) => scoreInStandardErrors(p.at);
  for (let i = 0; i < M_STEPS; i++) {
    const next = newtonIteration(base, data, evaluate, point, { distance });
    if (next === undefined) break;
    point = next;
  }
  return point.theta.every(Number.isFinite) ? point.theta : undefined;
}

/**
 * The E-step: r[j][i] = the value's weight (1, or its frequency weight) times the posterior
 * probability of component j, by log-sum-exp; returns the log-likelihood.
 */
function responsibilities(
  data: Float64Array,
  weights: readonly number[],
  components: readonly number[][],
  kernel: Kernel,
  r: Float64Array[],
): number {
  const k = weights.length;
  const rows = weightsOf(data);
  const thetas = components.map((c) => Float64Array.from(c));
  const logWeights = weights.map(Math.log);
  const terms = new Float64Array(k);
  let logLik = 0;
  for (let i = 0; i < data.length; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) {
      const a = (logWeights[j] as number) + kernel(data, i, thetas[j] as Float64Array);
      terms[j] = a;
      if (a > max) max = a;
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp((terms[j] as number) - max);
    const lse = max + Math.log(sum);
    const w = rows === undefined ? 1 : (rows[i] as number);
    logLik += w * lse;
    for (let j = 0; j < k; j++)
      (r[j] as Float64Array)[i] = w * Math.exp((terms[j] as number) - lse);
  }
  return logLik;
}
