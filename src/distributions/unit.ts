import betaRandom from "@stdlib/random-base-beta";
import betaCdf from "@stdlib/stats-base-dists-beta-cdf";
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { Value } from "../engine/value.js";
import { defineFamily } from "./family.js";
import { meanSd } from "./summaries.js";

/**
 * R's beta(shape1, shape2), scipy's beta(a, b), on (0, 1):
 * log p = (a - 1) log x + (b - 1) log(1 - x) + lgamma(a + b) - lgamma(a) - lgamma(b), with
 * log(1 - x) as log1p(-x). Start: moments, a + b = m(1 - m) / v - 1.
 */
export const beta = defineFamily({
  name: "beta",
  title: "Beta",
  params: ["shape1", "shape2"],
  constraints: ["positive", "positive"],
  support: "unit",
  logProb: (x, [a, b]) => {
    const logX = Value.from(x).log();
    const log1mX = Value.from(x).neg().log1p();
    return a
      .sub(1)
      .mul(logX)
      .add(b.sub(1).mul(log1mX))
      .add(a.add(b).lgamma())
      .sub(a.lgamma())
      .sub(b.lgamma());
  },
  start: (data) => {
    const { mean, sd } = meanSd(data);
    const common = (mean * (1 - mean)) / (sd * sd) - 1;
    return common > 0 && Number.isFinite(common) ? [mean * common, (1 - mean) * common] : [1, 1];
  },
  cdf: (x, [a, b]) => betaCdf(x, a, b),
  quantile: (p, [a, b]) => betaQuantile(p, a, b),
  sampler: ([a, b], uniform) => betaRandom.factory(a, b, { prng: uniform }),
});
