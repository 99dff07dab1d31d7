import { nonRegularReason } from "../fit/edges.js";
import { type Fit, fitFromScaled } from "../fit/fit.js";
import { AUTO_TOLERANCE } from "../fit/full-batch.js";
import { scoreInStandardErrors } from "../fit/newton.js";
import type { RemoteLikelihood, RemoteRows } from "../fit/pushdown.js";
import { gof } from "./gof.js";
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
  const tested = gof(family, rows.sample, fit.exact.params);
  const sampled = rows.sample.length < n;
  return {
    level,
    ciMethod: "wald",
    exact: { ...exact, aic: 2 * k - 2 * exact.logLik, bic: k * Math.log(n) - 2 * exact.logLik },
    estimate,
    gapSe,
    converged: estimate.score <= AUTO_TOLERANCE,
    ...(nonRegular === undefined ? {} : { nonRegular }),
    gof: {
      ...tested,
      method: sampled
        ? `${tested.method}; on a uniform random sample of ${rows.sample.length} of the ${n} rows, drawn by ${rows.engine}`
        : tested.method,
    },
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
