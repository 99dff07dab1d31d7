import exponentialRandom from "@stdlib/random-base-exponential";
import gammaRandom from "@stdlib/random-base-gamma";
import lognormalRandom from "@stdlib/random-base-lognormal";
import weibullRandom from "@stdlib/random-base-weibull";
import exponentialCdf from "@stdlib/stats-base-dists-exponential-cdf";
import gammaCdf from "@stdlib/stats-base-dists-gamma-cdf";
import lognormalCdf from "@stdlib/stats-base-dists-lognormal-cdf";
import weibullCdf from "@stdlib/stats-base-dists-weibull-cdf";
import { type Operand, Value } from "../engine/value.js";
import { defineFamily } from "./family.js";
import { normalLogProb, normalZ } from "./normal.js";
import { logMeanSd, meanSd } from "./summaries.js";

const EULER_GAMMA = 0.5772156649015329;

const logOf = (x: Operand) => Value.from(x).log();

/** R's lnorm(meanlog, sdlog): log x is Normal; log p = log N(log x | meanlog, sdlog) - log x. */
export const lognormal = defineFamily({
  name: "lognormal",
  title: "Lognormal",
  params: ["meanlog", "sdlog"],
  constraints: ["real", "positive"],
  scaling: ["log-shift", "none"],
  support: "positive",
  logProb: (x, [meanlog, sdlog]) => {
    const logX = logOf(x);
    return normalLogProb(logX, meanlog, sdlog).sub(logX);
  },
  logCdf: (x, [meanlog, sdlog]) => normalZ(logOf(x), meanlog, sdlog).special("normalLogCdf"),
  logSf: (x, [meanlog, sdlog]) => normalZ(logOf(x), meanlog, sdlog).neg().special("normalLogCdf"),
  start: (data) => {
    const { mean, sd } = logMeanSd(data);
    return [mean, sd];
  },
  closedForm: (data) => {
    const { mean, sd } = logMeanSd(data);
    return [mean, sd];
  },
  closedFormMethod: "mean, and standard deviation with divisor n, of log x",
  cdf: (x, [meanlog, sdlog]) => lognormalCdf(x, meanlog, sdlog),
  sampler: ([meanlog, sdlog], uniform) =>
    lognormalRandom.factory(meanlog, sdlog, { prng: uniform }),
});

/**
 * R's exp(rate): log p = log rate - rate·x. The MLE: 1 / mean. Its density is rate at 0, so 0 is
 * a value like any other (R's fitdist takes it too): the support is x ≥ 0.
 */
export const exponential = defineFamily({
  name: "exponential",
  title: "Exponential",
  params: ["rate"],
  constraints: ["positive"],
  scaling: ["rate"],
  support: "nonnegative",
  logProb: (x, [rate]) => rate.log().sub(rate.mul(x)),
  // log F = log(1 - e^-rate·x), log S = -rate·x.
  logCdf: (x, [rate]) => rate.mul(x).special("log1mexp"),
  logSf: (x, [rate]) => rate.mul(x).neg(),
  start: (data) => [1 / meanSd(data).mean],
  closedForm: (data) => [1 / meanSd(data).mean],
  closedFormMethod: "1 / mean",
  cdf: (x, [rate]) => exponentialCdf(x, rate),
  sampler: ([rate], uniform) => exponentialRandom.factory(rate, { prng: uniform }),
});

/** R's gamma(shape, rate): log p = a log b - lgamma(a) + (a - 1) log x - b x. Start: moments. */
export const gamma = defineFamily({
  name: "gamma",
  title: "Gamma",
  params: ["shape", "rate"],
  constraints: ["positive", "positive"],
  scaling: ["none", "rate"],
  support: "positive",
  logProb: (x, [shape, rate]) => {
    const a = shape;
    const b = rate;
    return a
      .mul(b.log())
      .sub(a.lgamma())
      .add(a.sub(1).mul(logOf(x)))
      .sub(b.mul(x));
  },
  start: (data) => {
    const { mean, sd } = meanSd(data);
    const variance = sd * sd;
    return [(mean * mean) / variance, mean / variance];
  },
  cdf: (x, [shape, rate]) => gammaCdf(x, shape, rate),
  sampler: ([shape, rate], uniform) => gammaRandom.factory(shape, rate, { prng: uniform }),
});

/** (x / scale)^shape, as e^(shape·(log x - log scale)). */
function weibullHazard(x: Operand, shape: Value, scale: Value): Value {
  return shape.mul(logOf(x).sub(scale.log())).exp();
}

/**
 * R's weibull(shape, scale): with t = log x - log scale,
 * log p = log shape - log scale + (shape - 1) t - e^(shape·t). Start: log x is a Gumbel of
 * minima with sd π / (shape √6) and mean log scale - γ / shape.
 */
export const weibull = defineFamily({
  name: "weibull",
  title: "Weibull",
  params: ["shape", "scale"],
  constraints: ["positive", "positive"],
  scaling: ["none", "scale"],
  support: "positive",
  logProb: (x, [shape, scale]) => {
    const k = shape;
    const logScale = scale.log();
    const t = logOf(x).sub(logScale);
    return k.log().sub(logScale).add(k.sub(1).mul(t)).sub(k.mul(t).exp());
  },
  // With H = (x / scale)^shape, the cumulative hazard: log F = log(1 - e^-H), log S = -H.
  logCdf: (x, [shape, scale]) => weibullHazard(x, shape, scale).special("log1mexp"),
  logSf: (x, [shape, scale]) => weibullHazard(x, shape, scale).neg(),
  start: (data) => {
    const { mean, sd } = logMeanSd(data);
    const shape = Math.PI / (Math.sqrt(6) * sd);
    return [shape, Math.exp(mean + EULER_GAMMA / shape)];
  },
  cdf: (x, [shape, scale]) => weibullCdf(x, shape, scale),
  sampler: ([shape, scale], uniform) => weibullRandom.factory(shape, scale, { prng: uniform }),
});
