import type { Family } from "../distributions/family.js";
import { normal } from "../distributions/normal.js";
import { exactFit } from "../fit/exact.js";
import type { FamilyFit } from "../fit/fit-family.js";
import type { NormalFit } from "../fit/fit-normal.js";
import type { EngineName } from "../fit/objective.js";
import {
  type BootstrapMethod,
  type BootstrapResult,
  bootstrapFamily,
  bootstrapNormal,
} from "./bootstrap.js";
import { familyGof, type GofResult, normalGof } from "./gof.js";
import { likelihoodEvaluator } from "./likelihood.js";
import { type Wald, wald } from "./wald.js";

export interface EstimateInference {
  logLik: number;
  /** Undefined where the observed information is not positive definite. */
  wald: Wald | undefined;
}

export interface NormalInference {
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

export type Draw = (n: number, loc: number, scale: number) => Float64Array;

export interface InferenceOptions {
  level: number;
  engine: EngineName;
  /** Parametric bootstrap p-values for the goodness-of-fit statistics. */
  gofBootstrap?: { replicates: number; draw: Draw };
  /** Goodness of fit on a random sample of this size when n is larger (sorting is n log n). */
  gofSample?: { size: number; uniform: () => number };
  /** Percentile bootstrap intervals. */
  bootstrap?: { replicates: number; method: BootstrapMethod; draw: Draw; uniform: () => number };
}

/**
 * Everything fitdistrplus's summary() and gofstat() say about a fit, for the SGD estimate and the
 * exact MLE side by side, with the observed information from the engine's own second derivatives.
 */
export function inferNormal(
  data: Float64Array,
  fit: NormalFit,
  options: InferenceOptions,
): NormalInference {
  const { level } = options;
  return {
    ...bothEstimates(
      normal,
      data,
      [fit.exact.loc, fit.exact.scale],
      [fit.params.loc, fit.params.scale],
      options,
    ),
    gof: normalGof(data, {
      ...(options.gofBootstrap ? { bootstrap: options.gofBootstrap } : {}),
      ...(options.gofSample ? { sample: options.gofSample } : {}),
    }),
    ...(options.bootstrap
      ? { bootstrap: bootstrapNormal(data, fit.exact, { ...options.bootstrap, level }) }
      : {}),
  };
}

/** Bootstrap options for any family: the draws come from the family's own sampler. */
export interface FamilyResampling {
  bootstrap?: { replicates: number; method: BootstrapMethod; uniform: () => number };
  gofBootstrap?: { replicates: number; uniform: () => number };
}

/**
 * What inferNormal gives, for any family; GOF p-values and percentile intervals from a
 * parametric (or, for intervals, nonparametric) bootstrap refitted by the family's exact MLE.
 */
export function inferFamily(
  data: Float64Array,
  fit: FamilyFit,
  options: Pick<InferenceOptions, "level" | "engine" | "gofSample"> & FamilyResampling,
): NormalInference {
  const { level } = options;
  const { family } = fit;
  const params = fit.exact.params;
  return {
    ...bothEstimates(family, data, params, fit.params, options),
    gof: familyGof(
      data,
      (x) => family.cdf(x, params),
      family.support === "count",
      options.gofSample,
      options.gofBootstrap === undefined
        ? undefined
        : {
            replicates: options.gofBootstrap.replicates,
            draw: family.sampler(params, options.gofBootstrap.uniform),
            refit: refitter(family),
          },
    ),
    ...(options.bootstrap
      ? { bootstrap: bootstrapFamily(family, data, params, { ...options.bootstrap, level }) }
      : {}),
  };
}

/** The CDF of the family refitted to a sample by its exact MLE; undefined where that fails. */
function refitter(family: Family): (sample: Float64Array) => ((x: number) => number) | undefined {
  return (sample) => {
    try {
      const { params } = exactFit(family, sample, "compiled");
      return (x) => family.cdf(x, params);
    } catch {
      return undefined;
    }
  };
}

/**
 * The likelihood, Wald intervals (from the engine's Hessian, or the family's expected information
 * where it has one) and AIC/BIC at the exact MLE and at the SGD estimate, and the gap between
 * them in standard errors.
 */
function bothEstimates(
  family: Family,
  data: Float64Array,
  exactParams: readonly number[],
  sgdParams: readonly number[],
  { level, engine }: Pick<InferenceOptions, "level" | "engine">,
): Omit<NormalInference, "gof" | "bootstrap"> {
  const n = data.length;
  const k = family.params.length;
  const likelihood = likelihoodEvaluator(family, engine);
  const at = (estimate: readonly number[]): EstimateInference => {
    const { logLik, hessian } = likelihood(data, estimate);
    const information = family.information?.(estimate, n) ?? hessian;
    return { logLik, wald: wald(estimate, information, level) };
  };
  const exact = at(exactParams);
  const estimate = at(sgdParams);
  const se = exact.wald?.se;
  const gapSe = se?.map((s, j) => ((sgdParams[j] as number) - (exactParams[j] as number)) / s);
  return {
    level,
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe,
    converged: gapSe?.every((g) => Math.abs(g) <= 1) ?? false,
  };
}
