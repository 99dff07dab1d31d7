/**
 * Frequency weights of a data array (--weights): each value stands for w of itself, so the
 * log-likelihood is Σ w_i log f(x_i), and a fit equals the fit of the data repeated w_i times.
 * Weights are attached to the array they belong to and looked up by it, as the per-array
 * groupings and moments are remembered (callers must not change an array between calls); every
 * array derived from weighted data (scaled, resampled) must carry them on with `weighted`.
 */
const registry = new WeakMap<Float64Array, Float64Array>();

/** The values with their weights attached: the same array, returned for chaining. */
export function weighted(values: Float64Array, weights: Float64Array | undefined): Float64Array {
  if (weights !== undefined) registry.set(values, weights);
  return values;
}

/** The weights of an array, or undefined when it is unweighted. */
export function weightsOf(values: Float64Array): Float64Array | undefined {
  return registry.get(values);
}

/** Σ w_i, or n for an unweighted array: the number of observations the data stand for. */
export function totalWeight(values: Float64Array): number {
  const weights = registry.get(values);
  if (weights === undefined) return values.length;
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i] as number;
  return sum;
}

/**
 * The weighted median: the smallest x with at least half the total weight at or below it.
 * Remembered per array (a sort each): Laplace asks for it at every full-batch step.
 */
export function weightedMedian(values: Float64Array, weights: Float64Array): number {
  let median = medians.get(values);
  if (median === undefined) {
    median = computeWeightedMedian(values, weights);
    medians.set(values, median);
  }
  return median;
}

const medians = new WeakMap<Float64Array, number>();

function computeWeightedMedian(values: Float64Array, weights: Float64Array): number {
  const order = Array.from(values.keys()).sort(
    (a, b) => (values[a] as number) - (values[b] as number),
  );
  const half = order.reduce((s, i) => s + (weights[i] as number), 0) / 2;
  let below = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] as number;
    below += weights[i] as number;
    if (below > half) return values[i] as number;
    if (below === half) {
      // Exactly half at or below: every point up to the next weighted value maximizes; take the
      // midpoint, as the unweighted median of an even count does.
      for (let m = k + 1; m < order.length; m++) {
        const next = order[m] as number;
        if ((weights[next] as number) > 0)
          return ((values[i] as number) + (values[next] as number)) / 2;
      }
      return values[i] as number;
    }
  }
  return Number.NaN;
}
