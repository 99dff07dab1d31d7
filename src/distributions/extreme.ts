import gammaln from "@stdlib/math-base-special-gammaln";
import gumbelRandom from "@stdlib/random-base-gumbel";
import gumbelCdf from "@stdlib/stats-base-dists-gumbel-cdf";
import { type Operand, Value } from "../engine/value.js";
import { extremes } from "../stats/extremes.js";
import { openDraw } from "./edge-support.js";
import { defineFamily } from "./family.js";
import { meanSd, quartiles } from "./summaries.js";

const EULER_GAMMA = 0.5772156649015329;

/** e^-z, z = (x - loc) / scale: the Gumbel's cumulative hazard of the maximum. */
function gumbelTail(x: Operand, loc: Value, scale: Value): Value {
  return Value.from(x).sub(loc).div(scale).neg().exp();
}

/**
 * The Gumbel of maxima (R's evd::gumbel(loc, scale), scipy's gumbel_r): with
 * z = (x - loc) / scale, log p = -log scale - z - e^-z, F = exp(-e^-z). Start: moments, the
 * sd is π·scale / √6 and the mean loc + γ·scale.
 */
export const gumbel = defineFamily({
  name: "gumbel",
  title: "Gumbel",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  scaling: ["scale", "scale"],
  support: "real",
  logProb: (x, [loc, scale]) => {
    const z = Value.from(x).sub(loc).div(scale);
    return scale.log().neg().sub(z).sub(z.neg().exp());
  },
  // log F = -e^-z; log S = log(1 - exp(-e^-z)), log1mexp of e^-z.
  logCdf: (x, [loc, scale]) => gumbelTail(x, loc, scale).neg(),
  logSf: (x, [loc, scale]) => gumbelTail(x, loc, scale).special("log1mexp"),
  start: (data) => {
    const { mean, sd } = meanSd(data);
    const scale = (sd * Math.sqrt(6)) / Math.PI || 1;
    return [mean - EULER_GAMMA * scale, scale];
  },
  cdf: (x, [loc, scale]) => gumbelCdf(x, loc, scale),
  quantile: (p, [loc, scale]) => loc - scale * Math.log(-Math.log(p)),
  sampler: ([loc, scale], uniform) => gumbelRandom.factory(loc, scale, { prng: uniform }),
});

/**
 * log(1 + ξz)/ξ as z·L(ξz), L(t) = log(1 + t)/t (the engine's log1pOver): z itself at ξ = 0,
 * and exact, with its derivatives, as ξ goes to 0, where the textbook form is 0/0.
 */
function logOnePlusOver(z: Value, shape: Value): Value {
  return z.mul(shape.mul(z).special("log1pOver"));
}

/** y = log(1 + shape·z)/shape at z = (x - loc)/scale: what the GEV's and GPD's forms are in. */
function yOf(x: Operand, loc: Value, scale: Value, shape: Value): Value {
  return logOnePlusOver(Value.from(x).sub(loc).div(scale), shape);
}

/** The same, as a number: log1p(ξz)/ξ, z at ξ = 0; NaN beyond the support. */
function logOnePlusOverNumber(z: number, shape: number): number {
  return shape === 0 ? z : Math.log1p(shape * z) / shape;
}

/** Where Wald's theory stops for a shape below -1/2 (Smith 1985), and why. */
function shapeBelowHalf(shape: number, family: string): string | undefined {
  if (shape > -0.5) return undefined;
  return `the ${family}'s shape ${+shape.toPrecision(4)} is at or below -0.5, where the support's end moves with the parameters and the MLE is not asymptotically Normal (Smith 1985)`;
}

/** Below shape -1 the density is unbounded at the support's upper end: no maximum. */
function shapeBelowOne(shape: number): string | undefined {
  // At -1 the density stays finite at the upper end, but the supremum lies beyond it.
  if (shape > -1 + 1e-6) return undefined;
  return `the shape ran to -1 or below (to ${+shape.toPrecision(4)}), where the likelihood has no maximum, only a limit: the density grows without bound as the support's upper end nears the largest value (data with a sharp upper end, like a beta's J shape)`;
}

/** Mean, and the L-moment ratios' ingredients: λ1, λ2, λ3 from probability-weighted moments. */
function lMoments(data: Float64Array): { l1: number; l2: number; l3: number } {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  let b0 = 0;
  let b1 = 0;
  let b2 = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] as number;
    b0 += x;
    b1 += (x * i) / (n - 1);
    b2 += (x * i * (i - 1)) / ((n - 1) * (n - 2));
  }
  b0 /= n;
  b1 /= n;
  b2 /= n;
  return { l1: b0, l2: 2 * b1 - b0, l3: 6 * b2 - 6 * b1 + b0 };
}

