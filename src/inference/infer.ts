import type { Family } from "../distributions/family.js";
import { dataScale, fromScaled, seFromScaled, toScaled } from "../distributions/scaling.js";
import type { EngineName } from "../engine/engine-name.js";
import { holdEdges, nonRegularReason } from "../fit/edges.js";
import type { Fit } from "../fit/fit.js";
import { AUTO_TOLERANCE } from "../fit/full-batch.js";
import { asScored, scoreInStandardErrors } from "../fit/newton.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";
import { type CensorCounts, censorCounts, censoringOf, mapRows } from "../stats/censoring.js";
import { totalWeight, weightsOf } from "../stats/weights.js";
import { type BootstrapMethod, type BootstrapResult, bootstrap } from "./bootstrap.js";
import { type GofResult, gof } from "./gof.js";
import { profileIntervals } from "./profile.js";
import { type Wald, wald } from "./wald.js";

export interface EstimateInference {
  logLik: number;
  /**
   * sqrt(g' I⁻¹ g) there, from the gradient and the observed information: how many standard
   * errors away the data's own score puts the optimum (--epochs auto's stopping rule).
   */
  score: number;
  /** Undefined where the information is not positive definite. */
  wald: Wald | undefined;
}

export interface Inference {
  level: number;
  /** How the exact MLE's intervals were made. */
  ciMethod: CiMethod;
  /** With frequency weights: Σ w (the observations, BIC's n) over the number of values. */
  weights?: { total: number; rows: number };
  /** With censored data: how many rows are exact, left-, right- and interval-censored. */
  censoring?: CensorCounts;
  /** At the exact MLE, with R's model scores: AIC = 2k - 2 logLik, BIC = k log n - 2 logLik. */
  exact: EstimateInference & { aic: number; bic: number };
  /** At the SGD estimate. */
  estimate: EstimateInference;
  /** (SGD estimate - exact MLE) / the exact MLE's standard error, per parameter. */
  gapSe: number[] | undefined;
  /**
   * The stopping rule holds at the SGD estimate: its score puts the optimum within
   * AUTO_TOLERANCE (0.05) standard errors.
   */
  converged: boolean;
  gof: GofResult;
  bootstrap?: BootstrapResult;
  /**
   * Why Wald's standard errors do not apply (a parameter at an edge of the support, the GEV's
   * shape ≤ -0.5): then there are none, and a parametric bootstrap is run in their place.
   */
  nonRegular?: string;
}

export type CiMethod = "wald" | "profile";
export const CI_METHODS: readonly CiMethod[] = ["wald", "profile"];

export interface InferenceOptions {
  level: number;
  engine: EngineName;
  /** Goodness of fit on a random sample of this size when n is larger (sorting is n log n). */
  gofSample?: { size: number; uniform: () => number };
  /** Parametric bootstrap p-values for the goodness-of-fit statistics. */
  gofBootstrap?: { replicates: number; uniform: () => number };
  /** Percentile bootstrap intervals. */
  bootstrap?: { replicates: number; method: BootstrapMethod; uniform: () => number };
  /** The exact MLE's intervals: Wald's (the default), or the profile likelihood's. */
  ci?: CiMethod;
}

/**
 * Everything fitdistrplus's summary() and gofstat() say about a fit, for the SGD estimate and
 * the exact MLE side by side: the likelihood, Wald intervals from the engine's own second
 * derivatives (or the family's expected information, where it has one), AIC and BIC, the gap
 * between the two estimates in standard errors, goodness of fit and, if asked, bootstrap
 * intervals.
 */
