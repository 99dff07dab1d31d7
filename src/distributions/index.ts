import { UsageError } from "../errors.js";
import { binomial, geometric, negativeBinomial, poisson, zeroInflatedPoisson } from "./counts.js";
import { pareto, uniform } from "./edge-support.js";
import { generalizedPareto, gev, gumbel } from "./extreme.js";
import { type Family, SUPPORTS } from "./family.js";
import { cauchy, laplace, logistic, studentT } from "./location-scale.js";
import { mixtureFamily } from "./mixture.js";
import { canonicalFamilyName } from "./names.js";
import { normal } from "./normal.js";
import {
  exponential,
  gamma,
  inverseGaussian,
  logLogistic,
  lognormal,
  weibull,
} from "./positive.js";
import { beta } from "./unit.js";

/** Every family --dist knows, in the order --dist auto lists them before ranking. */
export const FAMILIES: readonly Family[] = [
  normal,
  lognormal,
  exponential,
  gamma,
  weibull,
  logistic,
  laplace,
  cauchy,
  studentT,
  gumbel,
  gev,
  logLogistic,
  inverseGaussian,
  beta,
  uniform,
  pareto,
  generalizedPareto,
  poisson,
  negativeBinomial,
  geometric,
  zeroInflatedPoisson,
  binomial,
];

/**
 * What --dist auto fits: every family but those with a known parameter (the binomial's size),
 * which is fitted only with it fixed, and those with an edge of the support among their
 * parameters (uniform, Pareto, generalized Pareto): an edge's MLE is an extreme value, a
 * non-regular estimate that AIC's penalty of 2 per parameter does not describe. A list names
 * them to compare them anyway.
 */
export const AUTO_FAMILIES: readonly Family[] = FAMILIES.filter(
  (f) => f.mustFix === undefined && f.edges === undefined,
);

/**
 * The families a comparison (--dist auto, or a list) may fit: all but those with a known
 * parameter (the binomial's size), which a comparison cannot fix. A list naming one is a usage
 * error.
 */
export function comparable(families: readonly Family[]): Family[] {
  for (const family of families) {
    if (family.mustFix !== undefined) {
      throw new UsageError(
        `${family.name} cannot be compared: its ${family.mustFix.join(", ")} is known, not fitted, and a comparison fixes nothing (fit it alone with --dist ${family.name} --fix ${family.mustFix[0]}=N)`,
      );
    }
  }
  return [...families];
}

/** A family by its --dist name, or R's or scipy's short name (names.ts). */
export function familyByName(name: string): Family | undefined {
  const canonical = canonicalFamilyName(name);
  const mixture = canonical?.match(/^(.+)-mixture-(\d)$/);
  if (mixture) {
    const base = FAMILIES.find((f) => f.name === mixture[1]);
    return base && mixtureOf(Number(mixture[2]), base);
  }
  return FAMILIES.find((f) => f.name === canonical);
}

const mixtures = new Map<string, Family>();

/**
 * The mixture of K components of a family (the Normal by default), one object per family and K
 * (compiled kernels are kept per family object). A family that cannot be mixed (counts, a known
 * or an edge parameter) is a usage error.
 */
export function mixtureOf(k: number, base: Family = normal): Family {
  const key = `${base.name}-mixture-${k}`;
  let family = mixtures.get(key);
  if (family === undefined) {
    family = mixtureFamily(base, k);
    mixtures.set(key, family);
  }
  return family;
}

/** The families whose support holds every value: what --dist auto fits. */
export function acceptingFamilies(values: ArrayLike<number>): Family[] {
  const holds = { real: true, positive: true, nonnegative: true, unit: true, count: true };
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (holds.positive && !SUPPORTS.positive.accepts(x)) holds.positive = false;
    if (holds.nonnegative && !SUPPORTS.nonnegative.accepts(x)) holds.nonnegative = false;
    if (holds.count && !SUPPORTS.count.accepts(x)) holds.count = false;
    if (holds.unit && !SUPPORTS.unit.accepts(x)) holds.unit = false;
    if (!holds.nonnegative && !holds.count) break;
  }
  return AUTO_FAMILIES.filter((f) => holds[f.support]);
}

export type { Family } from "./family.js";