/**
 * The GEV's start: of three candidates inside the support, the one of highest log-likelihood.
 * Hosking, Wallis and Wood's (1985) probability-weighted-moment estimate (k = -shape:
 * c = 2/(3 + τ3) - log 2/log 3, k ≈ 7.859c + 2.9554c²) is close on clean data but follows an
 * outlier (one 1e12 among values near 10 makes it shape 0.9, scale 1e9); the Gumbel's quartile
 * fit (shape 0, and 0.1) is not moved by one value.
 */
function gevStart(data: Float64Array): number[] {
  const { q1, median, q3 } = quartiles(data);
  // The Gumbel's quantiles loc - scale·log(-log p): its IQR is 1.5725 scales.
  const scale = (q3 - q1) / (Math.log(-Math.log(0.25)) - Math.log(-Math.log(0.75))) || 1;
  const loc = median + scale * Math.log(Math.LN2);
  const candidates = [
    [loc, scale, 0],
    [loc, scale, 0.1],
    ...(data.length >= 3 ? [pwmStart(data)] : []),
  ];
  let best = candidates[0] as number[];
  let bestLogLik = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    const logLik = gevLogLik(data, candidate);
    if (logLik > bestLogLik) {
      best = candidate;
      bestLogLik = logLik;
    }
  }
  return best;
}

/** The probability-weighted-moment estimate, [loc, scale, shape] (NaN where it has none). */
function pwmStart(data: Float64Array): number[] {
  const { l1, l2, l3 } = lMoments(data);
  const c = 2 / (3 + l3 / l2) - Math.LN2 / Math.log(3);
  const k = Math.max(-0.9, Math.min(0.9, 7.859 * c + 2.9554 * c * c));
  const g = Math.exp(gammaln(1 + k));
  const scale = Math.abs(k) < 1e-6 ? l2 / Math.LN2 : (l2 * k) / ((1 - 2 ** -k) * g);
  const loc = Math.abs(k) < 1e-6 ? l1 - EULER_GAMMA * scale : l1 - (scale * (1 - g)) / k;
  return [loc, scale, -k];
}

/** The GEV's log-likelihood in plain numbers; -Infinity outside the support or the range. */
function gevLogLik(data: Float64Array, params: readonly number[]): number {
  const [loc, scale, shape] = params as [number, number, number];
  if (!(scale > 0) || !params.every(Number.isFinite)) return Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const z = ((data[i] as number) - loc) / scale;
    if (!(1 + shape * z > 0)) return Number.NEGATIVE_INFINITY;
    const y = logOnePlusOverNumber(z, shape);
    sum += -(1 + shape) * y - Math.exp(-y);
  }
  const total = sum - data.length * Math.log(scale);
  return Number.isNaN(total) ? Number.NEGATIVE_INFINITY : total;
}

/** loc + scale·((-log p)^-shape - 1)/shape, as an expm1 (loc - scale·log(-log p) at shape 0). */
function gevQuantile(p: number, [loc, scale, shape]: readonly number[]): number {
  const w = Math.log(-Math.log(p));
  const s = shape as number;
  return (loc as number) + (scale as number) * (s === 0 ? -w : Math.expm1(-s * w) / s);
}

/** loc + scale·((1 - p)^-shape - 1)/shape, as an expm1 (loc - scale·log(1 - p) at shape 0). */
function gpdQuantile(p: number, [loc, scale, shape]: readonly number[]): number {
  const w = -Math.log1p(-p);
  const s = shape as number;
  return (loc as number) + (scale as number) * (s === 0 ? w : Math.expm1(s * w) / s);
}

function gevInSupport(x: number, [loc, scale, shape]: readonly number[]): boolean {
  return 1 + ((shape as number) * (x - (loc as number))) / (scale as number) > 0;
}

/**
 * The generalized extreme value distribution: R's evd::gev(loc, scale, shape), and scipy's
 * genextreme(c = -shape, loc, scale) (scipy's c has the opposite sign). With
 * z = (x - loc)/scale and y = log(1 + shape·z)/shape (z at shape 0):
 * log p = -log scale - (1 + shape)·y - e^-y, F = exp(-e^-y), on 1 + shape·z > 0. Shape > 0 is
 * the Fréchet's heavy upper tail, 0 the Gumbel, < 0 the Weibull's upper end. Below -0.5 the
 * MLE is non-regular (Wald's SEs are replaced by a bootstrap). Start: probability-weighted
 * moments.
 */
