import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import polygamma from "@stdlib/math-base-special-polygamma";
import trigamma from "@stdlib/math-base-special-trigamma";
import { normalLogCdf, normalMills } from "../stats/normal-tails.js";

const LN2 = Math.LN2;

/**
 * Below this |t|, L and its derivatives by their Taylor series, 23 terms: |t|^21 < 1e-21. Above
 * it the closed forms cancel at most to 1e-14 (L'', whose numerator is 2t³/3 of terms near 2t).
 */
const SERIES = 0.1;
const TERMS = 22;

/** log(1 + t) / t, 1 at t = 0; NaN below t = -1. */
function log1pOver(t: number): number {
  if (Math.abs(t) < SERIES) {
    // Σ (-t)^k / (k + 1), by Horner's rule from the last term.
    let sum = 0;
    for (let k = TERMS; k >= 0; k--) sum = sum * -t + 1 / (k + 1);
    return sum;
  }
  return Math.log1p(t) / t;
}

/** d/dt log(1 + t)/t = (t/(1 + t) - log(1 + t)) / t². */
function log1pOver1(t: number): number {
  if (Math.abs(t) < SERIES) {
    // Σ_{k ≥ 1} (-1)^k k t^(k-1) / (k + 1) = -Σ_{m ≥ 0} (m + 1)(-t)^m / (m + 2).
    let sum = 0;
    for (let m = TERMS; m >= 0; m--) sum = sum * -t + (m + 1) / (m + 2);
    return -sum;
  }
  return (t / (1 + t) - Math.log1p(t)) / (t * t);
}

/** d²/dt² log(1 + t)/t = (2 log(1 + t) - t(3t + 2)/(1 + t)²) / t³. */
function log1pOver2(t: number): number {
  if (Math.abs(t) < SERIES) {
    // Σ_{k ≥ 2} (-1)^k k(k - 1) t^(k-2) / (k + 1) = Σ_{m ≥ 0} (m + 2)(m + 1)(-t)^m / (m + 3).
    let sum = 0;
    for (let m = TERMS; m >= 0; m--) sum = sum * -t + ((m + 2) * (m + 1)) / (m + 3);
    return sum;
  }
  return (2 * Math.log1p(t) - (t * (3 * t + 2)) / ((1 + t) * (1 + t))) / (t * t * t);
}

/**
 * The engine's one-argument special functions, as numbers. The Value engine calls them directly,
 * and compiled kernels call the same functions (passed in as `S`), so both round alike.
 *
 * - lgamma: log Γ(x) (@stdlib's gammaln); its derivative is digamma, whose derivative is trigamma,
 *   whose derivative is tetragamma (polygamma of order 2). Hessians of log-likelihoods with
 *   lgamma of a parameter need up to trigamma; tetragamma ends the chain (no derivative rule).
 * - log1p: log(1 + x), exact for small x (Math.log1p).
 * - softplus: log(1 + eˣ) without overflow; its derivative is sigmoid: 1 / (1 + e⁻ˣ), whose
 *   derivative is σ(x)·σ(-x).
 * - abs, with sign as its derivative (whose own derivative is 0, away from 0).
 *
 * The log-CDFs that censored data need (log F; log S(z) is log F(-z) for these symmetric
 * standard forms), each exact far into both tails, with its derivative f/F (a "Mills ratio"):
 * - normalLogCdf: log Φ(z), derivative normalMills = φ/Φ, whose derivative -m(z + m) is
 *   written in the engine's arithmetic (chain-rules.ts), so it can be differentiated again;
 * - cauchyLogCdf: log(1/2 + atan(z)/π), as log(atan(-1/z)/π) below 0 (no cancellation), derivative
 *   cauchyMills, whose derivative is m·(-2z/(1 + z²)) - m²;
 * - laplaceLogCdf: z - log 2 below 0, log(1 - e^-z/2) above; derivative laplaceMills (1 below 0,
 *   1/(2eᶻ - 1) above), whose derivative laplaceMillsPrime (0, then -m(1 + m)) ends the chain;
 * - log1mexp: log(1 - e^-a) for a ≥ 0 (Mächler 2012: log(-expm1(-a)) up to log 2, then
 *   log1p(-e^-a)), derivative invExpm1 = 1/(eᵃ - 1), whose derivative is -m(1 + m): the log-CDF
 *   of the exponential and the Weibull, and the log of a difference of CDFs.
 * - log1pOver: L(t) = log(1 + t) / t, 1 at t = 0, with its first and second derivatives
 *   log1pOver1 and log1pOver2 (the chain ends there): what the generalized extreme-value and
 *   generalized Pareto densities are written with, log(1 + ξz)/ξ = z·L(ξz), so that they, their
 *   gradients and Hessians stay exact as the shape ξ goes to 0 (the Gumbel, the exponential),
 *   where the textbook form is 0/0 and its derivatives cancel.
 */
