import type { Family } from "../distributions/family.js";
import { dataScale, fromScaled } from "../distributions/scaling.js";
import { meanSd } from "../distributions/summaries.js";
import { checkSupport } from "../distributions/support.js";
import type { EngineName } from "../engine/engine-name.js";
import { FitError } from "../errors.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";
import { invert } from "../linalg/linear-algebra.js";
import { nth } from "../stats/at.js";

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
  // Data near 1e±300: fit x / c (c a power of two) and map back, since Newton's second
  // derivatives would overflow; the log-likelihood gains the Jacobian, -n log c.
  const c = dataScale(family, data);
  if (c !== 1) {
    const scaled = exactFitAtScale(
      family,
      data.map((x) => x / c),
      engine,
    );
    return {
      ...scaled,
      params: fromScaled(family, scaled.params, c),
      logLik: scaled.logLik - data.length * Math.log(c),
    };
  }
  return exactFitAtScale(family, data, engine);
}

function exactFitAtScale(family: Family, data: Float64Array, engine: EngineName): ExactFit {
  const edge = family.noMaximum?.(data);
  if (edge !== undefined) throw new FitError(`${family.name}: ${edge}`);
  const evaluate = likelihoodEvaluator(family, engine);
  const spread = meanSd(data).sd || 1;
  const sizes = (theta: readonly number[]) =>
    theta.map((t, j) => (family.constraints[j] === "positive" ? Math.abs(t) : spread));
  const relative = (at: { logLik: number; gradient: number[] }, theta: readonly number[]) => {
    const s = sizes(theta);
    const norm = Math.hypot(...at.gradient.map((g, j) => g * nth(s, j)));
    return norm / Math.max(Math.abs(at.logLik), Number.MIN_VALUE);
  };
  if (family.closedForm) {
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

  const positive = family.constraints.map((c) => c === "positive");
  const toU = (theta: readonly number[]) => theta.map((t, j) => (positive[j] ? Math.log(t) : t));
  const fromU = (u: readonly number[]) => u.map((v, j) => (positive[j] ? Math.exp(v) : v));
  let theta = family.start(data);
  if (!theta.every((t, j) => Number.isFinite(t) && (!positive[j] || t > 0))) {
    throw new FitError(`${family.name}: no finite start from these data (${theta.join(", ")})`);
  }
  let at = evaluate(data, theta);
  if (!Number.isFinite(at.logLik)) {
    throw new FitError(`${family.name}: the log-likelihood at the start is ${at.logLik}`);
  }
  let iterations = 0;
  const start = theta;
  while (
    iterations < MAX_ITERATIONS &&
    relative(at, theta) > TOLERANCE &&
    newtonDecrement(at) > DECREMENT_TOLERANCE
  ) {
    runaway(family, start, theta);
    iterations++;
    // Gradient and negative Hessian in u, u_j = log θ_j for a positive parameter.
    const c = theta.map((t, j) => (positive[j] ? t : 1));
    const gu = at.gradient.map((g, j) => g * nth(c, j));
    const hu = at.hessian.map((row, j) =>
      row.map((h, k) => h * nth(c, j) * nth(c, k) - (j === k && positive[j] ? nth(gu, j) : 0)),
    );
    const step = ascentStep(hu, gu);
    if (step === undefined) break;
    const u = toU(theta);
    let t = 1;
    let next: typeof at | undefined;
    let nextTheta = theta;
    for (; t > 1e-12; t /= 2) {
      nextTheta = fromU(u.map((v, j) => v + t * nth(step, j)));
      if (!nextTheta.every((v) => Number.isFinite(v) && v !== 0)) continue;
      const candidate = evaluate(data, nextTheta);
      // Near the optimum the log-likelihood is flat to within the rounding of its sum over n
      // terms (the kernel's sum is plain): there a step that keeps it within that noise and
      // shrinks the gradient is still progress, and Newton keeps its quadratic convergence.
      const noise = Math.max(1e-10, data.length * Number.EPSILON) * Math.abs(at.logLik);
      const flat =
        candidate.logLik >= at.logLik - noise &&
        relative(candidate, nextTheta) < relative(at, theta);
      if (candidate.logLik >= at.logLik || flat) {
        next = candidate;
        break;
      }
    }
    // No step raises the log-likelihood any further: the optimum, to the last bit.
    if (next === undefined) break;
    const unchanged = nextTheta.every((v, j) => v === theta[j]);
    theta = nextTheta;
    at = next;
    if (unchanged) break;
  }
  runaway(family, start, theta);
  const rel = relative(at, theta);
  // Converged when the gradient is small for the parameters' sizes, or, scale-aware, when the
  // Newton decrement says the optimum is within a millionth of a standard error: a location's
  // size above is the data's sd, which one outlier (1e12 among values near 10) inflates.
  if (!(rel < 1e-6) && !(newtonDecrement(at) < 1e-6)) {
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
 * sqrt(g' I⁻¹ g), with g the gradient and I the observed information: the distance to the
 * optimum Newton's step would cover, in standard errors (invariant to how the parameters are
 * scaled); Infinity where I is not positive definite.
 */
function newtonDecrement(at: { gradient: number[]; hessian: number[][] }): number {
  const inverse = invert(at.hessian);
  if (inverse === undefined) return Number.POSITIVE_INFINITY;
  const step = inverse.map((row) => row.reduce((s, v, k) => s + v * nth(at.gradient, k), 0));
  const squared = step.reduce((s, v, j) => s + v * nth(at.gradient, j), 0);
  return squared >= 0 ? Math.sqrt(squared) : Number.POSITIVE_INFINITY;
}

/** How far past its start a positive parameter may run before the maximum is called a limit. */
const RUNAWAY = 1e6;

/**
 * A FitError when a positive parameter has run a million times past its start: the likelihood
 * keeps rising towards the family's edge (Student t's df on Normal-looking data, the negative
 * binomial's size on data that are not overdispersed), where there is no maximum, only a limit,
 * and where lgamma's differences lose their digits.
 */
function runaway(family: Family, start: readonly number[], theta: readonly number[]): void {
  theta.forEach((t, j) => {
    if (family.constraints[j] !== "positive") return;
    const s = Math.max(1, nth(start, j));
    if (t > RUNAWAY * s) {
      throw new FitError(
        `${family.name}: ${family.params[j]} grows without bound (past ${+t.toPrecision(3)}): the likelihood has no maximum, only a limit${family.limit ? `: ${family.limit}` : ""}`,
      );
    }
  });
}

/**
 * Δ with (H + λ·diag) Δ = g for the smallest λ (0, then growing) that makes it an ascent direction
 * (g·Δ > 0): Newton's step where the Hessian is negative definite, towards gradient ascent where
 * it is not.
 */
function ascentStep(h: number[][], g: number[]): number[] | undefined {
  const diagonal = h.map((row, j) => Math.abs(nth(row, j)) || 1);
  for (let lambda = 0; lambda < 1e12; lambda = lambda === 0 ? 1e-6 : lambda * 10) {
    const damped = h.map((row, j) =>
      row.map((v, k) => (j === k ? v + lambda * nth(diagonal, j) : v)),
    );
    const inverse = invert(damped);
    if (inverse === undefined) continue;
    const step = inverse.map((row) => row.reduce((s, v, k) => s + v * nth(g, k), 0));
    const ascent = step.reduce((s, v, j) => s + v * nth(g, j), 0);
    if (ascent > 0 && step.every(Number.isFinite)) return step;
  }
  return undefined;
}
