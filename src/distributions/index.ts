import { negativeBinomial, poisson } from "./counts.js";
import type { Family } from "./family.js";
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

export type { Family } from "./family.js";
