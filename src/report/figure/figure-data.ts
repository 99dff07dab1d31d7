import { nth } from "../../stats/at.js";
import type { Reference } from "../../stats/cullen-frey.js";
import { histogram } from "../plot.js";

/** A fitted distribution as the figure draws it. */
export interface FittedCurve {
  label: string;
  pdf(x: number): number;
  cdf(x: number): number;
  quantile(p: number): number;
}

export interface ParamPoint {
  loc: number;
  scale: number;
}

export interface FigureInput {
  /** Above the panels: what was fitted to what. */
  title: string;
  /** Every value, for the histogram. */
  data: Float64Array;
  /** The values sorted, or a sorted random sample of them (Q-Q, CDF and P-P panels). */
  sorted: Float64Array;
  bins: number;
  /** The SGD fit first, then the exact MLE (or the best families first): one colour each. */
  fits: readonly FittedCurve[];
  /**
   * --dist auto: the Cullen and Frey panel (fitdistrplus's descdist), the data's (skewness²,
   * kurtosis), its bootstrap cloud if any, and the families' points and lines.
   */
  cullenFrey?: {
    observed: [number, number];
    cloud?: readonly [number, number][];
    references: readonly Reference[];
  };
  /** A mixture's components, each weighted: drawn under the densities in the histogram panel. */
  components?: readonly { label: string; pdf(x: number): number }[];
  /** The fifth panel's SGD path over the log-likelihood; without it, four panels. */
  surface?: SurfaceInput;
  /**
   * Censored data: the Turnbull estimate's CDF (points joined by lines), drawn against the fitted
   * CDFs in place of the four panels, which need every value (fitdistrplus's cdfcompcens).
   */
  npmle?: { x: number; p: number }[];
}

/** What the SGD-path panel needs: a (loc, scale) fit's path, estimates and likelihood. */
export interface SurfaceInput {
  /** SGD's (loc, scale) from its start, step by step (thinned to a few thousand points). */
  path: readonly ParamPoint[];
  /** What SGD reports (the last iterate, or their average with --average). */
  estimate: ParamPoint;
  exact: ParamPoint;
  /** The exact MLE's standard errors, when the information is positive definite. */
  exactSe: ParamPoint | undefined;
  logLikelihood(loc: number, scale: number): number;
  /** The two parameters' names, for the axes (default loc and scale). */
  names?: readonly [string, string];
  /** Whether the first parameter must stay positive too (the second always must). */
  xPositive?: boolean;
  /** Grid cells across and down (default 80). */
  cells?: number;
}

/** The grid of log-likelihood values the contour panel draws, one value per cell centre. */
export interface ContourGrid {
  /** Cells across (loc) and down (scale, from the largest at the top). */
  width: number;
  height: number;
  /** Log-likelihood minus its maximum (at most 0), row by row from the top. */
  values: number[];
  /** Contour levels, as drops below the maximum (positive, increasing). */
  drops: number[];
  loc: [number, number];
  scale: [number, number];
}

export interface FigureData {
  title: string;
  subtitle: string;
  bars: { x0: number; x1: number; density: number }[];
  densities: { fit: string; x: number; y: number }[];
  qq: { fit: string; theoretical: number; empirical: number }[];
  ecdf: { x: number; p: number }[];
  cdfs: { fit: string; x: number; p: number }[];
  pp: { fit: string; theoretical: number; empirical: number }[];
  /** Censored data: `ecdf` is the Turnbull estimate, and the other three panels are left out. */
  censored?: boolean;
  surface?: {
    names: readonly [string, string];
    grid: ContourGrid;
    path: { step: number; loc: number; scale: number }[];
    marks: { label: string; loc: number; scale: number }[];
  };
  cullenFrey?: {
    observed: { b1: number; b2: number }[];
    cloud: { b1: number; b2: number }[];
    points: { label: string; b1: number; b2: number }[];
    lines: { label: string; order: number; b1: number; b2: number }[];
    /** Each line's name, at the end of its part in view. */
    lineLabels: { label: string; b1: number; b2: number }[];
    /** The beta's region, between kurtosis = 1 + skewness² and the gamma line. */
    beta: { b1: number; lower: number; upper: number }[];
  };
}

