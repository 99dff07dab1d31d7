/**
 * Mulberry32 (Tommy Ettinger's): a small, fast generator of 32-bit state. Its output function
 * for a state gives a well-mixed 32-bit value; the shuffles (fit/shuffle.ts) step the state
 * themselves, and the mixtures' EM (distributions/mixture.ts, fit/mixture-em.ts) draws from a
 * seeded stream of it.
 */
export function mulberry32(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/** Uniform [0, 1) draws from the Mulberry32 stream that starts after `seed`. */
export function mulberryStream(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mulberry32(state) / 4294967296;
  };
}
