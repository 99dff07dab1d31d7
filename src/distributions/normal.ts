import normalRandom from "@stdlib/random-base-normal";
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { type Operand, Value } from "../engine/value.js";
import { normalLogTails } from "../stats/normal-tails.js";
import { defineFamily } from "./family.js";
import { normalGofTables } from "./normal-gof-tables.js";
import { dataUnitParametrization } from "./parametrization.js";
import { robustSpread, robustStart } from "./robust-start.js";
import { meanSd } from "./summaries.js";

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

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

/** z = (x - loc) / scale. */
export function normalZ(x: Operand, loc: Operand, scale: Operand): Value {
  return Value.from(x).sub(loc).div(scale);
}

/**
 * The blog post's family. An ordinary family, with four hooks: its closed-form MLE, the nortest
 * tables of goodness-of-fit p-values, exact tails, and SGD coordinates in units of the data's
 * spread (so that fitting a·x + b follows exactly the path of fitting x, transformed).
 */
export const normal = defineFamily({
  name: "normal",
  title: "Normal",
  params: ["loc", "scale"],
  constraints: ["real", "positive"],
  scaling: ["scale", "scale"],
  support: "real",
  logProb: (x, [loc, scale]) => normalLogProb(x, loc, scale),
  logCdf: (x, [loc, scale]) => normalZ(x, loc, scale).special("normalLogCdf"),
  logSf: (x, [loc, scale]) => normalZ(x, loc, scale).neg().special("normalLogCdf"),
  start: (data) => {
    const { loc, scale } = robustStart(data, meanSd(data).sd);
    return [loc, scale];
  },
  closedForm: (data) => {
    const { mean, sd } = meanSd(data);
    return [mean, sd];
  },
  closedFormMethod: "mean, and standard deviation with divisor n",
  cdf: (x, [loc, scale]) => normalCdf(x, loc, scale),
  quantile: (p, [loc, scale]) => normalQuantile(p, loc, scale),
  logTails: (x, [loc, scale], out) => normalLogTails((x - loc) / scale, out),
  gofTables: normalGofTables,
  sgdParametrization: ([loc], data) => dataUnitParametrization(loc as number, robustSpread(data)),
  // Digits down to a hundred-thousandth of the spread: enough to see SGD's gap.
  resolution: ([, scale]) => {
    const r = (scale as number) * 1e-5;
    return [r, r];
  },
  sampler: ([loc, scale], uniform) => normalRandom.factory(loc, scale, { prng: uniform }),
});
