/**
 * The families' --dist names, and R's and scipy's short names for them: apart from the families
 * themselves, so that parsing --dist loads none of their code (the default command stays fast).
 */
export const FAMILY_NAMES = [
  "normal",
  "lognormal",
  "exponential",
  "gamma",
  "weibull",
  "logistic",
  "laplace",
  "cauchy",
  "student-t",
  "poisson",
  "negbin",
] as const;

export type FamilyName = (typeof FAMILY_NAMES)[number];

const ALIASES: Record<string, FamilyName> = {
  norm: "normal",
  lnorm: "lognormal",
  exp: "exponential",
  expon: "exponential",
  t: "student-t",
  pois: "poisson",
  nbinom: "negbin",
  "negative-binomial": "negbin",
};

/** The canonical name for a --dist value (any case, aliases allowed), or undefined. */
export function canonicalFamilyName(name: string): FamilyName | undefined {
  const lower = name.toLowerCase();
  const canonical = ALIASES[lower] ?? lower;
  return (FAMILY_NAMES as readonly string[]).includes(canonical)
    ? (canonical as FamilyName)
    : undefined;
}
