import { type Constraint, isInterval, slopes, within } from "../distributions/constraint.js";
import type { Family } from "../distributions/family.js";
import { fixParameters } from "../distributions/fixed.js";
import { dataScale, fromScaled } from "../distributions/scaling.js";
import { meanSd } from "../distributions/summaries.js";
import { checkSupport } from "../distributions/support.js";
import type { EngineName } from "../engine/engine-name.js";
import { Value } from "../engine/value.js";
import { FitError } from "../errors.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";
import { nth } from "../stats/at.js";
import { censoringOf, EXACT, mapRows } from "../stats/censoring.js";
import { totalWeight, weightsOf } from "../stats/weights.js";
import { type HeldEdges, holdEdges } from "./edges.js";
import { emMixture } from "./mixture-em.js";
import {
  lastBits,
  type NewtonPoint,
  newtonIteration,
  runaway,
  scoreEvaluator,
  scoreInStandardErrors,
} from "./newton.js";

export interface ExactFit {
  params: number[];
  /** "closed form: ...", or "Newton (k iterations)". */
  method: string;
  logLik: number;
  /**
   * ‖(∂ℓ/∂θ_j · s_j)_j‖₂ / |ℓ|, s_j = |θ_j| for a positive parameter and the data's standard
   * deviation for a location: the gradient in units of each parameter's own size, relative to
   * the log-likelihood. 0 at an exact optimum; Newton stops below 1e-12.
   */
  relativeGradient: number;
}

const MAX_ITERATIONS = 500;
const TOLERANCE = 1e-12;
/** Newton stops once the optimum is this many standard errors away, or closer. */
const DECREMENT_TOLERANCE = 1e-12;

/**
 * The exact MLE of a family: its closed form where it has one, otherwise Newton's method on the
 * engine's own gradient and Hessian (compiled kernels over all the data), from the family's
 * data-based start. Newton works in log coordinates for positive parameters (so they stay
 * positive), with Levenberg damping where the Hessian is not negative definite and a
 * backtracking line search that never lets the log-likelihood fall. A value outside the family's
 * support is a DataError.
 */
export function exactFit(
  family: Family,
  data: Float64Array,
  engine: EngineName = "compiled",
): ExactFit {
  checkSupport(family, data);
  const held = holdEdges(family, data);
  if (held !== undefined) return exactWithEdges(family, data, engine, held);
  // Data near 1e±300: fit x / c (c a power of two) and map back, since Newton's second
  // derivatives would overflow; the log-likelihood gains the Jacobian, -n log c.
  const c = dataScale(family, data);
  if (c !== 1) {
    const scaled = exactFitAtScale(
      family,
      mapRows(data, (x) => x / c),
      engine,
    );
    return {
      ...scaled,
      params: fromScaled(family, scaled.params, c),
      logLik: scaled.logLik - totalWeight(data) * Math.log(c),
    };
  }
  return exactFitAtScale(family, data, engine);
}

/**
 * The exact MLE of a family with edges (edges.ts): the edges at the data's extremes, the rest by
 * the inner family's exact fit with them held.
 */
function exactWithEdges(
  family: Family,
  data: Float64Array,
  engine: EngineName,
  held: HeldEdges,
): ExactFit {
  if (held.inner === undefined) {
    const params = held.full([]);
    return {
      params,
      method: `closed form: ${held.describe}`,
      logLik: likelihoodEvaluator(family, engine)(data, params).logLik,
      relativeGradient: 0,
    };
  }
  const inner = exactFit(held.inner, data, engine);
  return { ...inner, params: held.full(inner.params), method: `${held.describe}; ${inner.method}` };
}

/**
 * The start of a fit: the family's own, or for a mixture of a family other than the Normal
 * (family.em), EM's best from several seeded starts (mixture-em.ts), its M-steps by exactFit.
 */
export function startOf(family: Family, data: Float64Array): number[] {
  // A mixture's EM reads values: of censored rows, the exact ones alone. Their representatives
  // (a censoring time, an interval's midpoint) would pile up where the study ended, and EM gave
  // a component to the pile (a Weibull of shape 1e214 at the censoring time). Newton on the
  // whole censored likelihood then starts from the exact rows' mixture.
  if (family.components !== undefined) {
    const exact = exactRows(data);
    if (exact !== data) return startOf(family, exact);
  }
  if (family.em === undefined) return family.start(data);
  // Remembered per array and family: a fit asks twice (its exact MLE, then SGD's start).
  let byFamily = emStarts.get(data);
  if (byFamily === undefined) {
    byFamily = new Map();
    emStarts.set(data, byFamily);
  }
  let start = byFamily.get(family);
  if (start === undefined) {
    start = emMixture(family.em.base, data, family.em.k, exactFit);
    byFamily.set(family, start);
  }
  return [...start];
}

