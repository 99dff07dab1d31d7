import { type Constraint, fromFree, slopes, toFree } from "../distributions/constraint.js";
import type { Family } from "../distributions/family.js";
import type { EngineName } from "../engine/engine-name.js";
import { FitError } from "../errors.js";
import {
  type LikelihoodAt,
  type LikelihoodEvaluator,
  likelihoodEvaluator,
} from "../likelihood/likelihood.js";
import { invert, isPositiveDefinite } from "../linalg/linear-algebra.js";
import { nth } from "../stats/at.js";
import { totalWeight } from "../stats/weights.js";

/** Parameters, in the family's order, with the likelihood there. */
export interface NewtonPoint {
  theta: number[];
  at: LikelihoodAt;
}

/**
 * sqrt(g' I⁻¹ g), with g the gradient of the log-likelihood and I the observed information: the
 * distance Newton's step would cover, in standard errors. For a quadratic log-likelihood it
 * bounds every parameter's distance to the optimum in its own standard errors (Cauchy-Schwarz:
 * |e_j' I⁻¹ g| ≤ sqrt(e_j' I⁻¹ e_j) · sqrt(g' I⁻¹ g)); invariant to how the parameters are
 * scaled. Infinity where I is not positive definite.
 */
export function scoreInStandardErrors(at: { gradient: number[]; hessian: number[][] }): number {
  // Not at a maximum's neighbourhood where the information is not positive definite (a saddle,
  // where g' I⁻¹ g can still be small and positive): no distance to claim.
  if (!isPositiveDefinite(at.hessian)) return Number.POSITIVE_INFINITY;
  const inverse = invert(at.hessian);
  if (inverse === undefined) return Number.POSITIVE_INFINITY;
  const step = inverse.map((row) => row.reduce((s, v, k) => s + v * nth(at.gradient, k), 0));
  const squared = step.reduce((s, v, j) => s + v * nth(at.gradient, j), 0);
  return squared >= 0 && Number.isFinite(squared) ? Math.sqrt(squared) : Number.POSITIVE_INFINITY;
}

/**
 * The likelihood as the stopping rule and the full-batch steps see it: the engine's, with the
 * family's expected information where its curvature cannot be observed (Laplace's, piecewise
 * linear in loc), and the score's component of a kinked parameter taken as 0 where that
 * parameter sits at its exact maximum (its subgradient holds 0 there, whatever the one-sided
 * derivatives say, as at a median shared by tied values).
 */
export function scoreEvaluator(family: Family, engine: EngineName): LikelihoodEvaluator {
  const observed = likelihoodEvaluator(family, engine);
  if (family.information === undefined && family.kinked === undefined) return observed;
  return (data, params) => asScored(family, data, params, observed(data, params));
}

/** The engine's likelihood at `params` as scoreEvaluator sees it. */
export function asScored(
  family: Family,
  data: Float64Array,
  params: readonly number[],
  at: LikelihoodAt,
): LikelihoodAt {
  const { information, kinked } = family;
  if (information === undefined && kinked === undefined) return at;
  const gradient =
    kinked !== undefined && params[kinked.param] === kinked.argmax(data, params)
      ? at.gradient.map((g, j) => (j === kinked.param ? 0 : g))
      : at.gradient;
  return { ...at, gradient, hessian: information?.(params, totalWeight(data), data) ?? at.hessian };
}

export interface NewtonSettings {
  /**
   * How far from the optimum a point is, smaller being closer: a step that leaves the
   * log-likelihood flat to within its rounding still counts as progress when it shrinks this.
   */
  distance(point: NewtonPoint): number;
  /**
   * Far from the optimum (over 1 standard error), try the accepted step doubled, and doubled
   * again, while the log-likelihood keeps rising: a scale that must grow by a factor of 1e10
   * (one outlier among values near 10) then takes a few iterations instead of fifty.
   */
  extrapolate?: boolean;
}

/**
 * One iteration of Newton's method on the log-likelihood, in log coordinates for positive
 * parameters (so they stay positive): Levenberg damping where the Hessian is not negative
 * definite, and a backtracking line search that never lets the log-likelihood fall (beyond its
 * rounding, see below). Undefined when no step raises it: the optimum, to the last bit.
 */
