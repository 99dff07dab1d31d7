import { type Censoring, EXACT, RIGHT } from "./censoring.js";

/** The NPMLE's mass on one innermost interval [lower, upper] (a point where they are equal). */
export interface TurnbullMass {
  lower: number;
  upper: number;
  mass: number;
}

export interface TurnbullOptions {
  /** Frequency weights of the rows (default 1 each). */
  weights?: Float64Array | undefined;
  /** Stop when no mass moves by more than this in an iteration (default 1e-10). */
  tolerance?: number;
  maxIterations?: number;
}

/**
 * Turnbull's (1976) nonparametric MLE of the distribution of censored data, by his
 * self-consistency (EM) iteration: the mass sits on the innermost intervals (a left end followed
 * by a right end with no other end between them, in the order of all rows' ends), and each
 * iteration spreads every row's weight over the innermost intervals it covers in proportion to
 * their mass. For right-censored data alone it is the Kaplan-Meier estimate. A row's interval is
 * closed, [l, u]; a right-censored row's lower end is open (the event came after l), as the
 * Kaplan-Meier convention puts censoring after deaths at the same time.
 *
 * Each row covers a run of consecutive innermost intervals, so an iteration costs O(rows +
 * intervals) with prefix sums.
 */
export function turnbull(censoring: Censoring, options: TurnbullOptions = {}): TurnbullMass[] {
  const n = censoring.kind.length;
  const lows = new Float64Array(n);
  const highs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lower = censoring.lower[i] as number;
    lows[i] = censoring.kind[i] === RIGHT ? nextUp(lower) : lower;
    highs[i] = censoring.kind[i] === EXACT ? lower : (censoring.upper[i] as number);
  }
  const cells = innermostIntervals(lows, highs);
  const m = cells.length;
  // Each row's run of cells [first, last]: the cells inside [low, high].
  const first = new Int32Array(n);
  const last = new Int32Array(n);
  const weights = options.weights;
  let total = 0;
  for (let i = 0; i < n; i++) {
    first[i] = lowerBound(cells, (c) => c.lower >= (lows[i] as number));
    last[i] = lowerBound(cells, (c) => c.upper > (highs[i] as number)) - 1;
    total += weights === undefined ? 1 : (weights[i] as number);
  }
  let mass = new Float64Array(m).fill(1 / m);
  const prefix = new Float64Array(m + 1);
  const spread = new Float64Array(m + 1);
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 100_000;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let j = 0; j < m; j++) prefix[j + 1] = (prefix[j] as number) + (mass[j] as number);
    spread.fill(0);
    for (let i = 0; i < n; i++) {
      const a = first[i] as number;
      const b = last[i] as number;
      if (b < a) continue;
      const covered = (prefix[b + 1] as number) - (prefix[a] as number);
      if (!(covered > 0)) continue;
      const share = (weights === undefined ? 1 : (weights[i] as number)) / covered;
      spread[a] = (spread[a] as number) + share;
      spread[b + 1] = (spread[b + 1] as number) - share;
    }
    const next = new Float64Array(m);
    let running = 0;
    let moved = 0;
    for (let j = 0; j < m; j++) {
      running += spread[j] as number;
      next[j] = ((mass[j] as number) * running) / total;
      moved = Math.max(moved, Math.abs((next[j] as number) - (mass[j] as number)));
    }
    mass = next;
    if (moved <= tolerance) break;
  }
  return cells.map((cell, j) => ({ ...cell, mass: mass[j] as number }));
}

/** Every [left end, right end] with no other end between them, in order. */
function innermostIntervals(lows: Float64Array, highs: Float64Array): Omit<TurnbullMass, "mass">[] {
  // Ends in order; at a tie a left end comes first, so a point [x, x] is an interval of its own.
  const ends: { x: number; left: boolean }[] = [];
  for (let i = 0; i < lows.length; i++) {
    ends.push({ x: lows[i] as number, left: true }, { x: highs[i] as number, left: false });
  }
  ends.sort((a, b) => a.x - b.x || (a.left === b.left ? 0 : a.left ? -1 : 1));
  const cells: Omit<TurnbullMass, "mass">[] = [];
  for (let k = 0; k + 1 < ends.length; k++) {
    const a = ends[k] as { x: number; left: boolean };
    const b = ends[k + 1] as { x: number; left: boolean };
    if (a.left && !b.left) cells.push({ lower: a.x, upper: b.x });
  }
  return cells;
}

/** The first index whose cell satisfies `past` (a predicate false then true along the cells). */
function lowerBound<T>(items: readonly T[], past: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (past(items[mid] as T)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The next double above x. */
function nextUp(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x === 0) return Number.MIN_VALUE;
  const buffer = new Float64Array([x]);
  const bits = new BigInt64Array(buffer.buffer);
  bits[0] = (bits[0] as bigint) + (x > 0 ? 1n : -1n);
  return buffer[0] as number;
}

/**
 * The NPMLE's CDF as points to join with straight lines: flat between innermost intervals, a jump
 * at a point mass, and a straight rise across an interval (where the NPMLE does not say how its
 * mass is spread); ends at ±∞ are cut at the nearest finite end.
 */
export function turnbullCdf(masses: readonly TurnbullMass[]): { x: number; p: number }[] {
  const finite = masses.flatMap((c) => [c.lower, c.upper]).filter(Number.isFinite);
  if (finite.length === 0) return [];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const clip = (x: number) => Math.min(hi, Math.max(lo, x));
  const points: { x: number; p: number }[] = [];
  let cumulative = 0;
  for (const cell of masses) {
    // Mass below the smallest finite end, or above the largest, has no place on the axis: the
    // curve starts above 0, or stops below 1.
    if (cell.upper === Number.POSITIVE_INFINITY && cell.lower >= hi) break;
    if (cell.lower !== Number.NEGATIVE_INFINITY || cell.upper > lo) {
      points.push({ x: clip(cell.lower), p: cumulative });
    }
    cumulative += cell.mass;
    points.push({ x: clip(cell.upper), p: Math.min(1, cumulative) });
  }
  return points;
}
