import type { EngineName } from "../engine/engine-name.js";
import type { Fit } from "../fit/fit.js";
import { likelihoodEvaluator } from "../likelihood/likelihood.js";
import { type BootstrapMethod, type BootstrapResult, bootstrap } from "./bootstrap.js";
import { type GofResult, gof } from "./gof.js";
import { type Wald, wald } from "./wald.js";

export interface EstimateInference {
  logLik: number;
  /** Undefined where the information is not positive definite. */
  wald: Wald | undefined;
}

export interface Inference {
  level: number;
  /** At the exact MLE, with R's model scores: AIC = 2k - 2 logLik, BIC = k log n - 2 logLik. */
  exact: EstimateInference & { aic: number; bic: number };
  /** At the SGD estimate. */
  estimate: EstimateInference;
  /** (SGD estimate - exact MLE) / the exact MLE's standard error, per parameter. */
  gapSe: number[] | undefined;
  /** Every |gapSe| is at most 1: SGD got within a standard error of the exact MLE. */
  converged: boolean;
  gof: GofResult;
  bootstrap?: BootstrapResult;
}

export interface InferenceOptions {
  level: number;
  engine: EngineName;
  /** Goodness of fit on a random sample of this size when n is larger (sorting is n log n). */
  gofSample?: { size: number; uniform: () => number };
  /** Parametric bootstrap p-values for the goodness-of-fit statistics. */
  gofBootstrap?: { replicates: number; uniform: () => number };
  /** Percentile bootstrap intervals. */
  bootstrap?: { replicates: number; method: BootstrapMethod; uniform: () => number };
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
  const n = data.length;
  const k = family.params.length;
  const likelihood = likelihoodEvaluator(family, engine);
  const positive = family.constraints.map((c) => c === "positive");
  const at = (estimate: readonly number[]): EstimateInference => {
    const { logLik, hessian } = likelihood(data, estimate);
    const information = family.information?.(estimate, n) ?? hessian;
    return { logLik, wald: wald(estimate, information, level, positive) };
  };
  const exactParams = fit.exact.params;
  const exact = at(exactParams);
  const estimate = at(fit.params);
  const gapSe = exact.wald?.se.map((s, j) => ((fit.params[j] ?? 0) - (exactParams[j] ?? 0)) / s);
  return {
    level,
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe,
    converged: gapSe?.every((g) => Math.abs(g) <= 1) ?? false,
    gof: gof(family, data, exactParams, {
      ...(options.gofSample ? { sample: options.gofSample } : {}),
      ...(options.gofBootstrap ? { bootstrap: options.gofBootstrap } : {}),
    }),
    ...(options.bootstrap
      ? { bootstrap: bootstrap(family, data, exactParams, { ...options.bootstrap, level }) }
      : {}),
  };
}
