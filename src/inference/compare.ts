import { type Family, firstOutside } from "../distributions/family.js";
import { checkMustFix } from "../distributions/fixed.js";
import { acceptingFamilies } from "../distributions/index.js";
import type { EngineName } from "../engine/engine-name.js";
import { DataError, FitError } from "../errors.js";
import { checkEnoughData } from "../fit/check-data.js";
import { type ExactFit, exactFit } from "../fit/exact.js";
import {
  bootstrapCloud,
  inBetaRegion,
  nearestReferences,
  skewnessKurtosis,
} from "../stats/cullen-frey.js";
import { randomSample } from "../stats/edf.js";
import { statistics } from "./gof.js";

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
  /** Fitted continuous families (densities), best AIC first. */
  ranked: Candidate[];
  /**
   * Fitted count families (probabilities of whole numbers), best AIC first, ranked among
   * themselves: a likelihood made of probabilities and one made of densities are on different
   * scales (a density's changes with the data's units), so AIC cannot compare them.
   */
  rankedCounts: Candidate[];
  /** Families whose fit failed, with why; `data` when the data cannot support the family at all. */
  failed: { family: Family; reason: string; data: boolean }[];
  /** Families not fitted because a value lies outside their support. */
  unsupported: Family[];
  /**
   * The data's skewness and kurtosis against the families' (fitdistrplus's descdist); undefined
   * below 4 values, or without spread, where they are not defined.
   */
  cullenFrey: CullenFrey | undefined;
}

/** fitdistrplus's descdist: where the data lie in the (skewness², kurtosis) plane. */
export interface CullenFrey {
  skewness: number;
  kurtosis: number;
  /** The references (points and lines) nearest the data's point, nearest first. */
  nearest: { family: string; distance: number }[];
  /** Inside the beta's region (1 + skewness² < kurtosis < 3 + 1.5 skewness²). */
  betaRegion: boolean;
  /** With a bootstrap: each resample's (skewness², kurtosis). */
  cloud?: [number, number][];
}

/**
 * The Cullen and Frey summary of the data, and with `bootstrap` its cloud of B resamples (those
 * without spread left out); undefined where skewness and kurtosis are not defined.
 */
export function cullenFrey(
  data: Float64Array,
  bootstrap?: { samples: number; uniform: () => number },
): CullenFrey | undefined {
  const { skewness, kurtosis } = skewnessKurtosis(data);
  if (data.length < 4 || !Number.isFinite(skewness) || !Number.isFinite(kurtosis)) return undefined;
  const beta1 = skewness * skewness;
  return {
    skewness,
    kurtosis,
    nearest: nearestReferences(beta1, kurtosis),
    betaRegion: inBetaRegion(beta1, kurtosis),
    ...(bootstrap === undefined
      ? {}
      : {
          cloud: bootstrapCloud(data, bootstrap.samples, bootstrap.uniform).filter(
            ([b1, b2]) => Number.isFinite(b1) && Number.isFinite(b2),
          ),
        }),
  };
}

/**
 * fitdistrplus's comparison of fits, for every family given: each family whose support holds
 * the data is fitted by its exact MLE, and the fits are ranked by AIC, with BIC, the
 * log-likelihood, the KS distance and the Akaike weights. The others are listed as unsupported,
 * and a fit that fails is listed with its reason.
 */
export function compareFamilies(
  families: readonly Family[],
  data: Float64Array,
  engine: EngineName = "compiled",
  gofSample?: { size: number; uniform: () => number },
  cullenFreyBootstrap?: { samples: number; uniform: () => number },
): Comparison {
  const n = data.length;
  if (n < 2) {
    throw new DataError(`${n === 0 ? "no values" : "only one value"} to compare families on`);
  }
  const fitted: Omit<Candidate, "deltaAic" | "weight">[] = [];
  const failed: Comparison["failed"] = [];
  const unsupported = families.filter((family) => firstOutside(family, data) !== undefined);
  const sorted = (
    gofSample !== undefined && n > gofSample.size
      ? randomSample(data, gofSample.size, gofSample.uniform)
      : data.slice()
  ).sort();
  for (const family of families) {
    if (unsupported.includes(family)) continue;
    try {
      // A known parameter (the binomial's size) is not an estimate: a comparison fixes nothing.
      checkMustFix(family);
      checkEnoughData(family, data);
      const fit = exactFit(family, data, engine);
      const k = family.params.length;
      if (!Number.isFinite(fit.logLik)) throw new Error(`log-likelihood ${fit.logLik}`);
      fitted.push({
        family,
        fit,
        aic: 2 * k - 2 * fit.logLik,
        bic: k * Math.log(n) - 2 * fit.logLik,
        ks: statistics(family, sorted, fit.params).ks,
      });
    } catch (error) {
      failed.push({
        family,
        reason: error instanceof Error ? error.message : String(error),
        data: error instanceof DataError,
      });
    }
  }
  return rankedComparison(fitted, failed, unsupported, cullenFrey(data, cullenFreyBootstrap));
}

/** The comparison of these fits: continuous and count families ranked apart, best AIC first. */
export function rankedComparison(
  fitted: readonly Omit<Candidate, "deltaAic" | "weight">[],
  failed: Comparison["failed"],
  unsupported: Family[],
  summary: CullenFrey | undefined,
): Comparison {
  return {
    ranked: rank(fitted.filter((c) => c.family.support !== "count")),
    rankedCounts: rank(fitted.filter((c) => c.family.support === "count")),
    failed,
    unsupported,
    cullenFrey: summary,
  };
}

/** Best AIC first, with ΔAIC and the Akaike weights among these candidates. */
function rank(fitted: readonly Omit<Candidate, "deltaAic" | "weight">[]): Candidate[] {
  const sorted = [...fitted].sort((a, b) => a.aic - b.aic);
  const best = sorted[0]?.aic ?? 0;
  const relative = sorted.map((c) => Math.exp(-(c.aic - best) / 2));
  const total = relative.reduce((s, r) => s + r, 0);
  return sorted.map((c, i) => ({
    ...c,
    deltaAic: c.aic - best,
    weight: (relative[i] ?? 0) / total,
  }));
}

/** Every fitted family, continuous first: for the best few (plots, --quiet). */
export function allRanked(comparison: Comparison): Candidate[] {
  return [...comparison.ranked, ...comparison.rankedCounts];
}

/**
 * Exit 65 when no family given holds the data, or every family refused the data themselves (no
 * spread, all zero: one reason for all); exit 3 when every fit failed otherwise.
 */
export function checkSomeFitted(comparison: Comparison, values: ArrayLike<number>): void {
  if (comparison.ranked.length > 0 || comparison.rankedCounts.length > 0) return;
  const { unsupported, failed } = comparison;
  if (failed.length === 0) {
    const names = unsupported.map((f) => f.name).join(", ");
    const others = acceptingFamilies(values)
      .map((f) => f.name)
      .join(", ");
    throw new DataError(`none of ${names} accepts these data; families that do: ${others}`);
  }
  const first = failed[0];
  if (first !== undefined && failed.every((f) => f.data)) {
    throw new DataError(`no family can be fitted: ${first.reason}`);
  }
  throw new FitError("no family could be fitted to these data");
}
