import exponentialRandom from "@stdlib/random-base-exponential";
import gammaRandom from "@stdlib/random-base-gamma";
import lognormalRandom from "@stdlib/random-base-lognormal";
import normalRandom from "@stdlib/random-base-normal";
import weibullRandom from "@stdlib/random-base-weibull";
import exponentialCdf from "@stdlib/stats-base-dists-exponential-cdf";
import gammaCdf from "@stdlib/stats-base-dists-gamma-cdf";
import lognormalCdf from "@stdlib/stats-base-dists-lognormal-cdf";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalLogCdf from "@stdlib/stats-base-dists-normal-logcdf";
import weibullCdf from "@stdlib/stats-base-dists-weibull-cdf";
import { type Operand, Value } from "../engine/value.js";
import { defineFamily } from "./family.js";
import { normalLogProb, normalZ } from "./normal.js";
import { robustStart } from "./robust-start.js";
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

/**
 * The log-logistic (R's actuar::llogis(shape, scale), scipy's fisk(c, scale)): log x is
 * logistic with location log scale and scale 1 / shape. With t = log x - log scale,
 * log p = log shape - log scale + (shape - 1) t - 2 log(1 + e^(shape·t)), the log with
 * softplus. Start: the median and sd of log x (the logistic's sd is π / (shape √3)).
 */
export const logLogistic = defineFamily({
  name: "log-logistic",
  title: "Log-logistic",
  params: ["shape", "scale"],
  constraints: ["positive", "positive"],
  scaling: ["none", "scale"],
  support: "positive",
  logProb: (x, [shape, scale]) => {
    const logScale = scale.log();
    const t = logOf(x).sub(logScale);
    return shape.log().sub(logScale).add(shape.sub(1).mul(t)).sub(shape.mul(t).softplus().mul(2));
  },
  // F = 1 / (1 + e^(-shape·t)): log F = -softplus(-shape·t), log S = -softplus(shape·t).
  logCdf: (x, [shape, scale]) => shape.mul(logOf(x).sub(scale.log())).neg().softplus().neg(),
  logSf: (x, [shape, scale]) => shape.mul(logOf(x).sub(scale.log())).softplus().neg(),
  start: (data) => {
    const logs = data.map(Math.log).sort();
    const median = logs[Math.floor((logs.length - 1) / 2)] ?? 0;
    const { sd } = meanSd(logs);
    return [Math.PI / (Math.sqrt(3) * sd) || 1, Math.exp(median)];
  },
  cdf: (x, [shape, scale]) => (x <= 0 ? 0 : 1 / (1 + (x / scale) ** -shape)),
  quantile: (p, [shape, scale]) => scale * (p / (1 - p)) ** (1 / shape),
  sampler:
    ([shape, scale], uniform) =>
    () => {
      const u = uniform();
      return scale * (u / (1 - u)) ** (1 / shape);
    },
});

/**
 * The inverse Gaussian (R's statmod::invgauss(mean, shape), scipy's invgauss(mean / shape,
 * scale = shape)): log p = ½ log shape - ½ log 2π - 3/2 log x - shape (x - mean)² / (2 mean² x).
 * Closed-form MLE: mean = x̄, 1 / shape = mean of (1/x - 1/x̄).
 */
export const inverseGaussian = defineFamily({
  name: "inverse-gaussian",
  title: "Inverse Gaussian",
  params: ["mean", "shape"],
  constraints: ["positive", "positive"],
  scaling: ["scale", "scale"],
  support: "positive",
  logProb: (x, [mean, shape]) => {
    const d = Value.from(x).sub(mean);
    return shape
      .log()
      .mul(0.5)
      .sub(0.5 * Math.log(2 * Math.PI))
      .sub(logOf(x).mul(1.5))
      .sub(shape.mul(d.mul(d)).div(mean.mul(mean).mul(2).mul(x)));
  },
  // Robust moments, mean = median and variance = (IQR / 1.349)² = mean³ / shape: one outlier
  // (1e12 among values near 10) would put the closed form's mean at 1e9, and SGD's units with it.
  start: (data) => {
    const { loc, scale } = robustStart(data, meanSd(data).sd);
    return loc > 0 && scale > 0 ? [loc, loc ** 3 / (scale * scale)] : inverseGaussianMle(data);
  },
  closedForm: (data) => inverseGaussianMle(data),
  closedFormMethod: "mean, and the mean of 1/x - 1/mean",
  cdf: (x, [mean, shape]) => {
    if (x <= 0) return 0;
    const r = Math.sqrt(shape / x);
    // F = Φ(r (x/μ - 1)) + e^(2λ/μ) Φ(-r (x/μ + 1)), the second term as one exponential.
    const second = Math.exp((2 * shape) / mean + normalLogCdf(-r * (x / mean + 1), 0, 1));
    return Math.min(1, normalCdf(r * (x / mean - 1), 0, 1) + second);
  },
  sampler: ([mean, shape], uniform) => {
    const z = normalRandom.factory(0, 1, { prng: uniform });
    // Michael, Schucany and Haas (1976): a root of the chi-square transform, chosen by a draw.
    return () => {
      const y = z() ** 2;
      const my = mean * y;
      const x =
        mean +
        (mean * my) / (2 * shape) -
        (mean / (2 * shape)) * Math.sqrt(4 * shape * my + my * my);
      return uniform() <= mean / (mean + x) ? x : (mean * mean) / x;
    };
  },
});

function inverseGaussianMle(data: Float64Array): number[] {
  const { mean } = meanSd(data);
  let inverse = 0;
  for (const x of data) inverse += 1 / x - 1 / mean;
  return [mean, data.length / inverse];
}