export const SPECIAL = {
  lgamma: gammaln,
  digamma,
  trigamma,
  tetragamma: (x: number) => polygamma(2, x),
  log1p: Math.log1p,
  expm1: Math.expm1,
  softplus: (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  sigmoid: (x: number) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  abs: Math.abs,
  sign: Math.sign,
  normalLogCdf,
  normalMills,
  cauchyLogCdf: (z: number) => {
    if (z < 0) return Math.log(Math.atan(-1 / z) / Math.PI);
    return z === 0 ? -LN2 : Math.log1p(-Math.atan(1 / z) / Math.PI);
  },
  cauchyMills: (z: number) => {
    // f/F = 1 / ((1 + z²)·atan(-1/z)) below 0, written so that z² cannot overflow.
    if (z < 0) {
      const a = Math.atan(-1 / z);
      return 1 / (z * (z * a) + a);
    }
    return 1 / (Math.PI * (1 + z * z) * (0.5 + Math.atan(z) / Math.PI));
  },
  laplaceLogCdf: (z: number) => (z < 0 ? z - LN2 : Math.log1p(-0.5 * Math.exp(-z))),
  laplaceMills: (z: number) => (z < 0 ? 1 : 1 / (2 * Math.exp(z) - 1)),
  laplaceMillsPrime: (z: number) => {
    if (z < 0) return 0;
    const m = 1 / (2 * Math.exp(z) - 1);
    return -m * (1 + m);
  },
  log1mexp: (a: number) => (a <= LN2 ? Math.log(-Math.expm1(-a)) : Math.log1p(-Math.exp(-a))),
  invExpm1: (a: number) => 1 / Math.expm1(a),
  log1pOver,
  log1pOver1,
  log1pOver2,
} as const;

export type SpecialName = keyof typeof SPECIAL;

/** Each special function's derivative, as another special function (undefined: none). */
export const SPECIAL_DERIVATIVE: Partial<Record<SpecialName, SpecialName | Algebraic>> = {
  lgamma: "digamma",
  digamma: "trigamma",
  trigamma: "tetragamma",
  log1p: "log1p'",
  expm1: "expm1'",
  softplus: "sigmoid",
  sigmoid: "sigmoid'",
  abs: "sign",
  sign: "0",
  normalLogCdf: "normalMills",
  normalMills: "normalMills'",
  cauchyLogCdf: "cauchyMills",
  cauchyMills: "cauchyMills'",
  laplaceLogCdf: "laplaceMills",
  laplaceMills: "laplaceMillsPrime",
  log1mexp: "invExpm1",
  invExpm1: "invExpm1'",
  log1pOver: "log1pOver1",
  log1pOver1: "log1pOver2",
};

/** Derivatives written in the engine's arithmetic of the node's own value (chain-rules.ts). */
export type Algebraic =
  | "sigmoid'"
  | "log1p'"
  | "expm1'"
  | "normalMills'"
  | "cauchyMills'"
  | "invExpm1'"
  | "0";

export function isSpecial(op: string): op is SpecialName {
  return Object.hasOwn(SPECIAL, op);
}
