import { Value } from "../engine/value.js";
import { extremes } from "../stats/extremes.js";
import { defineFamily } from "./family.js";

/** A uniform draw in (0, 1]: 1 - u for u in [0, 1), so that logs and powers of it stay finite. */
const openDraw = (uniform: () => number) => () => 1 - uniform();

/**
 * R's unif(min, max), scipy's uniform(loc = min, scale = max - min): log p = -log(max - min) on
 * [min, max]. Its MLE is the data's own smallest and largest values (both parameters are edges
 * of the support, fit/edges.ts), so there is nothing to iterate and no Wald theory: intervals
 * come from a bootstrap.
 */
export const uniform = defineFamily({
  name: "uniform",
  title: "Uniform",
  params: ["min", "max"],
  constraints: ["real", "real"],
  scaling: ["scale", "scale"],
  support: "real",
  edges: [
    { param: 0, at: "min" },
    { param: 1, at: "max" },
  ],
  inSupport: (x, [min, max]) => x >= min && x <= max,
  logProb: (_x, [min, max]) => max.sub(min).log().neg(),
  start: (data) => {
    const { min, max } = extremes(data);
    return [min, max];
  },
  closedForm: (data) => {
    const { min, max } = extremes(data);
    return [min, max];
  },
  closedFormMethod: "the smallest and the largest value",
  cdf: (x, [min, max]) => (x <= min ? 0 : x >= max ? 1 : (x - min) / (max - min)),
  quantile: (p, [min, max]) => min + p * (max - min),
  sampler:
    ([min, max], uniform) =>
    () =>
      min + uniform() * (max - min),
});

/**
 * The Pareto of the first kind: actuar's pareto1(shape, min), scipy's pareto(b = shape,
 * scale = min): log p = log shape + shape·log min - (shape + 1) log x on x ≥ min. Its MLE: min
 * is the smallest value (an edge, fit/edges.ts), and then shape = n / Σ log(x / min).
 */
export const pareto = defineFamily({
  name: "pareto",
  title: "Pareto",
  params: ["shape", "min"],
  constraints: ["positive", "positive"],
  scaling: ["none", "scale"],
  support: "positive",
  edges: [{ param: 1, at: "min" }],
  inSupport: (x, [, min]) => x >= min,
  logProb: (x, [shape, min]) =>
    shape
      .log()
      .add(shape.mul(min.log()))
      .sub(shape.add(1).mul(Value.from(x).log())),
  start: (data) => paretoMle(data),
  closedForm: (data) => paretoMle(data),
  closedFormMethod: "min: the smallest value; shape: n / Σ log(x / min)",
  cdf: (x, [shape, min]) => (x <= min ? 0 : -Math.expm1(shape * Math.log(min / x))),
  quantile: (p, [shape, min]) => min * Math.exp(-Math.log1p(-p) / shape),
  sampler: ([shape, min], uniform) => {
    const draw = openDraw(uniform);
    return () => min * Math.exp(-Math.log(draw()) / shape);
  },
});

/** The Pareto's MLE, [shape, min]; shape is infinite when every value is the minimum. */
function paretoMle(data: Float64Array): number[] {
  const { min } = extremes(data);
  let logs = 0;
  for (let i = 0; i < data.length; i++) logs += Math.log((data[i] as number) / min);
  return [data.length / logs, min];
}

export { openDraw };
