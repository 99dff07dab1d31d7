import { mulberry32 } from "../stats/mulberry32.js";

/**
 * Fisher-Yates shuffle of a permutation in place, driven by a uniform generator on [0, 1). Like
 * the blog post's `np.random.shuffle(idx)`, each epoch shuffles the previous epoch's order again.
 */
export function shuffleInPlace(perm: Float64Array | Uint32Array, uniform: () => number): void {
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

export interface EpochOrderOptions {
  /** From this many samples, Fisher-Yates draws from Mulberry32 instead of `uniform`. */
  fastFrom?: number;
  /** Below this many samples, plain Fisher-Yates: the array fits in cache anyway. */
  bucketedFrom?: number;
  /** Target samples per bucket in the bucketed shuffle: small enough to stay in L2 cache. */
  bucketSize?: number;
  /**
   * Shuffle the source itself below `bucketedFrom`, instead of a copy: for a caller that owns
   * the array and needs only its values as a multiset afterwards (saves n elements of memory, and
   * the page faults of filling them).
   */
  inPlace?: boolean;
}

/**
 * The elements of `source` in each epoch's order, uniformly random, as an array the fit reads
 * front to back: the SGD shuffles the data values themselves, so its kernel reads them
 * contiguously (a read through a permutation misses the cache at every sample once the data
 * outgrow it: 4 times slower at 1e7 values here).
 *
 * Below `bucketedFrom` (2^22) values, Fisher-Yates in place on a copy, reshuffling the previous
 * epoch's order, as the blog post's `np.random.shuffle(idx)` does; from `fastFrom` (2^18) it
 * draws from Mulberry32, seeded once per epoch from `uniform`, since a call of `uniform` per
 * element cost more than the swaps (1e6 values: 4.5 ms an epoch here). From 2^22 values (32 MB,
 * this machine's L3 cache), Fisher-Yates is bound by cache misses (19.5 ns a value at 1e7), so
 * it uses Rao and Sandelius's method instead: send each element of the source to one of K
 * buckets independently and uniformly at random, shuffle each bucket by Fisher-Yates, and
 * concatenate; the result is exactly uniform, and each pass is sequential or cache-resident
 * (12.5 ns a value at 1e7). The source is never changed; the order needs one array of n
 * elements.
 */
export class EpochOrder<T extends Float64Array | Uint32Array> {
  private order: T | undefined;
  /** log2 of the number of buckets; 0 for plain Fisher-Yates. */
  private readonly bits: number;

  private readonly fast: boolean;

  constructor(
    private readonly source: T,
    {
      fastFrom = 1 << 18,
      bucketedFrom = 1 << 22,
      bucketSize = 1 << 14,
      inPlace = false,
    }: EpochOrderOptions = {},
  ) {
    const n = source.length;
    const bits = Math.round(Math.log2(Math.max(1, n / bucketSize)));
    this.bits = n >= bucketedFrom ? Math.min(bits, 16) : 0;
    this.fast = n >= fastFrom;
    if (inPlace && this.bits === 0) this.order = source;
  }

  /** Shuffles to the next epoch's order and returns it. */
  next(uniform: () => number): T {
    const { source } = this;
    if (this.bits === 0) {
      if (this.fast) {
        const seed = Math.floor(uniform() * 2 ** 32) | 0;
        // The first epoch shuffles while it copies (Fisher-Yates "inside-out"): one pass.
        if (this.order === undefined) this.order = shuffledCopy(source, seed);
        else mulberryShuffle(this.order, seed);
        return this.order;
      }
      this.order ??= source.slice() as T;
      shuffleInPlace(this.order, uniform);
      return this.order;
    }
    if (this.order === undefined) {
      this.order = new (source.constructor as new (n: number) => T)(source.length);
    }
    const target = this.order;
    const shift = 32 - this.bits;
    // As an int32 from the start, so that the loops keep `state` in an integer register.
    const seed = Math.floor(uniform() * 2 ** 32) | 0;
    const heads = new Uint32Array(2 ** this.bits + 1);
    // Bucket labels: the top bits of Mulberry32, run twice from the epoch's seed (count, then
    // scatter), so the labels need no memory of their own.
    let state = seed;
    for (let i = 0; i < source.length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      const b = (mulberry32(state) >>> shift) + 1;
      heads[b] = (heads[b] as number) + 1;
    }
    for (let b = 1; b < heads.length; b++)
      heads[b] = (heads[b] as number) + (heads[b - 1] as number);
    const starts = heads.slice();
    state = seed;
    for (let i = 0; i < source.length; i++) {
      state = (state + 0x6d2b79f5) | 0;
      const b = mulberry32(state) >>> shift;
      const at = heads[b] as number;
      target[at] = source[i] as number;
      heads[b] = at + 1;
    }
    // The in-bucket shuffles continue the same Mulberry32 stream, past the labels' states.
    for (let b = 0; b + 1 < starts.length; b++) {
      const from = starts[b] as number;
      for (let i = (starts[b + 1] as number) - 1; i > from; i--) {
        state = (state + 0x6d2b79f5) | 0;
        const j = from + Math.floor(mulberry32(state) * 2 ** -32 * (i - from + 1));
        const t = target[i] as number;
        target[i] = target[j] as number;
        target[j] = t;
      }
    }
    return target;
  }
}
/** Fisher-Yates in place, drawing from the Mulberry32 stream that starts after `seed`. */
function mulberryShuffle(values: Float64Array | Uint32Array, seed: number): void {
  let state = seed;
  for (let i = values.length - 1; i > 0; i--) {
    state = (state + 0x6d2b79f5) | 0;
    const j = Math.floor(mulberry32(state) * 2 ** -32 * (i + 1));
    const t = values[i] as number;
    values[i] = values[j] as number;
    values[j] = t;
  }
}

/** A uniformly shuffled copy of `source`, drawing from the Mulberry32 stream after `seed`. */
function shuffledCopy<T extends Float64Array | Uint32Array>(source: T, seed: number): T {
  const n = source.length;
  const out = new (source.constructor as new (n: number) => T)(n);
  if (n > 0) out[0] = source[0] as number;
  let state = seed;
  for (let i = 1; i < n; i++) {
    state = (state + 0x6d2b79f5) | 0;
    const j = Math.floor(mulberry32(state) * 2 ** -32 * (i + 1));
    out[i] = out[j] as number;
    out[j] = source[i] as number;
  }
  return out;
}