export const gev = defineFamily({
  name: "gev",
  title: "Generalized extreme value",
  params: ["loc", "scale", "shape"],
  constraints: ["real", "positive", "real"],
  scaling: ["scale", "scale", "none"],
  support: "real",
  inSupport: gevInSupport,
  nonRegular: ([, , shape]) => shapeBelowHalf(shape, "GEV"),
  unbounded: ([, , shape]) => shapeBelowOne(shape),
  logProb: (x, [loc, scale, shape]) => {
    const y = yOf(x, loc, scale, shape);
    return scale.log().neg().sub(shape.add(1).mul(y)).sub(y.neg().exp());
  },
  // log F = -e^-y; log S = log(1 - exp(-e^-y)), log1mexp of e^-y.
  logCdf: (x, [loc, scale, shape]) => yOf(x, loc, scale, shape).neg().exp().neg(),
  logSf: (x, [loc, scale, shape]) => yOf(x, loc, scale, shape).neg().exp().special("log1mexp"),
  start: gevStart,
  cdf: (x, [loc, scale, shape]) => {
    const z = (x - loc) / scale;
    if (1 + shape * z <= 0) return shape > 0 ? 0 : 1;
    return Math.exp(-Math.exp(-logOnePlusOverNumber(z, shape)));
  },
  quantile: (p, params) => gevQuantile(p, params),
  sampler: (params, uniform) => {
    const draw = openDraw(uniform);
    return () => gevQuantile(draw(), params);
  },
});

/**
 * The generalized Pareto: R's evd::gpd(loc, scale, shape), scipy's genpareto(c = shape, loc,
 * scale): with z = (x - loc)/scale, log p = -log scale - (1 + shape)·log(1 + shape·z)/shape, on
 * z ≥ 0 (and z ≤ -1/shape for shape < 0); shape 0 is the exponential. loc is the threshold the
 * data exceed, known, as evd's fpot and ismev's gpd.fit take it (--fix loc=u): estimated, its MLE
 * would be the smallest value, and there the likelihood has no maximum (with shape above n - 1,
 * it grows without bound as scale goes to 0). It is still an edge of the support, so a fixed
 * threshold above a value is a data error (fit/edges.ts). Start: moments of x - loc.
 */
export const generalizedPareto = defineFamily({
  name: "generalized-pareto",
  title: "Generalized Pareto",
  params: ["loc", "scale", "shape"],
  constraints: ["real", "positive", "real"],
  scaling: ["scale", "scale", "none"],
  support: "real",
  edges: [{ param: 0, at: "min" }],
  mustFix: ["loc"],
  known: "the threshold the data exceed; estimated, it would leave the likelihood no maximum",
  inSupport: (x, [loc, scale, shape]) => x >= loc && 1 + (shape * (x - loc)) / scale > 0,
  nonRegular: ([, , shape]) => shapeBelowHalf(shape, "generalized Pareto"),
  unbounded: ([, , shape]) => shapeBelowOne(shape),
  logProb: (x, [loc, scale, shape]) => {
    const z = Value.from(x).sub(loc).div(scale);
    return scale
      .log()
      .neg()
      .sub(shape.add(1).mul(logOnePlusOver(z, shape)));
  },
  logCdf: (x, [loc, scale, shape]) =>
    logOnePlusOver(Value.from(x).sub(loc).div(scale), shape).special("log1mexp"),
  logSf: (x, [loc, scale, shape]) => logOnePlusOver(Value.from(x).sub(loc).div(scale), shape).neg(),
  start: (data) => {
    const { min, max } = extremes(data);
    let mean = 0;
    let squares = 0;
    for (let i = 0; i < data.length; i++) {
      const y = (data[i] as number) - min;
      mean += y;
      squares += y * y;
    }
    mean /= data.length;
    const variance = squares / data.length - mean * mean;
    const ratio = variance > 0 ? (mean * mean) / variance : 1;
    const shape = Math.max(-0.45, 0.5 * (1 - ratio));
    // Inside the support: for a negative shape, the upper end loc - scale/shape above the max.
    const scale = Math.max(0.5 * mean * (ratio + 1), shape < 0 ? -1.05 * shape * (max - min) : 0);
    return [min, scale > 0 ? scale : 1, shape];
  },
  cdf: (x, [loc, scale, shape]) => {
    const z = (x - loc) / scale;
    if (z <= 0) return 0;
    if (1 + shape * z <= 0) return 1;
    return -Math.expm1(-logOnePlusOverNumber(z, shape));
  },
  quantile: (p, params) => gpdQuantile(p, params),
  sampler: (params, uniform) => () => gpdQuantile(uniform(), params),
});
