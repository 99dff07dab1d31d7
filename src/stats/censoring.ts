import { weighted, weightsOf } from "./weights.js";

/**
 * Censored observations (--left/--right, --event): each row is known exactly, or only to lie
 * below a bound (left-censored), above one (right-censored), or between two (interval-censored),
 * as R's fitdistcens and survival's Surv take them. The rows' kinds and bounds are attached to
 * the data array, as frequency weights are (weights.ts), so the whole pipeline passes one array;
 * the array itself holds one representative number per row (the value, the one bound known, or
 * an interval's midpoint), which is what starts, spreads and sorting read.
 */
export const EXACT = 0;
export const LEFT = 1;
export const RIGHT = 2;
export const INTERVAL = 3;
export type CensorKind = typeof EXACT | typeof LEFT | typeof RIGHT | typeof INTERVAL;

export interface Censoring {
  kind: Uint8Array;
  /** Each row's bounds: lower is -∞ for a left-censored row, upper +∞ for a right-censored one. */
  lower: Float64Array;
  upper: Float64Array;
}

export interface CensorCounts {
  exact: number;
  left: number;
  right: number;
  interval: number;
}

const registry = new WeakMap<Float64Array, Censoring>();

/** The censoring of an array, or undefined when every value is exact. */
export function censoringOf(values: Float64Array): Censoring | undefined {
  return registry.get(values);
}

/** The values with their censoring attached: the same array, returned for chaining. */
export function censored(values: Float64Array, censoring: Censoring | undefined): Float64Array {
  if (censoring !== undefined) registry.set(values, censoring);
  return values;
}

/**
 * Rows from fitdistcens's two columns: a missing (NaN) left bound means left-censored, a missing
 * right bound right-censored, equal bounds exact, different ones an interval. A row's problem
 * (both missing, left above right, a bound ±∞ or an exact value that is not finite) is returned
 * with its row number (0-based), for the caller's message.
 */
export function fromBounds(
  left: Float64Array,
  right: Float64Array,
): { values: Float64Array } | { row: number; problem: string } {
  const n = left.length;
  const kind = new Uint8Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const l = left[i] as number;
    const r = right[i] as number;
    const lMissing = Number.isNaN(l) || l === Number.NEGATIVE_INFINITY;
    const rMissing = Number.isNaN(r) || r === Number.POSITIVE_INFINITY;
    if (lMissing && rMissing) return { row: i, problem: "both bounds are missing" };
    if (l === Number.POSITIVE_INFINITY || r === Number.NEGATIVE_INFINITY) {
      return { row: i, problem: `the bounds ${l}, ${r} are not an interval of finite numbers` };
    }
    if (!lMissing && !rMissing && l > r) {
      return { row: i, problem: `the left bound ${l} is above the right bound ${r}` };
    }
    lower[i] = lMissing ? Number.NEGATIVE_INFINITY : l;
    upper[i] = rMissing ? Number.POSITIVE_INFINITY : r;
    if (lMissing) {
      kind[i] = LEFT;
      values[i] = r;
    } else if (rMissing) {
      kind[i] = RIGHT;
      values[i] = l;
    } else if (l === r) {
      kind[i] = EXACT;
      values[i] = l;
    } else {
      kind[i] = INTERVAL;
      values[i] = l / 2 + r / 2;
    }
  }
  return { values: censored(values, { kind, lower, upper }) };
}

/**
 * Rows from survival's Surv(time, event): event 1 is an observed time, 0 a time after which the
 * subject was still alive (right-censored). Any other event is returned as a problem.
 */
export function fromEvents(
  time: Float64Array,
  event: Float64Array,
): { values: Float64Array } | { row: number; problem: string } {
  const n = time.length;
  const left = Float64Array.from(time);
  const right = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = event[i] as number;
    if (e !== 0 && e !== 1) {
      return { row: i, problem: `the event ${e} is neither 1 (observed) nor 0 (right-censored)` };
    }
    right[i] = e === 1 ? (time[i] as number) : Number.NaN;
  }
  return fromBounds(left, right);
}

/** How many rows of each kind (rows of weight 0 included). */
export function censorCounts(censoring: Censoring): CensorCounts {
  const counts = [0, 0, 0, 0];
  for (const k of censoring.kind) counts[k] = (counts[k] as number) + 1;
  const [exact, left, right, interval] = counts as [number, number, number, number];
  return { exact, left, right, interval };
}

/**
 * The array mapped value by value by an increasing f (x / c, for data near 1e±300), with its
 * weights carried over and its censoring's bounds mapped by the same f.
 */
export function mapRows(data: Float64Array, f: (x: number) => number): Float64Array {
  const out = weighted(data.map(f), weightsOf(data));
  const censoring = censoringOf(data);
  if (censoring === undefined) return out;
  return censored(out, {
    kind: censoring.kind,
    lower: censoring.lower.map(f),
    upper: censoring.upper.map(f),
  });
}