export function newtonIteration(
  family: Family,
  data: Float64Array,
  evaluate: LikelihoodEvaluator,
  point: NewtonPoint,
  settings: NewtonSettings,
): NewtonPoint | undefined {
  const steps = newtonSteps(family, data.length, point, settings);
  let request = steps.next();
  while (!request.done) request = steps.next(evaluate(data, request.value));
  return request.value;
}

/**
 * newtonIteration as a generator: it yields each θ it needs the likelihood at and is resumed
 * with it, so that the likelihood may come from anywhere, a database query included (await it
 * between steps). `n` is the number of values, for the rounding of the log-likelihood's sum.
 */
export function* newtonSteps(
  family: Family,
  n: number,
  { theta, at }: NewtonPoint,
  settings: NewtonSettings,
): Generator<number[], NewtonPoint | undefined, LikelihoodAt> {
  const constraints = family.constraints;
  const toU = (values: readonly number[]) =>
    values.map((t, j) => toFree(constraints[j] as Constraint, t));
  const fromU = (u: readonly number[]) =>
    u.map((v, j) => fromFree(constraints[j] as Constraint, v));
  // Gradient and negative Hessian in u (constraint.ts: u_j = log θ_j for a positive parameter,
  // a logit for a bounded one): ∂ℓ/∂u = θ'·g, -∂²ℓ/∂u² = θ'²·h - θ''·g.
  const d = theta.map((t, j) => slopes(constraints[j] as Constraint, t));
  const c = d.map(([first]) => first);
  const gu = at.gradient.map((g, j) => g * nth(c, j));
  const hu = at.hessian.map((row, j) =>
    row.map(
      (h, k) =>
        h * nth(c, j) * nth(c, k) - (j === k ? (d[j]?.[1] ?? 0) * (at.gradient[j] ?? 0) : 0),
    ),
  );
  const step = ascentStep(hu, gu);
  if (step === undefined) return undefined;
  const u = toU(theta);
  const point = { theta, at };
  const distance = settings.distance(point);
  function* along(t: number): Generator<number[], NewtonPoint | undefined, LikelihoodAt> {
    const next = fromU(u.map((v, j) => v + t * nth(step as number[], j)));
    if (!next.every((v) => Number.isFinite(v) && v !== 0)) return undefined;
    return { theta: next, at: yield next };
  }
  // Near the optimum the log-likelihood is flat to within the rounding of its sum over n terms
  // (the kernel's sum is plain): there a step that keeps it within that noise and shrinks the
  // distance is still progress, and Newton keeps its quadratic convergence.
  const noise = Math.max(1e-10, n * Number.EPSILON) * Math.abs(at.logLik);
  let accepted: NewtonPoint | undefined;
  let t = 1;
  for (; t > 1e-12; t /= 2) {
    const candidate = yield* along(t);
    if (candidate === undefined) continue;
    const flat =
      candidate.at.logLik >= at.logLik - noise && settings.distance(candidate) < distance;
    if (candidate.at.logLik >= at.logLik || flat) {
      accepted = candidate;
      break;
    }
  }
  if (accepted === undefined || !settings.extrapolate || t < 1 || !(distance > 1)) {
    return accepted;
  }
  for (let longer = 2; longer <= 2 ** 30; longer *= 2) {
    const candidate = yield* along(longer);
    if (candidate === undefined || !(candidate.at.logLik > accepted.at.logLik)) break;
    accepted = candidate;
  }
  return accepted;
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

/** How far past its start a positive parameter may run before the maximum is called a limit. */
const RUNAWAY = 1e6;

/**
 * A FitError when a positive parameter has run a million times past its start: the likelihood
 * keeps rising towards the family's edge (Student t's df on Normal-looking data, the negative
 * binomial's size on data that are not overdispersed), where there is no maximum, only a limit,
 * and where lgamma's differences lose their digits.
 */
export function runaway(family: Family, start: readonly number[], theta: readonly number[]): void {
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
 * Whether every parameter moved by at most 64 units in its last place: a step the doubles can
 * barely take (not a parameter running off to a limit, like Student t's df on Normal data).
 */
export function lastBits(from: readonly number[], to: readonly number[]): boolean {
  return to.every((v, j) => Math.abs(v - (from[j] as number)) <= 64 * Number.EPSILON * Math.abs(v));
}
