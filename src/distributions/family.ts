import { type Operand, Value } from "../engine/value.js";
import type { Constraint, Parametrization } from "./parametrization.js";
import type { ScaleRole } from "./scaling.js";

/** Where a family puts its mass: what values it can score. */
export type Support = "real" | "positive" | "nonnegative" | "unit" | "count";

export const SUPPORTS: Record<Support, { accepts(x: number): boolean; describe: string }> = {
  real: { accepts: Number.isFinite, describe: "any finite number" },
  positive: { accepts: (x) => x > 0 && x < Number.POSITIVE_INFINITY, describe: "values above 0" },
  nonnegative: {
    accepts: (x) => x >= 0 && x < Number.POSITIVE_INFINITY,
    describe: "values of 0 or above",
  },
  unit: { accepts: (x) => x > 0 && x < 1, describe: "values between 0 and 1 (not either end)" },
  count: {
    accepts: (x) => Number.isInteger(x) && x >= 0,
    describe: "whole numbers 0, 1, 2, ...",
  },
};

/** p-values of the EDF statistics from published tables, where a family has them. */
export interface GofTables {
  ks: { statistic: number; pValue: number | null };
  cvm: { statistic: number; pValue: number | null };
  ad: { statistic: number; pValue: number | null };
  /** How the p-values were found. */
  method: string;
}

/**
 * A distribution family: its parameters (names as R or scipy spell them), what keeps each in
 * range, its log-density built from engine ops only (so its gradient and Hessian come from the
 * engine), and the numbers the reports, generators and goodness-of-fit need. Parameters are
 * always a vector in the order of `params`, which names them.
 *
 * Every step of a fit (SGD, exact MLE, inference, goodness of fit, bootstrap, figure) works from
 * these members alone. The optional ones are hooks where a family knows better: a closed-form
 * MLE, tables of p-values, its own SGD coordinates, exact tails.
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
  /**
   * log F(x) and log S(x) = log(1 - F(x)) as engine ops, exact far into both tails (log S is
   * never computed as log(1 - F)): what censored observations contribute, so that their exact
   * MLE, standard errors and SGD come from the engine as an exact value's do. A family without
   * them cannot fit censored data (distributions/censored.ts).
   */
  logCdf?(x: Operand, params: readonly Value[]): Value;
  logSf?(x: Operand, params: readonly Value[]): Value;
  /**
   * Parameters that are known, never fitted (the binomial's size, its number of trials; the
   * generalized Pareto's threshold): a fit needs them fixed (--fix size=10), and --dist auto
   * leaves the family out.
   */
  mustFix?: readonly string[];
  /** What the known parameters are, for the message that asks for them ("the number of trials"). */
  known?: string;
  /** A data-based start: moments or quantiles. */
  start(data: Float64Array): number[];
  /** The exact MLE in closed form, where there is one; otherwise Newton's method finds it. */
  closedForm?(data: Float64Array): number[];
  /** How the closed form is computed, for the report. */
  closedFormMethod?: string;
  /**
   * The closed form reads the data's frequency weights (stats/weights.ts) itself; without this,
   * weighted data go to Newton's method.
   */
  closedFormWeighted?: boolean;
  cdf(x: number, params: readonly number[]): number;
  /** The quantile function, where a library has it (otherwise found from the CDF by bisection). */
  quantile?(p: number, params: readonly number[]): number;
  /**
   * log F(x) and log(1 - F(x)) into out[0] and out[1], exact far into both tails, for the
   * Anderson-Darling statistic (otherwise computed from the CDF, which rounds to 0 or 1 there).
   */
  logTails?(x: number, params: readonly number[], out: Float64Array): void;
  /**
   * Goodness of fit from published tables for estimated parameters, on sorted data (the
   * Normal's, as R's nortest). Without it, p-values need a parametric bootstrap.
   */
  gofTables?(sorted: Float64Array): GofTables;
  /**
   * The family's own SGD coordinates from the start (the Normal measures both parameters in
   * units of the data's spread); without it, each parameter moves in units of its per-value
   * standard error at the start.
   */
  sgdParametrization?(
    start: readonly number[],
    data: Float64Array,
    /** The units the fit would give each parameter (its per-value standard error at the start). */
    units?: () => number[],
  ): Parametrization;
  /**
   * The expected (Fisher) information of n values, for a family whose log-likelihood has no
   * curvature to observe (Laplace's is piecewise linear in loc): used instead of the engine's
   * Hessian for its standard errors.
   */
  information?(params: readonly number[], n: number, data?: Float64Array): number[][];
  /**
   * For a family whose log-likelihood has a kink at every datum in one parameter (Laplace's
   * |x - loc|), where no gradient step lands on the maximum and the score jumps instead of
   * shrinking: that parameter's index, and its exact maximum with the others held (a
   * coordinate-ascent step). There the subgradient holds 0, so the stopping rule takes that
   * component of the score as 0; --epochs auto takes the step before its full-batch steps.
   */
  kinked?: { param: number; argmax(data: Float64Array, params: readonly number[]): number };
  /**
   * A user's log-density (--logpdf, --logpmf; expression/family.ts): its text, for the report,
   * and why goodness of fit is not available at these parameters, if it is not (a density
   * that does not integrate to 1).
   */
  expression?: {
    text: string;
    flag: string;
    gofUnavailable(params: readonly number[]): string | undefined;
  };
  /**
   * The smallest difference worth printing for each parameter at the exact MLE (default: a
   * millionth of its size).
   */
  resolution?(exact: readonly number[]): number[];
  /**
   * How each parameter moves when the data are multiplied by c (scaling.ts): what lets fits and
   * standard errors be computed in scaled coordinates for data near 1e±300. Absent for counts.
   */
  scaling?: readonly ScaleRole[];
  /** Where the family goes as a parameter grows without bound, for the message when it does. */
  limit?: string;
  /**
   * Why these data give the likelihood no maximum, only a limit, where that can be known before
   * any iteration (the negative binomial on data that are not overdispersed); else undefined.
   */
  noMaximum?(data: Float64Array): string | undefined;
  /**
   * A mixture whose start is EM with the base family's weighted exact MLE as the M-step, which
   * the fit layer runs (fit/mixture-em.ts): its own `start` is only a quick one.
   */
  em?: { base: Family; k: number };
  /**
   * A mixture's components at these parameters: each one's weight and weighted density, which
   * the figure draws under the mixture's.
   */
  components?(params: readonly number[]): { weight: number; density: (x: number) => number }[];
  /**
   * The same distribution with its parameters in their canonical order: a mixture's components
   * by their medians. SGD can wander into a relabelled copy of the optimum (two components
   * swapped, the likelihood the same), which the report would show as a gap of many standard
   * errors from the exact MLE; every fit's estimates are put in this order.
   */
  canonical?(params: readonly number[]): number[];
  /**
   * Parameters at an end of the support, whose MLE is the data's smallest or largest value
   * whatever the others (the uniform's min and max, the Pareto's min, the generalized Pareto's
   * loc): the likelihood rises towards the data's extreme and stops there, where its derivative
   * is not 0, so no gradient step finds it and Wald's theory does not apply. Every fit holds
   * them at the data's extreme (fit/edges.ts) and fits the rest.
   */
  edges?: readonly { param: number; at: "min" | "max" }[];
  /**
   * For a support that moves with the parameters (the uniform's, the GEV's): whether x is in it.
   * The log-density is only asked inside it.
   */
  inSupport?(x: number, params: readonly number[]): boolean;
  /**
   * Why Wald standard errors do not apply at these parameters, where the family is regular
   * elsewhere (the GEV with shape ≤ -0.5: Smith 1985); undefined where they do.
   */
  nonRegular?(params: readonly number[]): string | undefined;
  /**
   * Where these parameters lie in a region with no maximum, only a limit (the GEV's shape below
   * -1, whose density is unbounded at the support's upper end): why, for the message when
   * Newton's method runs there instead of converging.
   */
  unbounded?(params: readonly number[]): string | undefined;
  /** A generator of draws, from @stdlib's random-base packages over the given uniform stream. */
  sampler(params: readonly number[], uniform: () => number): () => number;
  /**
   * Set on a family made by `fixParameters` (fixed.ts): the family it came from and the values
   * held fixed (R's fitdist fix.arg). Its own params are the free ones.
   */
  fixed?: { family: Family; values: Readonly<Record<string, number>> };
}

