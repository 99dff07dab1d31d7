import type { Family } from "../distributions/family.js";

/**
 * n draws from a family at the given parameters, by its @stdlib sampler over the given uniform
 * stream.
 *
 * @example
 * draw(normal, [-4, 2], 1000, uniformStream(1, "data")); // the blog post's experiment
 */
export function draw(
  family: Family,
  params: readonly number[],
  n: number,
  uniform: () => number,
): Float64Array {
  const next = family.sampler(params, uniform);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = next();
  return out;
}
