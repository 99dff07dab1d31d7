/**
 * Fisher-Yates shuffle of a permutation in place, driven by a uniform generator on [0, 1). Like
 * the seed's `np.random.shuffle(idx)`, each epoch shuffles the previous epoch's order again.
 */
export function shuffleInPlace(perm: Uint32Array, uniform: () => number): void {
  for (let i = perm.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = perm[i] as number;
    perm[i] = perm[j] as number;
    perm[j] = t;
  }
}

/** 0, 1, ..., n-1. */
export function identityPermutation(n: number): Uint32Array {
  const perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  return perm;
}
