import normal from "@stdlib/random-base-normal";

/**
 * n draws from Normal(loc, scale), by @stdlib's improved ziggurat over the given uniform generator.
 *
 * @example
 * generateNormal(1000, -4, 2, uniformStream(1, "data")); // the seed's experiment, reproducibly
 */
export function generateNormal(
  n: number,
  loc: number,
  scale: number,
  uniform: () => number,
): Float64Array {
  const draw = normal.factory(loc, scale, { prng: uniform });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = draw();
  return out;
}
