import quantile from "@stdlib/stats-base-dists-normal-quantile";
import {
  type Constraint,
  fromFree,
  isInterval,
  slopes,
  toFree,
  within,
} from "../distributions/constraint.js";
import { invert } from "../linalg/linear-algebra.js";
import { nth } from "../stats/at.js";

export interface Wald {
  /** Standard errors: square roots of the diagonal of the inverse observed information. */
  se: number[];
  /**
   * Wald intervals estimate ± z·se, z the standard Normal's (1 + level)/2 quantile; for a
   * positive parameter, on the log scale (delta method: log θ ± z·se/θ), so it stays above 0;
   * for a bounded one, on the logit scale, so it stays inside its interval.
   */
  ci: [number, number][];
  /** Every pair's correlation. */
  correlations: number[][];
}

/**
 * Standard errors, correlations and Wald intervals from the observed information (the Hessian of
 * the negative log-likelihood) at an estimate. Undefined when the information is not positive
 * definite there, as at an estimate far from a maximum: then there is no Wald answer. The
 * interval of a parameter marked `positive` is computed for log θ, whose standard error is
 * se/θ, and mapped back: θ·exp(±z·se/θ), as R's confint does on a log link; it never leaves the
 * parameter space, and is the better interval for a skewed estimate. A bounded parameter's
 * (a probability) is computed likewise for its logit.
 *
 * @example
 * // Normal, n = 100, at the MLE σ = 2: information diag(n/σ², 2n/σ²)
 * wald([-4, 2], [[25, 0], [0, 50]], 0.95).se; // [0.2, 0.1414...] = σ/√n, σ/√(2n)
 */
export function wald(
  estimate: readonly number[],
  hessian: number[][],
  level: number,
  constraints: readonly Constraint[] = [],
): Wald | undefined {
  const covariance = invert(hessian);
  if (covariance === undefined) return undefined;
  const variances = covariance.map((row, j) => nth(row, j));
  if (!variances.every((v) => v > 0 && Number.isFinite(v))) return undefined;
  const se = variances.map(Math.sqrt);
  const z = quantile((1 + level) / 2, 0, 1);
  const ci = estimate.map((e, j): [number, number] => {
    const half = z * nth(se, j);
    const c = constraints[j] ?? "real";
    if (c === "positive" && e > 0) {
      const factor = Math.exp(half / e);
      return [e / factor, e * factor];
    }
    if (isInterval(c) && within(c, e)) {
      // In u = logit of θ's place in the interval, whose standard error is se / θ'.
      const u = toFree(c, e);
      const width = half / slopes(c, e)[0];
      return [fromFree(c, u - width), fromFree(c, u + width)];
    }
    return [e - half, e + half];
  });
  // From the two mirror entries' mean: elimination leaves them a rounding apart.
  const correlations = covariance.map((row, j) =>
    row.map((c, k) => {
      if (j === k) return 1;
      const mirror = covariance[k]?.[j] ?? c;
      const r = (c + mirror) / 2 / ((se[j] ?? 1) * (se[k] ?? 1));
      return Math.max(-1, Math.min(1, r));
    }),
  );
  return { se, ci, correlations };
}