export function infer(data: Float64Array, fit: Fit, options: InferenceOptions): Inference {
  const { family } = fit;
  const { level, engine } = options;
  // The observations the data stand for: Σ w with frequency weights (so BIC uses it, and the
  // fit equals the expanded data's), else the number of values.
  const n = totalWeight(data);
  const k = family.params.length;
  const likelihood = likelihoodEvaluator(family, engine);
  // Data near 1e±300: the information in scaled coordinates (x / c), mapped back (scaling.ts).
  const c = dataScale(family, data);
  const scaledData = c === 1 ? data : mapRows(data, (x) => x / c);
  const at = (estimate: readonly number[]): EstimateInference => {
    const scaled = toScaled(family, estimate, c);
    const point = likelihood(scaledData, scaled);
    const { logLik, hessian } = point;
    const information = family.information?.(scaled, n, scaledData) ?? hessian;
    const result = wald(scaled, information, level, family.constraints);
    return {
      logLik: logLik - (c === 1 ? 0 : n * Math.log(c)),
      score: scoreInStandardErrors(asScored(family, scaledData, scaled, point)),
      wald: c === 1 || result === undefined ? result : waldFromScaled(family, result, c),
    };
  };
  const exactParams = fit.exact.params;
  const nonRegular = nonRegularReason(family, exactParams);
  if (nonRegular !== undefined) {
    return {
      ...common(data, fit, options, n),
      ...nonRegularInference(data, fit, engine, nonRegular),
      ciMethod: options.ci ?? "wald",
    };
  }
  const atExact = at(exactParams);
  const ciMethod = options.ci ?? "wald";
  const exact =
    ciMethod === "profile" && atExact.wald !== undefined
      ? {
          ...atExact,
          wald: {
            ...atExact.wald,
            ci: profileIntervals(
              family,
              data,
              exactParams,
              atExact.logLik,
              atExact.wald.se,
              level,
              engine,
            ),
          },
        }
      : atExact;
  const estimate = at(fit.params);
  const gapSe = exact.wald?.se.map((s, j) => ((fit.params[j] ?? 0) - (exactParams[j] ?? 0)) / s);
  return {
    ...common(data, fit, options, n),
    ciMethod,
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe,
    converged: estimate.score <= AUTO_TOLERANCE,
  };
}

/** What every fit's inference says alike: level, weights, censoring, goodness of fit, bootstrap. */
function common(data: Float64Array, fit: Fit, options: InferenceOptions, n: number) {
  const { family } = fit;
  const censoring = censoringOf(data);
  const exactParams = fit.exact.params;
  const { level } = options;
  return {
    level,
    ...(weightsOf(data) === undefined ? {} : { weights: { total: n, rows: data.length } }),
    ...(censoring === undefined ? {} : { censoring: censorCounts(censoring) }),
    gof: gof(family, data, exactParams, {
      ...(options.gofSample ? { sample: options.gofSample } : {}),
      ...(options.gofBootstrap ? { bootstrap: options.gofBootstrap } : {}),
    }),
    ...(options.bootstrap
      ? { bootstrap: bootstrap(family, data, exactParams, { ...options.bootstrap, level }) }
      : {}),
  };
}

/**
 * A non-regular fit's likelihood, scores and model scores, with no Wald answer (nonRegular says
 * why; the caller's bootstrap stands in). The score, for --epochs auto's verdict, is that of the
 * parameters that are not edges, with the edges held at the data's extremes (edges.ts): an
 * edge's own derivative is not 0 at its MLE.
 */
function nonRegularInference(data: Float64Array, fit: Fit, engine: EngineName, nonRegular: string) {
  const { family } = fit;
  const n = totalWeight(data);
  const k = family.params.length;
  const held = holdEdges(family, data);
  const inner = held === undefined ? family : held.inner;
  const free = family.params.flatMap((name, j) => (held && name in held.values ? [] : [j]));
  const at = (estimate: readonly number[]): EstimateInference => {
    const { logLik } = likelihoodEvaluator(family, engine)(data, estimate);
    if (inner === undefined) return { logLik, score: 0, wald: undefined };
    const own = free.map((j) => estimate[j] as number);
    const point = likelihoodEvaluator(inner, engine)(data, own);
    return {
      logLik,
      score: scoreInStandardErrors(asScored(inner, data, own, point)),
      wald: undefined,
    };
  };
  const exact = at(fit.exact.params);
  const estimate = at(fit.params);
  return {
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe: undefined,
    converged: estimate.score <= AUTO_TOLERANCE,
    nonRegular,
  };
}

/** Wald results for data x / c expressed for the data x: correlations do not move. */
export function waldFromScaled(family: Family, result: Wald, c: number): Wald {
  const lows = fromScaled(
    family,
    result.ci.map(([lo]) => lo),
    c,
  );
  const highs = fromScaled(
    family,
    result.ci.map(([, hi]) => hi),
    c,
  );
  return {
    ...result,
    se: seFromScaled(family, result.se, c),
    ci: lows.map((lo, j): [number, number] => [lo, highs[j] ?? Number.NaN]),
  };
}