const emStarts = new WeakMap<Float64Array, Map<Family, number[]>>();

/**
 * The exact rows of censored data (the data themselves when none is censored, or when fewer
 * than ten are exact: then the representatives are all there is to start from).
 */
function exactRows(data: Float64Array): Float64Array {
  const censoring = censoringOf(data);
  if (censoring === undefined) return data;
  let subset = exactSubsets.get(data);
  if (subset === undefined) {
    const exact = data.filter((_, i) => censoring.kind[i] === EXACT);
    subset = exact.length < 10 ? data : exact;
    exactSubsets.set(data, subset);
  }
  return subset;
}

const exactSubsets = new WeakMap<Float64Array, Float64Array>();

function exactFitAtScale(family: Family, data: Float64Array, engine: EngineName): ExactFit {
  // The limit tests count each row by its weight (a database's histogram: the negative
  // binomial's and the zero-inflated Poisson's, which otherwise ended at pi = 8e-11, not the
  // limit); the closed forms are of unweighted data: with weights, Newton.
  const weights = weightsOf(data);
  const edge = family.noMaximum?.(data);
  if (edge !== undefined) throw new FitError(`${family.name}: ${edge}`);
  const evaluate = likelihoodEvaluator(family, engine);
  const spread = meanSd(data).sd || 1;
  const sizes = (theta: readonly number[]) =>
    theta.map((t, j) => {
      const c = family.constraints[j] as Constraint;
      // A bounded parameter's size: its slope in the logit (a probability p: p·(1 - p)).
      return c === "positive" ? Math.abs(t) : isInterval(c) ? slopes(c, t)[0] : spread;
    });
  const relative = (at: { logLik: number; gradient: number[] }, theta: readonly number[]) => {
    const s = sizes(theta);
    const norm = Math.hypot(...at.gradient.map((g, j) => g * nth(s, j)));
    return norm / Math.max(Math.abs(at.logLik), Number.MIN_VALUE);
  };
  if (family.closedForm && (weights === undefined || family.closedFormWeighted)) {
    const params = family.closedForm(data);
    // Evaluated when first asked for (a comparison of families asks, a fit's report does not:
    // its inference evaluates the likelihood anyway): a pass over the data saved per fit.
    let at: ReturnType<typeof evaluate> | undefined;
    const evaluated = () => {
      at ??= evaluate(data, params);
      return at;
    };
    return {
      params,
      method: `closed form: ${family.closedFormMethod}`,
      get logLik() {
        return evaluated().logLik;
      },
      get relativeGradient() {
        return relative(evaluated(), params);
      },
    };
  }

  if (family.kinked !== undefined) return kinkedFit(family, data, engine, family.kinked);
  let theta = startOf(family, data);
  if (!theta.every((t, j) => within(family.constraints[j] as Constraint, t))) {
    throw new FitError(`${family.name}: no finite start from these data (${theta.join(", ")})`);
  }
  let at = evaluate(data, theta);
  if (!Number.isFinite(at.logLik)) {
    throw new FitError(
      `${family.name}: the log-likelihood at the start is ${at.logLik}${firstNotFinite(family, data, theta)}`,
    );
  }
  let iterations = 0;
  let stalled = false;
  const start = theta;
  const distance = (point: NewtonPoint) => relative(point.at, point.theta);
  while (
    iterations < MAX_ITERATIONS &&
    relative(at, theta) > TOLERANCE &&
    scoreInStandardErrors(at) > DECREMENT_TOLERANCE
  ) {
    runaway(family, start, theta);
    iterations++;
    const before = scoreInStandardErrors(at);
    const next = newtonIteration(family, data, evaluate, { theta, at }, { distance });
    // No step raises the log-likelihood any further: the optimum, to the last bit.
    if (next === undefined) {
      stalled = true;
      break;
    }
    const unchanged = next.theta.every((v, j) => v === theta[j]);
    const tiny = lastBits(theta, next.theta);
    theta = next.theta;
    at = next.at;
    const halved = scoreInStandardErrors(at) < before / 2;
    // Stalled: a step that changes nothing; steps of the last bits that stop halving the score
    // (the doubles have run out first: a location near 1e12 moves in steps of 1e-4, a few
    // hundredths of its standard error); or, within a millionth of a standard error, any step
    // that does not halve it (the rounding of the sums over n terms: a million values of a
    // user's Weibull took steps of thousands of ulp that only stirred the last digits, for 500
    // iterations).
    stalled = unchanged || (!halved && (before <= 1e-6 || (before < 1 && tiny)));
    if (stalled) break;
  }
  runaway(family, start, theta);
  const rel = relative(at, theta);
  // Converged when the gradient is small for the parameters' sizes, or, scale-aware, when the
  // Newton decrement says the optimum is within a millionth of a standard error: a location's
  // size above is the data's sd, which one outlier (1e12 among values near 10) inflates; or
  // stalled at the last bits within half a standard error.
  const score = scoreInStandardErrors(at);
  if (!(rel < 1e-6) && !(score < 1e-6) && !(stalled && score < 0.5)) {
    const unbounded = family.unbounded?.(theta);
    if (unbounded !== undefined) throw new FitError(`${family.name}: ${unbounded}`);
    throw new FitError(
      `${family.name}: Newton's method did not converge (relative gradient ${rel.toExponential(2)} after ${iterations} iterations at ${theta.join(", ")})`,
    );
  }
  return {
    params: theta,
    method: `Newton's method on the engine's gradient and Hessian (${iterations} iterations)`,
    logLik: at.logLik,
    relativeGradient: rel,
  };
}

