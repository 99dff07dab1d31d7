import type { Family } from "../../src/distributions/family.js";
import { holdEdges } from "../../src/fit/edges.js";
import { wald } from "../../src/inference/wald.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import { totalWeight } from "../../src/stats/weights.js";

/**
 * Round trips' yardsticks for each parameter at an exact MLE: the Wald standard error, from the
 * engine's Hessian (or the family's expected information, Laplace's), with any end of the
 * support (edges.ts) held at the data's extreme; and for such an edge, which has no standard
 * error, the range / n, the order of an extreme value's distance from the end (an exponential
 * multiple of it: beyond 10 with probability 5e-5).
 */
export function yardsticks(
  family: Family,
  data: Float64Array,
  params: readonly number[],
): { scale: number[]; edge: boolean[] } {
  const held = holdEdges(family, data);
  const edge = family.params.map((name) => held !== undefined && name in held.values);
  const free = family.params.flatMap((_, j) => (edge[j] ? [] : [j]));
  const inner = held === undefined ? family : held.inner;
  const scale = new Array<number>(family.params.length).fill(Number.NaN);
  if (inner !== undefined) {
    const own = free.map((j) => params[j] as number);
    const { hessian } = likelihoodEvaluator(inner, "compiled")(data, own);
    const information = inner.information?.(own, totalWeight(data), data) ?? hessian;
    const se = wald(own, information, 0.95)?.se as number[];
    free.forEach((j, k) => {
      scale[j] = se[k] as number;
    });
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of data) {
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  family.params.forEach((_, j) => {
    if (edge[j]) scale[j] = (max - min) / totalWeight(data);
  });
  return { scale, edge };
}

/** The bound on |estimate - truth| / yardstick: 4 standard errors, or 10 range / n for an edge. */
export const bound = (edge: boolean | undefined) => (edge ? 10 : 4);
