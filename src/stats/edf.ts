/** The three EDF statistics of fitdistrplus's gofstat. */
export interface EdfStatistics {
  /** Kolmogorov-Smirnov D = max |F_n - F|. */
  ks: number;
  /** Cramér-von Mises W² = 1/(12n) + Σ (F(x_(i)) - (2i - 1)/(2n))². */
  cvm: number;
  /** Anderson-Darling A² = -n - (1/n) Σ (2i - 1) [log F(x_(i)) + log(1 - F(x_(n+1-i)))]. */
  ad: number;
}

/**
 * EDF statistics of sorted data from log F and log(1 - F) at each value (`logTails` writes them
 * into out[0] and out[1]), in O(n) with one evaluation per value: values far out do not turn A²
 * infinite. A²'s sum is rearranged so each value's two terms come from the same evaluation.
 */
export function edfFromLogTails(
  sorted: Float64Array,
  logTails: (x: number, out: Float64Array) => void,
): EdfStatistics {
  const n = sorted.length;
  const tails = new Float64Array(2);
  let ks = 0;
  let cvm = 1 / (12 * n);
  let adSum = 0;
  for (let i = 0; i < n; i++) {
    logTails(sorted[i] as number, tails);
    const logF = tails[0] as number;
    const f = Math.exp(logF);
    ks = Math.max(ks, (i + 1) / n - f, f - i / n);
    cvm += (f - (2 * i + 1) / (2 * n)) ** 2;
    // Σ (2i + 1) log F(x_(i)) + Σ (2i + 1) log(1 - F(x_(n-1-i))), the second re-indexed by value.
    adSum += (2 * i + 1) * logF + (2 * (n - i) - 1) * (tails[1] as number);
  }
  return { ks, cvm, ad: -n - adSum / n };
}

/** The EDF statistics of sorted data from a CDF alone; its logs are floored at the smallest double. */
export function edfFromCdf(sorted: Float64Array, cdf: (x: number) => number): EdfStatistics {
  const n = sorted.length;
  let ks = 0;
  let cvm = 1 / (12 * n);
  let adSum = 0;
  const tiny = Number.MIN_VALUE;
  for (let i = 0; i < n; i++) {
    const f = Math.min(1, Math.max(0, cdf(sorted[i] as number)));
    ks = Math.max(ks, (i + 1) / n - f, f - i / n);
    cvm += (f - (2 * i + 1) / (2 * n)) ** 2;
    adSum +=
      (2 * i + 1) * Math.log(Math.max(f, tiny)) +
      (2 * (n - i) - 1) * Math.log(Math.max(1 - f, tiny));
  }
  return { ks, cvm, ad: -n - adSum / n };
}

/**
 * The Kolmogorov-Smirnov distance between the empirical and a fitted step function on sorted
 * whole numbers: checked on both sides of every jump.
 */
export function discreteKs(sorted: Float64Array, cdf: (x: number) => number): number {
  const n = sorted.length;
  let ks = 0;
  for (let i = 0; i < n; ) {
    const v = sorted[i] as number;
    let j = i;
    while (j + 1 < n && sorted[j + 1] === v) j++;
    ks = Math.max(ks, Math.abs((j + 1) / n - cdf(v)), Math.abs(i / n - cdf(v - 1)));
    i = j + 1;
  }
  return ks;
}

/**
 * k values drawn uniformly without replacement, in one sequential pass and O(k) memory: Knuth's
 * selection sampling (Algorithm S), which keeps the i-th value with probability
 * (k - kept) / (n - i). The sample keeps the data's order.
 */
export function randomSample(data: Float64Array, k: number, uniform: () => number): Float64Array {
  const n = data.length;
  const sample = new Float64Array(k);
  let kept = 0;
  for (let i = 0; i < n && kept < k; i++) {
    if ((n - i) * uniform() < k - kept) sample[kept++] = data[i] as number;
  }
  return sample;
}
