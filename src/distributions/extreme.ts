import gumbelRandom from "@stdlib/random-base-gumbel";
import gumbelCdf from "@stdlib/stats-base-dists-gumbel-cdf";
import { type Operand, Value } from "../engine/value.js";
import { defineFamily } from "./family.js";
import { meanSd } from "./summaries.js";

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