/**
 * The MLE of a family kinked in one parameter (Laplace's loc) without a closed form (censored
 * data): coordinate ascent, each round the kinked parameter's exact maximum with the others held
 * (family.kinked.argmax), then the others' Newton fit with it held (fixParameters), until a round
 * changes nothing; then the score, with the kinked component's subgradient 0, must be within
 * 1e-6 standard errors.
 */
function kinkedFit(
  family: Family,
  data: Float64Array,
  engine: EngineName,
  kinked: NonNullable<Family["kinked"]>,
): ExactFit {
  const name = family.params[kinked.param] as string;
  let theta = family.start(data);
  let rounds = 0;
  if (family.params.length === 1) {
    theta = [kinked.argmax(data, theta)];
    rounds = MAX_ITERATIONS;
  }
  for (; rounds < MAX_ITERATIONS; rounds++) {
    const t = kinked.argmax(data, theta);
    const held = fixParameters(family, { [name]: t });
    const rest = exactFit(held, data, engine).params;
    let k = 0;
    const next = family.params.map((_, j) => (j === kinked.param ? t : (rest[k++] as number)));
    const same = next.every((v, j) => Math.abs(v - (theta[j] as number)) <= 1e-15 * Math.abs(v));
    theta = next;
    if (same) break;
  }
  const at = scoreEvaluator(family, engine)(data, theta);
  const score = scoreInStandardErrors(at);
  if (!(score < 1e-6)) {
    throw new FitError(
      `${family.name}: coordinate ascent did not converge (${score.toExponential(2)} standard errors from the optimum after ${rounds} rounds at ${theta.join(", ")})`,
    );
  }
  return {
    params: theta,
    method:
      family.params.length === 1
        ? `${name}'s exact maximum (bisection on its derivative)`
        : `coordinate ascent: ${name}'s exact maximum, then Newton's method on the rest (${rounds + 1} rounds)`,
    logLik: at.logLik,
    relativeGradient: 0,
  };
}

/**
 * For a user's log-density (--logpdf), where the log-likelihood at the start is not finite:
 * the first value whose term is not, and what that usually means.
 */
function firstNotFinite(family: Family, data: Float64Array, theta: readonly number[]): string {
  if (family.expression === undefined) return "";
  const leaves = theta.map((t) => new Value(t));
  for (let i = 0; i < data.length; i++) {
    const term = family.logProb(data[i] as number, leaves).data;
    if (!Number.isFinite(term)) {
      const start = family.params.map((name, j) => `${name}=${theta[j]}`).join(",");
      return `: at x = ${data[i]} (value ${i + 1}) ${family.expression.flag} is ${term} with --start ${start} (a value outside its support, or a start outside the parameters' range?)`;
    }
  }
  return "";
}
