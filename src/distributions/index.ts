import { negativeBinomial, poisson } from "./counts.js";
import { type Family, SUPPORTS } from "./family.js";
import { cauchy, laplace, logistic, studentT } from "./location-scale.js";
import { canonicalFamilyName } from "./names.js";
import { normal } from "./normal.js";
import { exponential, gamma, lognormal, weibull } from "./positive.js";

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
  poisson,
  negativeBinomial,
];

/** A family by its --dist name, or R's or scipy's short name (names.ts). */
export function familyByName(name: string): Family | undefined {
  const canonical = canonicalFamilyName(name);
  return FAMILIES.find((f) => f.name === canonical);
}

/** The families whose support holds every value: what --dist auto fits. */
export function acceptingFamilies(values: ArrayLike<number>): Family[] {
  const holds = { real: true, positive: true, nonnegative: true, count: true };
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (holds.positive && !SUPPORTS.positive.accepts(x)) holds.positive = false;
    if (holds.nonnegative && !SUPPORTS.nonnegative.accepts(x)) holds.nonnegative = false;
    if (holds.count && !SUPPORTS.count.accepts(x)) holds.count = false;
    if (!holds.nonnegative && !holds.count) break;
  }
  return FAMILIES.filter((f) => holds[f.support]);
}

export type { Family } from "./family.js";
