import binomialRandom from "@stdlib/random-base-binomial";
import geometricRandom from "@stdlib/random-base-geometric";
import negativeBinomialRandom from "@stdlib/random-base-negative-binomial";
import poissonRandom from "@stdlib/random-base-poisson";
import binomialCdf from "@stdlib/stats-base-dists-binomial-cdf";
import negativeBinomialCdf from "@stdlib/stats-base-dists-negative-binomial-cdf";
import poissonCdf from "@stdlib/stats-base-dists-poisson-cdf";
import { logAddExp, Value } from "../engine/value.js";
import { weightsOf } from "../stats/weights.js";
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
    const { mean, variance } = countMoments(data);
    if (variance > mean) return undefined;
    return `size grows without bound: the variance ${+variance.toPrecision(6)} is not above the mean ${+mean.toPrecision(6)} (no overdispersion), so the likelihood has no maximum, only a limit: the Poisson, as size grows (try --dist poisson)`;
  },
  cdf: (x, [size, mu]) => negativeBinomialCdf(x, size, size / (size + mu)),
  sampler: ([size, mu], uniform) =>
    negativeBinomialRandom.factory(size, size / (size + mu), { prng: uniform }),
});

const UNIT = { lower: 0, upper: 1 } as const;

/**
 * R's geom(prob), the failures before the first success (scipy's geom(p, loc=-1)):
 * log p = log prob + x log(1 - prob). The MLE: 1 / (1 + mean).
 */
export const geometric = defineFamily({
  name: "geometric",
  title: "Geometric",
  params: ["prob"],
  constraints: [UNIT],
  support: "count",
  logProb: (x, [prob]) => prob.log().add(prob.neg().log1p().mul(x)),
  start: (data) => [1 / (1 + meanSd(data).mean)],
  closedForm: (data) => [1 / (1 + meanSd(data).mean)],
  closedFormMethod: "1 / (1 + mean)",
  cdf: (x, [prob]) => (x < 0 ? 0 : -Math.expm1((Math.floor(x) + 1) * Math.log1p(-prob))),
  sampler: ([prob], uniform) => geometricRandom.factory(prob, { prng: uniform }),
});

/**
 * R's binom(size, prob), scipy's binom(n, p): log p = lgamma(size + 1) - lgamma(x + 1) -
 * lgamma(size - x + 1) + x log prob + (size - x) log(1 - prob). The size is the number of
 * trials, known: it is fixed (--fix size=N, or --param size=N to generate), never fitted.
 */
export const binomial = defineFamily({
  name: "binomial",
  title: "Binomial",
  params: ["size", "prob"],
  constraints: ["positive", UNIT],
  support: "count",
  mustFix: ["size"],
  known: "the number of trials",
  logProb: (x, [size, prob]) =>
    size
      .add(1)
      .lgamma()
      .sub(Value.from(x).add(1).lgamma())
      .sub(size.sub(x).add(1).lgamma())
      .add(prob.log().mul(x))
      .add(prob.neg().log1p().mul(size.sub(x))),
  start: (data) => {
    let max = 1;
    for (const v of data) if (v > max) max = v;
    const p = meanSd(data).mean / max;
    return [max, Math.min(0.999, Math.max(0.001, p))];
  },
  cdf: (x, [size, prob]) => binomialCdf(x, size, prob),
  sampler: ([size, prob], uniform) => binomialRandom.factory(size, prob, { prng: uniform }),
});

/**
 * The zero-inflated Poisson (R's VGAM::zipois(lambda, pstr0)): a 0 with probability pi, else a
 * Poisson(lambda) count. log p(0) = log(pi + (1 - pi) e^-lambda), log p(x > 0) =
 * log(1 - pi) + x log lambda - lambda - lgamma(x + 1); one graph for both, with
 * z = 1 - sign(x) the indicator of 0 (sign's derivative is 0), and log p(0) as a logsumexp.
 * Start: moments, lambda = mean + variance / mean - 1 and pi = 1 - mean / lambda.
 */
export const zeroInflatedPoisson = defineFamily({
  name: "zip",
  title: "Zero-inflated Poisson",
  params: ["lambda", "pi"],
  constraints: ["positive", UNIT],
  support: "count",
  logProb: (x, [lambda, pi]) => {
    const zero = Value.from(x).special("sign").neg().add(1);
    const logPi = pi.log();
    const log1mPi = pi.neg().log1p();
    // log(pi + (1 - pi) e^-lambda) = logaddexp(log pi, log(1 - pi) - lambda).
    const atZero = logAddExp(logPi, log1mPi.sub(lambda));
    const positive = log1mPi
      .add(lambda.log().mul(x))
      .sub(lambda)
      .sub(Value.from(x).add(1).lgamma());
    return zero.mul(atZero).add(zero.neg().add(1).mul(positive));
  },
  start: (data) => {
    const { mean, sd } = meanSd(data);
    const lambda = mean > 0 ? Math.max(mean, mean + (sd * sd) / mean - 1) : 1;
    return [lambda, Math.min(0.9, Math.max(0.05, 1 - mean / lambda))];
  },
  limit: "the Poisson, as pi goes to 0 (try --dist poisson)",
  // At pi = 0 the score in pi is n0·(e^mean - 1) - (n - n0): no maximum inside (0, 1) unless the
  // zeros outnumber a Poisson's with the data's mean, n0 > n·e^-mean.
  noMaximum: (data) => {
    const { n, mean, zeros } = countMoments(data);
    const expected = n * Math.exp(-mean);
    if (zeros > expected) return undefined;
    return `pi goes to 0: ${zeros} zeros of ${n} values are no more than a Poisson with their mean ${+mean.toPrecision(6)} gives (${+expected.toPrecision(4)}), so the likelihood has no maximum inside, only a limit: the Poisson, as pi goes to 0 (try --dist poisson)`;
  },
  cdf: (x, [lambda, pi]) => (x < 0 ? 0 : pi + (1 - pi) * poissonCdf(x, lambda)),
  sampler: ([lambda, pi], uniform) => {
    const count = poissonRandom.factory(lambda, { prng: uniform });
    return () => (uniform() < pi ? 0 : count());
  },
});

/**
 * The counts' total, mean, variance (divisor n) and zeros, each row counted by its frequency
 * weight where it has one (a database's histogram): what the limit tests read.
 */
function countMoments(data: Float64Array): {
  n: number;
  mean: number;
  variance: number;
  zeros: number;
} {
  const weights = weightsOf(data);
  if (weights === undefined) {
    const { mean, sd } = meanSd(data);
    let zeros = 0;
    for (const x of data) if (x === 0) zeros++;
    return { n: data.length, mean, variance: sd * sd, zeros };
  }
  let n = 0;
  let sum = 0;
  let zeros = 0;
  data.forEach((x, i) => {
    const w = weights[i] as number;
    n += w;
    sum += w * x;
    if (x === 0) zeros += w;
  });
  const mean = sum / n;
  let squares = 0;
  data.forEach((x, i) => {
    squares += (weights[i] as number) * (x - mean) ** 2;
  });
  return { n, mean, variance: squares / n, zeros };
}
