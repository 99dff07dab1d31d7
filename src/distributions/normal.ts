import { createRequire } from "node:module";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { type Operand, Value } from "../engine/value.js";
import { robustStart } from "../fit/start.js";
import { normalMle } from "../stats/moments.js";
import type { Family } from "./family.js";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

export type { Family } from "./family.js";

/**
 * log N(x | loc, scale) = -z²/2 - log(scale) - log(2π)/2, with z = (x - loc) / scale, built from
 * engine ops only, so its gradient in loc and scale comes from the engine.
 *
 * @example
 * const loc = new Value(1);
 * const scale = new Value(1);
 * const lp = normalLogProb(0, loc, scale); // -0.5 - 0.9189... = -1.4189...
 * lp.backward(); // loc.grad = (x - loc)/scale² = -1, scale.grad = (z² - 1)/scale = 0
 */
export function normalLogProb(x: Operand, loc: Operand, scale: Operand): Value {
  const s = Value.from(scale);
  const z = Value.from(x).sub(loc).div(s);
  return z.square().mul(-0.5).sub(s.log()).sub(HALF_LOG_TWO_PI);
}

/** The seed's family; its SGD fit has its own path (fit-normal.ts), the others share fit-family. */
export const normal: Family = {
  name: "normal",
  title: "Normal",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  support: "real",
  logProb: (x, [loc, scale]) => normalLogProb(x, loc as Value, scale as Value),
  start: (data) => {
    const exact = normalMle(data);
    const { loc, scale } = robustStart(data, exact.scale);
    return [loc, scale];
  },
  closedForm: (data) => {
    const { loc, scale } = normalMle(data);
    return [loc, scale];
  },
  closedFormMethod: "mean, and standard deviation with divisor n",
  cdf: (x, [loc, scale]) => normalCdf(x, loc as number, scale as number),
  // Required when first used: the package (with its PRNG and array helpers) is the largest part
  // of start-up otherwise, and the Normal's own paths draw through data/generate.ts.
  sampler: ([loc, scale], uniform) =>
    (
      createRequire(import.meta.url)(
        "@stdlib/random-base-normal",
      ) as typeof import("@stdlib/random-base-normal")
    ).factory(loc as number, scale as number, { prng: uniform }),
};

/** Normal(loc, scale)'s density, distribution function and quantile function, as numbers. */
export function normalDistribution(loc: number, scale: number) {
  return {
    pdf: (x: number) => {
      const z = (x - loc) / scale;
      return Math.exp(-0.5 * z * z) / (scale * Math.sqrt(2 * Math.PI));
    },
    cdf: (x: number) => normalCdf(x, loc, scale),
    quantile: (p: number) => normalQuantile(p, loc, scale),
  };
}