/** The Cullen and Frey panel's marks, clipped to the data's neighbourhood of the plane. */
function cullenFreyData(
  input: NonNullable<FigureInput["cullenFrey"]>,
): NonNullable<FigureData["cullenFrey"]> {
  const [b1, b2] = input.observed;
  const cloud = (input.cloud ?? []).map(([x, y]) => ({ b1: x, b2: y }));
  // As descdist: skewness² to a little past the data's (at least 4, the exponential's), kurtosis
  // to a little past it (at least 10).
  const maxB1 = Math.max(4.5, 1.2 * b1, ...cloud.map((c) => c.b1));
  const maxB2 = Math.max(10, 1.2 * b2, ...cloud.map((c) => c.b2));
  const inside = (x: number, y: number) => x <= maxB1 && y <= maxB2;
  const points = input.references.flatMap((r) =>
    r.kind === "point" && inside(...r.at) ? [{ label: r.family, b1: r.at[0], b2: r.at[1] }] : [],
  );
  const lines = input.references.flatMap((r) =>
    r.kind === "line"
      ? r.points.flatMap(([x, y], order) =>
          inside(x, y) ? [{ label: r.family, order, b1: x, b2: y }] : [],
        )
      : [],
  );
  const beta = Array.from({ length: 41 }, (_, i) => {
    const x = (maxB1 * i) / 40;
    return { b1: x, lower: 1 + x, upper: Math.min(maxB2, 3 + 1.5 * x) };
  });
  const lineLabels = [...new Set(lines.map((l) => l.label))].map((label) => {
    // At the end farthest along skewness², where the line leaves the view.
    const end = lines.filter((l) => l.label === label).reduce((a, b) => (b.b1 > a.b1 ? b : a)) as {
      b1: number;
      b2: number;
    };
    return { label, b1: end.b1, b2: end.b2 };
  });
  return { observed: [{ b1, b2 }], cloud, points, lines, lineLabels, beta };
}

/** Points along each fitted curve. */
const CURVE_POINTS = 201;
/** Points per fit in the Q-Q and P-P panels, and steps of the empirical CDF, at most. */
const RANK_POINTS = 500;
const GRID_CELLS = 80;

/**
 * The numbers behind the five panels: fitdistrplus's four (denscomp, qqcomp, cdfcomp, ppcomp,
 * with its plotting positions) and the SGD path over the log-likelihood surface.
 */
export function figureData(input: FigureInput): FigureData {
  const { data, sorted, fits, npmle } = input;
  if (npmle !== undefined) return censoredFigureData(input, npmle);
  const { counts, min, max } = histogram(data, input.bins);
  const binWidth = (max - min) / input.bins;
  const bars = counts.map((count, i) => ({
    x0: min + i * binWidth,
    x1: i === input.bins - 1 ? max : min + (i + 1) * binWidth,
    density: binWidth > 0 ? count / (data.length * binWidth) : 0,
  }));
  const xs = Array.from({ length: CURVE_POINTS }, (_, i) =>
    i === CURVE_POINTS - 1 ? max : min + ((max - min) * i) / (CURVE_POINTS - 1),
  );
  const m = sorted.length;
  const ranks = rankIndices(m, RANK_POINTS);
  const positions = ranks.map((i) => plottingPosition(i, m));
  return {
    title: input.title,
    subtitle:
      m < data.length
        ? `Q-Q, CDF and P-P panels on a random sample of ${m.toLocaleString("en-US")} values`
        : "",
    bars,
    densities: [...fits, ...(input.components ?? [])].flatMap((f) =>
      xs.map((x) => ({ fit: f.label, x, y: f.pdf(x) })),
    ),
    qq: fits.flatMap((f) =>
      ranks.map((i, k) => ({
        fit: f.label,
        theoretical: f.quantile(nth(positions, k)),
        empirical: nth(sorted, i),
      })),
    ),
    ecdf: [
      { x: nth(sorted, 0), p: 0 },
      ...ranks.map((i) => ({ x: nth(sorted, i), p: (i + 1) / m })),
    ],
    cdfs: fits.flatMap((f) => xs.map((x) => ({ fit: f.label, x, p: f.cdf(x) }))),
    pp: fits.flatMap((f) =>
      ranks.map((i, k) => ({
        fit: f.label,
        theoretical: f.cdf(nth(sorted, i)),
        empirical: nth(positions, k),
      })),
    ),
    ...(input.cullenFrey === undefined ? {} : { cullenFrey: cullenFreyData(input.cullenFrey) }),
    ...(input.surface === undefined
      ? {}
      : {
          surface: {
            names: input.surface.names ?? ["loc", "scale"],
            grid: contourGrid(input.surface),
            path: input.surface.path.map((p, step) => ({ step, ...p })),
            marks: [
              { label: "start", ...(input.surface.path[0] ?? input.surface.estimate) },
              { label: fits[0]?.label ?? "", ...input.surface.estimate },
              { label: fits[1]?.label ?? "", ...input.surface.exact },
            ],
          },
        }),
  };
}

