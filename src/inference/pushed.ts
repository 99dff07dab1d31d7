import type { Family } from "../distributions/family.js";
import { nonRegularReason } from "../fit/edges.js";
import { type Fit, fitFromScaled } from "../fit/fit.js";
import { AUTO_TOLERANCE } from "../fit/full-batch.js";
import { scoreInStandardErrors } from "../fit/newton.js";
import type { RemoteLikelihood, RemoteRows } from "../fit/pushdown.js";
import { type GofResult, gof } from "./gof.js";
import { type EstimateInference, type Inference, waldFromScaled } from "./infer.js";
import { wald } from "./wald.js";

/**
 * infer() for a fit of remote rows: Wald intervals from the database's Hessian at the exact MLE
 * and at the SGD estimate (a query each for "newton" plans; none for "statistics"), AIC and BIC
 * with n the rows, and goodness of fit on the sample the engine drew (stated in its method).
 */
export async function inferPushed(
  fit: Fit,
  rows: RemoteRows,
  likelihood: RemoteLikelihood,
  level: number,
): Promise<Inference> {
  const { family } = fit;
  // The GEV's shape at or below -0.5: no Wald standard errors (the bootstraps do not take
  // database sources yet; the report says so).
  const nonRegular = nonRegularReason(family, fit.exact.params);
  const at = async (estimate: readonly number[]): Promise<EstimateInference> => {
    const point = await likelihood.at(estimate);
    return {
      logLik: point.logLik,
      score: scoreInStandardErrors(point),
      wald:
        nonRegular === undefined
          ? wald([...estimate], point.hessian, level, family.constraints)
          : undefined,
    };
  };
  const exact = await at(fit.exact.params);
  const estimate = await at(fit.params);
  const k = family.params.length;
  const { n } = rows;
  const gapSe = exact.wald?.se.map(
    (s, j) => ((fit.params[j] ?? 0) - (fit.exact.params[j] ?? 0)) / s,
  );
  return {
    level,
    ciMethod: "wald",
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe,
    converged: estimate.score <= AUTO_TOLERANCE,
    ...(nonRegular === undefined ? {} : { nonRegular }),
    gof: sampledGof(family, rows, fit.exact.params),
  };
}

/** Goodness of fit on the sample the engine drew, which its method states. */
function sampledGof(
  family: Family,
  rows: Pick<RemoteRows, "n" | "sample" | "engine">,
  params: readonly number[],
): GofResult {
  const tested = gof(family, rows.sample, params);
  return rows.sample.length < rows.n
    ? {
        ...tested,
        method: `${tested.method}; on a uniform random sample of ${rows.sample.length} of the ${rows.n} rows, drawn by ${rows.engine}`,
      }
    : tested;
}

/**
 * The inference of a fit whose edges were held at the rows' smallest and largest values
 * (edges.ts), from the inference of the other parameters' fit: the same log-likelihood (the
 * edges are constants in it) and stopping rule, no Wald answer (edges are not regular), AIC and
 * BIC counting the edges, as in memory.
 */
export function wholeInference(inference: Inference, fit: Fit): Inference {
  const { family, n } = fit;
  const k = family.params.length;
  const nonRegular = nonRegularReason(family, fit.exact.params);
  const { logLik } = inference.exact;
  return {
    ...inference,
    exact: {
      ...inference.exact,
      wald: undefined,
      aic: 2 * k - 2 * logLik,
      bic: k * Math.log(n) - 2 * logLik,
    },
    estimate: { ...inference.estimate, wald: undefined },
    gapSe: undefined,
    ...(nonRegular === undefined ? {} : { nonRegular }),
  };
}

/** The inference of a family whose every parameter is an edge (the uniform): its closed form's. */
export function edgesOnlyInference(
  fit: Fit,
  rows: Pick<RemoteRows, "n" | "sample" | "engine">,
  level: number,
): Inference {
  const { family, n } = fit;
  const params = fit.exact.params;
  const k = params.length;
  const point: EstimateInference = { logLik: fit.exact.logLik, score: 0, wald: undefined };
  const nonRegular = nonRegularReason(family, params);
  return {
    level,
    ciMethod: "wald",
    exact: {
      ...point,
      aic: 2 * k - 2 * point.logLik,
      bic: k * Math.log(n) - 2 * point.logLik,
    },
    estimate: point,
    gapSe: undefined,
    converged: true,
    ...(nonRegular === undefined ? {} : { nonRegular }),
    gof: sampledGof(family, rows, params),
  };
}

/**
 * A fit and its inference made on rows x / c (c a power of two: data near 1e±300, whose sums of
 * squares would overflow), expressed for the rows x: estimates and intervals moved by each
 * parameter's scaling, the log-likelihood less n log c (AIC and BIC with it).
 */
export function unscaled(
  fit: Fit,
  inference: Inference,
  c: number,
): { fit: Fit; inference: Inference } {
  if (c === 1) return { fit, inference };
  const { family } = fit;
  const shift = fit.n * Math.log(c);
  const estimate = (e: EstimateInference): EstimateInference => ({
    ...e,
    logLik: e.logLik - shift,
    wald: e.wald === undefined ? undefined : waldFromScaled(family, e.wald, c),
  });
  const exact = estimate(inference.exact);
  return {
    fit: fitFromScaled(fit, c, fit.n),
    inference: {
      ...inference,
      exact: {
        ...exact,
        aic: inference.exact.aic + 2 * shift,
        bic: inference.exact.bic + 2 * shift,
      },
      estimate: estimate(inference.estimate),
    },
  };
}
