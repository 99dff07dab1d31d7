import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import polygamma from "@stdlib/math-base-special-polygamma";
import trigamma from "@stdlib/math-base-special-trigamma";

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
 */
export const SPECIAL = {
  lgamma: gammaln,
  digamma,
  trigamma,
  tetragamma: (x: number) => polygamma(2, x),
  log1p: Math.log1p,
  softplus: (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  sigmoid: (x: number) => {
    if (x >= 0) return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
  },
  abs: Math.abs,
  sign: Math.sign,
} as const;

export type SpecialName = keyof typeof SPECIAL;

/** Each special function's derivative, as another special function (undefined: none). */
export const SPECIAL_DERIVATIVE: Partial<
  Record<SpecialName, SpecialName | "sigmoid'" | "log1p'" | "0">
> = {
  lgamma: "digamma",
  digamma: "trigamma",
  trigamma: "tetragamma",
  log1p: "log1p'",
  softplus: "sigmoid",
  sigmoid: "sigmoid'",
  abs: "sign",
  sign: "0",
};

export function isSpecial(op: string): op is SpecialName {
  return Object.hasOwn(SPECIAL, op);
}
