import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { type Operand, Value } from "../engine/value.js";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** A distribution family as the inference code sees it: parameter names, and log p from ops. */
export interface Family {
  name: string;
  params: readonly string[];
  logProb(x: Operand, params: readonly Value[]): Value;
}

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

export const normal: Family = {
  name: "normal",
  params: ["loc", "scale"],
  logProb: (x, [loc, scale]) => normalLogProb(x, loc as Value, scale as Value),
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