/** A fixed-length tuple with one entry per parameter name. */
type PerParam<Names extends readonly string[], T> = { readonly [K in keyof Names]: T };

/** A family written with its parameters as a tuple, so `[loc, scale]` destructures without casts. */
export interface FamilySpec<Names extends readonly string[]>
  extends Omit<
    Family,
    | "params"
    | "constraints"
    | "scaling"
    | "logProb"
    | "logCdf"
    | "logSf"
    | "cdf"
    | "quantile"
    | "logTails"
    | "information"
    | "inSupport"
    | "nonRegular"
    | "unbounded"
    | "sampler"
  > {
  params: Names;
  constraints: PerParam<Names, Constraint>;
  scaling?: PerParam<Names, ScaleRole>;
  logProb(x: Operand, params: PerParam<Names, Value>): Value;
  logCdf?(x: Operand, params: PerParam<Names, Value>): Value;
  logSf?(x: Operand, params: PerParam<Names, Value>): Value;
  cdf(x: number, params: PerParam<Names, number>): number;
  quantile?(p: number, params: PerParam<Names, number>): number;
  logTails?(x: number, params: PerParam<Names, number>, out: Float64Array): void;
  information?(params: PerParam<Names, number>, n: number, data?: Float64Array): number[][];
  inSupport?(x: number, params: PerParam<Names, number>): boolean;
  nonRegular?(params: PerParam<Names, number>): string | undefined;
  unbounded?(params: PerParam<Names, number>): string | undefined;
  sampler(params: PerParam<Names, number>, uniform: () => number): () => number;
}

/**
 * A family from its spec. The engine calls the members with one entry per parameter, which is
 * what the tuple types promise (the tuple parameters are checked bivariantly, as methods).
 */
export function defineFamily<const Names extends readonly string[]>(
  spec: FamilySpec<Names>,
): Family {
  return spec;
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
    if (family.inSupport !== undefined && !family.inSupport(at, params)) return 0;
    return Math.exp(family.logProb(at, leaves).data);
  };
}

/** The first value outside the family's support, with its index, or undefined when all fit. */
export function firstOutside(
  family: Family,
  data: ArrayLike<number>,
): { index: number; value: number } | undefined {
  const { accepts } = SUPPORTS[family.support];
  for (let i = 0; i < data.length; i++) {
    const value = data[i] as number;
    if (!accepts(value)) return { index: i, value };
  }
  return undefined;
}

/** The parameters by name, from a vector in the family's order: for reports and JSON. */
export function byName<T = number>(
  names: readonly string[],
  values: readonly T[],
): Record<string, T> {
  return Object.fromEntries(names.map((name, j) => [name, values[j] as T]));
}
