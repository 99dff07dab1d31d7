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
  "gumbel",
  "gev",
  "log-logistic",
  "inverse-gaussian",
  "beta",
  "uniform",
  "pareto",
  "generalized-pareto",
  "poisson",
  "negbin",
  "geometric",
  "zip",
  "binomial",
] as const;

/**
 * A mixture of K components of a family (mixture.ts), K from 2 to 9: `--mixture K` (with
 * `--dist NAME`), or this name.
 */
export type MixtureName = `${string}-mixture-${number}`;
export type FamilyName = (typeof FAMILY_NAMES)[number] | MixtureName;

const MIXTURE = /^(.+)-mixture-([2-9])$/;

/**
 * R's names (fitdistrplus's distr argument: the suffix of dnorm, dlnorm, ...) and scipy.stats'
 * names for each family, and a few spellings users type.
 */
export const ALIASES: Record<string, FamilyName> = {
  // R
  norm: "normal",
  lnorm: "lognormal",
  exp: "exponential",
  logis: "logistic",
  t: "student-t",
  pois: "poisson",
  nbinom: "negbin",
  llogis: "log-logistic",
  invgauss: "inverse-gaussian",
  geom: "geometric",
  binom: "binomial",
  zipois: "zip",
  unif: "uniform",
  // actuar's Pareto of the first kind (its "pareto" is the Lomax, not this one)
  pareto1: "pareto",
  // evd's names
  gpd: "generalized-pareto",
  // scipy.stats
  lognorm: "lognormal",
  expon: "exponential",
  weibull_min: "weibull",
  gumbel_r: "gumbel",
  fisk: "log-logistic",
  // scipy's genextreme has c = -shape: its c = 0.2 is our shape = -0.2
  genextreme: "gev",
  genpareto: "generalized-pareto",
  // scipy's uniform and pareto are ours (with loc = min, scale = max - min; b = shape,
  // scale = min).
  // scipy's invgauss, beta, geom and binom are the same as R's (above) or the --dist name.
  // gamma, logistic, laplace, cauchy and poisson are the same in scipy, t and nbinom above.
  // other spellings
  gaussian: "normal",
  "log-normal": "lognormal",
  student: "student-t",
  student_t: "student-t",
  "negative-binomial": "negbin",
  negative_binomial: "negbin",
  loglogistic: "log-logistic",
  log_logistic: "log-logistic",
  inverse_gaussian: "inverse-gaussian",
  wald: "inverse-gaussian",
  "zero-inflated-poisson": "zip",
  zero_inflated_poisson: "zip",
  "generalized-extreme-value": "gev",
  generalized_pareto: "generalized-pareto",
};

/** The canonical name for a --dist value (any case, aliases allowed), or undefined. */
export function canonicalFamilyName(name: string): FamilyName | undefined {
  const lower = name.toLowerCase();
  const mixture = lower.match(MIXTURE);
  if (mixture) {
    // The family's own name, or R's or scipy's: lnorm-mixture-2 is lognormal-mixture-2.
    const base = canonicalFamilyName(mixture[1] as string);
    return base === undefined || base.includes("-mixture-")
      ? undefined
      : (`${base}-mixture-${mixture[2]}` as MixtureName);
  }
  const canonical = ALIASES[lower] ?? lower;
  return (FAMILY_NAMES as readonly string[]).includes(canonical)
    ? (canonical as FamilyName)
    : undefined;
}
