import cauchyRandom from "@stdlib/random-base-cauchy";
import laplaceRandom from "@stdlib/random-base-laplace";
import logisticRandom from "@stdlib/random-base-logistic";
import tRandom from "@stdlib/random-base-t";
import cauchyCdf from "@stdlib/stats-base-dists-cauchy-cdf";
import laplaceCdf from "@stdlib/stats-base-dists-laplace-cdf";
import logisticCdf from "@stdlib/stats-base-dists-logistic-cdf";
import tCdf from "@stdlib/stats-base-dists-t-cdf";
import { type Operand, Value } from "../engine/value.js";
import { weightedMedian, weightsOf } from "../stats/weights.js";
import { defineFamily } from "./family.js";
import { meanSd, quartiles } from "./summaries.js";

const LOG_2 = Math.log(2);
const LOG_PI = Math.log(Math.PI);
/** IQR / 1.349 estimates a Normal's standard deviation. */
const IQR_PER_SD = 1.3489795003921634;

/** z = (x - loc) / scale, and log scale, shared by the location-scale families. */
function standardized(x: Operand, loc: Value, scale: Value): { z: Value; logScale: Value } {
  return { z: Value.from(x).sub(loc).div(scale), logScale: scale.log() };
}

function zOf(x: Operand, loc: Value, scale: Value): Value {
  return standardized(x, loc, scale).z;
}

/** log p = -z - log s - 2 log(1 + e^-z), with softplus so that no e^-z overflows. */
export const logistic = defineFamily({
  name: "logistic",
  title: "Logistic",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  scaling: ["scale", "scale"],
  support: "real",
  logProb: (x, [loc, scale]) => {
    const { z, logScale } = standardized(x, loc, scale);
    return z.neg().sub(logScale).sub(z.neg().softplus().mul(2));
  },
  // F = 1 / (1 + e^-z): log F = -softplus(-z), log S = -softplus(z).
  logCdf: (x, [loc, scale]) => zOf(x, loc, scale).neg().softplus().neg(),
  logSf: (x, [loc, scale]) => zOf(x, loc, scale).softplus().neg(),
  start: (data) => [quartiles(data).median, (meanSd(data).sd * Math.sqrt(3)) / Math.PI],
  cdf: (x, [loc, scale]) => logisticCdf(x, loc, scale),
  sampler: ([loc, scale], uniform) => logisticRandom.factory(loc, scale, { prng: uniform }),
});

/** log p = -log 2 - log s - |x - loc| / s. The MLE: the median, and the mean |x - median|. */
export const laplace = defineFamily({
  name: "laplace",
  title: "Laplace",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  scaling: ["scale", "scale"],
  support: "real",
  logProb: (x, [loc, scale]) => {
    const { z, logScale } = standardized(x, loc, scale);
    return z.abs().neg().sub(logScale).sub(LOG_2);
  },
  logCdf: (x, [loc, scale]) => zOf(x, loc, scale).special("laplaceLogCdf"),
  logSf: (x, [loc, scale]) => zOf(x, loc, scale).neg().special("laplaceLogCdf"),
  start: (data) => {
    const { q1, median, q3 } = quartiles(data);
    return [median, (q3 - q1) / (2 * LOG_2) || meanSd(data).sd];
  },
  // With frequency weights: the weighted median, and the weighted mean |x - median|. Newton
  // cannot find a maximum at a kink, so Laplace's closed form takes the weights itself.
  closedForm: (data) => {
    const weights = weightsOf(data);
    if (weights === undefined) {
      const { median } = quartiles(data);
      let sum = 0;
      for (const x of data) sum += Math.abs(x - median);
      return [median, sum / data.length];
    }
    const median = weightedMedian(data, weights);
    let sum = 0;
    let total = 0;
    data.forEach((x, i) => {
      sum += (weights[i] as number) * Math.abs(x - median);
      total += weights[i] as number;
    });
    return [median, sum / total];
  },
  closedFormWeighted: true,
  closedFormMethod: "median, and mean absolute deviation from it",
  // Both parameters: n / scale², uncorrelated. The observed Hessian is 0 in loc almost everywhere.
  information: ([, scale], n) => [
    [n / scale ** 2, 0],
    [0, n / scale ** 2],
  ],
  // Σ |x - loc| is piecewise linear in loc, kinked at every datum: for any scale its maximum in
  // loc is where as many values lie above as below, the median.
  kinked: {
    param: 0,
    argmax: (data) => {
      const weights = weightsOf(data);
      return weights === undefined ? quartiles(data).median : weightedMedian(data, weights);
    },
  },
  cdf: (x, [loc, scale]) => laplaceCdf(x, loc, scale),
  sampler: ([loc, scale], uniform) => laplaceRandom.factory(loc, scale, { prng: uniform }),
});

/** log p = -log π - log s - log(1 + z²). No moments: the start is the median and IQR / 2. */
export const cauchy = defineFamily({
  name: "cauchy",
  title: "Cauchy",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  scaling: ["scale", "scale"],
  support: "real",
  logProb: (x, [loc, scale]) => {
    const { z, logScale } = standardized(x, loc, scale);
    return z.square().log1p().neg().sub(logScale).sub(LOG_PI);
  },
  logCdf: (x, [loc, scale]) => zOf(x, loc, scale).special("cauchyLogCdf"),
  logSf: (x, [loc, scale]) => zOf(x, loc, scale).neg().special("cauchyLogCdf"),
  start: (data) => {
    const { q1, median, q3 } = quartiles(data);
    return [median, (q3 - q1) / 2 || meanSd(data).sd];
  },
  cdf: (x, [loc, scale]) => cauchyCdf(x, loc, scale),
  sampler: ([loc, scale], uniform) => cauchyRandom.factory(loc, scale, { prng: uniform }),
});

/**
 * Student's t with location and scale (scipy's t(df, loc, scale)):
 * log p = lgamma((ν+1)/2) - lgamma(ν/2) - log(νπ)/2 - log s - (ν+1)/2 · log(1 + z²/ν).
 */
export const studentT = defineFamily({
  name: "student-t",
  title: "Student t",
  params: ["loc", "scale", "df"],
  constraints: ["real", "positive", "positive"],
  scaling: ["scale", "scale", "none"],
  support: "real",
  logProb: (x, [loc, scale, df]) => {
    const nu = df;
    const { z, logScale } = standardized(x, loc, scale);
    const halfNuPlusOne = nu.add(1).mul(0.5);
    return halfNuPlusOne
      .lgamma()
      .sub(nu.mul(0.5).lgamma())
      .sub(nu.log().mul(0.5))
      .sub(0.5 * LOG_PI)
      .sub(logScale)
      .sub(halfNuPlusOne.mul(z.square().div(nu).log1p()));
  },
  start: (data) => {
    const { q1, median, q3 } = quartiles(data);
    return [median, (q3 - q1) / IQR_PER_SD || meanSd(data).sd, 5];
  },
  limit: "the Normal, as df grows (try --dist normal)",
  cdf: (x, [loc, scale, df]) => tCdf((x - loc) / scale, df),
  sampler: ([loc, scale, df], uniform) => {
    const draw = tRandom.factory(df, { prng: uniform });
    return () => loc + scale * draw();
  },
});
