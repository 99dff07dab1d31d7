import negativeBinomialRandom from "@stdlib/random-base-negative-binomial";
import poissonRandom from "@stdlib/random-base-poisson";
import negativeBinomialCdf from "@stdlib/stats-base-dists-negative-binomial-cdf";
import poissonCdf from "@stdlib/stats-base-dists-poisson-cdf";
import { Value } from "../engine/value.js";
import { defineFamily } from "./family.js";
import { meanSd } from "./summaries.js";

/** R's pois(lambda): log p = x log λ - λ - lgamma(x + 1). The MLE: the mean. */
export const poisson = defineFamily({
  name: "poisson",
  title: "Poisson",
  params: ["lambda"],
  constraints: ["positive"],
  support: "count",
  logProb: (x, [lambda]) => {
    const l = lambda;
    return l.log().mul(x).sub(l).sub(Value.from(x).add(1).lgamma());
  },
  start: (data) => [meanSd(data).mean],
  closedForm: (data) => [meanSd(data).mean],
  closedFormMethod: "mean",
  cdf: (x, [lambda]) => poissonCdf(x, lambda),
  sampler: ([lambda], uniform) => poissonRandom.factory(lambda, { prng: uniform }),
});

/**
 * R's nbinom(size, mu), as fitdistrplus fits it:
 * log p = lgamma(x + r) - lgamma(r) - lgamma(x + 1) + r log r + x log μ - (r + x) log(r + μ).
 * Start: moments, size = mean² / (variance - mean) where the data are overdispersed.
 */
export const negativeBinomial = defineFamily({
  name: "negbin",
  title: "Negative binomial",
  params: ["size", "mu"],
  constraints: ["positive", "positive"],
  support: "count",
  logProb: (x, [size, mu]) => {
    const r = size;
    const m = mu;
    return r
      .add(x)
      .lgamma()
      .sub(r.lgamma())
      .sub(Value.from(x).add(1).lgamma())
      .add(r.mul(r.log()))
      .add(m.log().mul(x))
      .sub(r.add(x).mul(r.add(m).log()));
  },
  start: (data) => {
    const { mean, sd } = meanSd(data);
    const excess = sd * sd - mean;
    return [excess > 0 ? (mean * mean) / excess : 100 * Math.max(mean, 1), mean];
  },
  limit: "the Poisson, as size grows; the data are not overdispersed (try --dist poisson)",
  // The MLE of size is finite exactly when the variance (divisor n) exceeds the mean (Anscombe
  // 1950): otherwise the likelihood rises towards the Poisson's as size grows. Newton would stop
  // somewhere past 1e7 where lgamma's differences have lost their digits, and report a
  // log-likelihood above the Poisson limit, which cannot be.
  noMaximum: (data) => {
    const { mean, sd } = meanSd(data);
    const variance = sd * sd;
    if (variance > mean) return undefined;
    return `size grows without bound: the variance ${+variance.toPrecision(6)} is not above the mean ${+mean.toPrecision(6)} (no overdispersion), so the likelihood has no maximum, only a limit: the Poisson, as size grows (try --dist poisson)`;
  },
  cdf: (x, [size, mu]) => negativeBinomialCdf(x, size, size / (size + mu)),
  sampler: ([size, mu], uniform) =>
    negativeBinomialRandom.factory(size, size / (size + mu), { prng: uniform }),
});