/**
 * The figure of censored data: the Turnbull estimate against the fitted CDFs over the range of
 * the rows' finite bounds, and the SGD path panel.
 */
function censoredFigureData(input: FigureInput, npmle: { x: number; p: number }[]): FigureData {
  const xs0 = npmle.map((point) => point.x);
  const min = Math.min(...xs0);
  const max = Math.max(...xs0);
  const xs = Array.from({ length: CURVE_POINTS }, (_, i) =>
    i === CURVE_POINTS - 1 ? max : min + ((max - min) * i) / (CURVE_POINTS - 1),
  );
  const full = figureData({ ...input, npmle: undefined, sorted: input.sorted.subarray(0, 1) });
  return {
    ...full,
    subtitle:
      "censored data: the Turnbull estimate (a straight rise where it does not say how its mass spreads)",
    bars: [],
    densities: input.fits.map((f) => ({ fit: f.label, x: min, y: 0 })),
    qq: [],
    pp: [],
    ecdf: npmle,
    cdfs: input.fits.flatMap((f) => xs.map((x) => ({ fit: f.label, x, p: f.cdf(x) }))),
    censored: true,
  };
}

/** R's ppoints(m): (i + 1 - a) / (m + 1 - 2a), a = 3/8 for m <= 10, else 1/2. */
export function plottingPosition(i: number, m: number): number {
  const a = m <= 10 ? 3 / 8 : 1 / 2;
  return (i + 1 - a) / (m + 1 - 2 * a);
}

/** Every index below m when m <= k, else k evenly spread ones, the first and last included. */
export function rankIndices(m: number, k: number): number[] {
  if (m <= k) return Array.from({ length: m }, (_, i) => i);
  return Array.from({ length: k }, (_, j) => Math.round((j * (m - 1)) / (k - 1)));
}

/**
 * The log-likelihood over a box holding the SGD path, the estimate, and the exact MLE with three
 * standard errors either way; contours at drops of 1, 3, 10, 30, ... below the maximum (a drop
 * of 3.0 bounds the 95% joint confidence region: chi-square(2) / 2).
 */
export function contourGrid(input: SurfaceInput): ContourGrid {
  const points = [...input.path, input.estimate, input.exact];
  if (input.exactSe) {
    const { loc, scale } = input.exact;
    points.push(
      { loc: loc - 3 * input.exactSe.loc, scale: scale - 3 * input.exactSe.scale },
      { loc: loc + 3 * input.exactSe.loc, scale: scale + 3 * input.exactSe.scale },
    );
  }
  const loc = paddedRange(points.map((p) => p.loc));
  const scale = paddedRange(points.map((p) => p.scale));
  // A scale must stay positive: the box stops at half the smallest one it holds.
  const smallest = Math.min(...points.map((p) => p.scale).filter((s) => s > 0));
  if (scale[0] <= 0) scale[0] = smallest / 2;
  if (input.xPositive && loc[0] <= 0) {
    loc[0] = Math.min(...points.map((p) => p.loc).filter((s) => s > 0)) / 2;
  }
  const cells = input.cells ?? GRID_CELLS;
  const top = input.logLikelihood(input.exact.loc, input.exact.scale);
  const values: number[] = [];
  let deepest = 0;
  for (let row = 0; row < cells; row++) {
    const s = scale[1] - ((row + 0.5) * (scale[1] - scale[0])) / cells;
    for (let col = 0; col < cells; col++) {
      const l = loc[0] + ((col + 0.5) * (loc[1] - loc[0])) / cells;
      const v = input.logLikelihood(l, s) - top;
      values.push(v);
      if (v < deepest) deepest = v;
    }
  }
  return {
    width: cells,
    height: cells,
    values,
    drops: contourDrops(-deepest),
    loc,
    scale,
  };
}

/** 1, 3, 10, 30, ... up to the deepest drop; every other one when that makes more than 10. */
export function contourDrops(deepest: number): number[] {
  const drops: number[] = [];
  for (let k = 0; drops.length < 40; k++) {
    const d = (k % 2 === 0 ? 1 : 3) * 10 ** Math.floor(k / 2);
    if (d >= deepest) break;
    drops.push(d);
  }
  return drops.length > 10 ? drops.filter((_, i) => i % 2 === 0) : drops;
}

function paddedRange(values: number[]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= 0.08 * span;
  hi += 0.08 * span;
  return [lo, hi];
}
