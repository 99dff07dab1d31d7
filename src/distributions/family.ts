import { type Operand, Value } from "../engine/value.js";
import type { Constraint } from "../fit/parametrization.js";

/** Where a family puts its mass: what values it can score. */
export type Support = "real" | "positive" | "count";

export const SUPPORTS: Record<Support, { accepts(x: number): boolean; describe: string }> = {
  real: { accepts: Number.isFinite, describe: "any finite number" },
  positive: { accepts: (x) => x > 0 && x < Number.POSITIVE_INFINITY, describe: "values above 0" },
  count: {
    accepts: (x) => Number.isInteger(x) && x >= 0,
    describe: "whole numbers 0, 1, 2, ...",
  },
};

/**
 * A distribution family: its parameters (names as R or scipy spell them), what keeps each in
 * range, its log-density built from engine ops only (so its gradient and Hessian come from the
 * engine), and the numbers the reports, generators and goodness-of-fit need.
 */
export interface Family {
  /** The --dist name. */
  name: string;
  /** How reports name it: "Gamma", "Student t". */
  title: string;
  params: readonly string[];
  constraints: readonly Constraint[];
  support: Support;
  logProb(x: Operand, params: readonly Value[]): Value;
  /** A data-based start: moments or quantiles. */
  start(data: Float64Array): number[];
  /** The exact MLE in closed form, where there is one; otherwise Newton's method finds it. */
  closedForm?(data: Float64Array): number[];
  /** How the closed form is computed, for the report. */
  closedFormMethod?: string;
  cdf(x: number, params: readonly number[]): number;
  /**
   * The expected (Fisher) information of n values, for a family whose log-likelihood has no
   * curvature to observe (Laplace's is piecewise linear in loc): used instead of the engine's
   * Hessian for its standard errors.
   */
  information?(params: readonly number[], n: number): number[][];
  /** Where the family goes as a parameter grows without bound, for the message when it does. */
  limit?: string;
  /** A generator of draws, from @stdlib's random-base packages over the given uniform stream. */
  sampler(params: readonly number[], uniform: () => number): () => number;
}

/**
 * The family's density at x as a number, from its log-density; for counts, the probability of
 * the nearest whole number (what a histogram bar of counts estimates per unit width).
 */
export function familyDensity(family: Family, params: readonly number[]): (x: number) => number {
  const leaves = params.map((p) => new Value(p));
  return (x) => {
    const at = family.support === "count" ? Math.round(x) : x;
    if (!SUPPORTS[family.support].accepts(at)) return 0;
    return Math.exp(family.logProb(at, leaves).data);
  };
}
