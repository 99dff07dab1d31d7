import type { Family } from "../distributions/family.js";
import { DataError } from "../errors.js";
import { familyGof } from "../inference/gof.js";
import { type ExactFit, exactFit } from "./exact.js";
import { checkEnoughData } from "./fit-family.js";
import type { EngineName } from "./objective.js";

export interface Candidate {
  family: Family;
  fit: ExactFit;
  aic: number;
  bic: number;
  /** AIC minus the best AIC. */
  deltaAic: number;
  /** Akaike weight: exp(-ΔAIC/2) / Σ exp(-ΔAIC/2), the weight of evidence for this family. */
  weight: number;
  /** Kolmogorov-Smirnov distance from the fitted family. */
  ks: number;
}

export interface Comparison {
  /** Fitted families, best AIC first. */
  ranked: Candidate[];
  /** Families whose fit failed, with why; `data` when the data cannot support the family at all. */
  failed: { family: Family; reason: string; data: boolean }[];
}

/**
 * fitdistrplus's comparison of fits, for every family given (those whose support holds the data):
 * each family's exact MLE, ranked by AIC, with BIC, the log-likelihood, the KS distance and the
 * Akaike weights.
 */
export function compareFamilies(
  families: readonly Family[],
  data: Float64Array,
  engine: EngineName,
  gofSample?: { size: number; uniform: () => number },
): Comparison {
  const n = data.length;
  const fitted: Omit<Candidate, "deltaAic" | "weight">[] = [];
  const failed: Comparison["failed"] = [];
  for (const family of families) {
    try {
      checkEnoughData(family, data);
      const fit = exactFit(family, data, engine);
      const k = family.params.length;
      if (!Number.isFinite(fit.logLik)) throw new Error(`log-likelihood ${fit.logLik}`);
      const gof = familyGof(
        data,
        (x) => family.cdf(x, fit.params),
        family.support === "count",
        gofSample,
      );
      fitted.push({
        family,
        fit,
        aic: 2 * k - 2 * fit.logLik,
        bic: k * Math.log(n) - 2 * fit.logLik,
        ks: gof.ks.statistic,
      });
    } catch (error) {
      failed.push({
        family,
        reason: error instanceof Error ? error.message : String(error),
        data: error instanceof DataError,
      });
    }
  }
  fitted.sort((a, b) => a.aic - b.aic);
  const best = fitted[0]?.aic ?? 0;
  const relative = fitted.map((c) => Math.exp(-(c.aic - best) / 2));
  const total = relative.reduce((s, r) => s + r, 0);
  return {
    ranked: fitted.map((c, i) => ({
      ...c,
      deltaAic: c.aic - best,
      weight: (relative[i] as number) / total,
    })),
    failed,
  };
}
