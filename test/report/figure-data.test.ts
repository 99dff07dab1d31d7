import { describe, expect, it } from "vitest";
import { normal } from "../../src/distributions/normal.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import {
  contourDrops,
  contourGrid,
  type FigureInput,
  figureData,
  plottingPosition,
  rankIndices,
  type SurfaceInput,
} from "../../src/report/figure/figure-data.js";
import { pathRecorder } from "../../src/report/figure/path.js";
import { normalMle } from "../../src/stats/moments.js";
import { expectRelClose } from "../helpers.js";
import { normalDistribution, normalLogLikelihood } from "../normal-fit.js";

const data = Float64Array.from({ length: 500 }, (_, i) => Math.sin(i * 12.9898) * 3 - 4);
const mle = normalMle(data);
const sorted = Float64Array.from(data).sort();
const curve = (label: string, loc: number, scale: number) => ({
  label,
  ...normalDistribution(loc, scale),
});

const surfaceInput: SurfaceInput = {
  path: [
    { loc: 1, scale: 1 },
    { loc: -2, scale: 3 },
    { loc: mle.loc + 0.1, scale: mle.scale * 1.1 },
  ],
  estimate: { loc: mle.loc + 0.1, scale: mle.scale * 1.1 },
  exact: mle,
  exactSe: { loc: mle.scale / Math.sqrt(500), scale: mle.scale / Math.sqrt(1000) },
  logLikelihood: normalLogLikelihood(data.length, mle),
};

function input(overrides: Partial<FigureInput> = {}): FigureInput {
  return {
    title: "t",
    data,
    sorted,
    bins: 20,
    fits: [
      curve("SGD fit", mle.loc + 0.1, mle.scale * 1.1),
      curve("exact MLE", mle.loc, mle.scale),
    ],
    surface: surfaceInput,
    ...overrides,
  };
}

describe("figure data", () => {
  it("plotting positions are R's ppoints", () => {
    // R: ppoints(5) = (1:5 - 3/8) / (5 + 1 - 2 * 3/8); ppoints(20) = (1:20 - 1/2) / 20
    expect([0, 1, 2, 3, 4].map((i) => plottingPosition(i, 5))).toEqual(
      [1, 2, 3, 4, 5].map((i) => (i - 3 / 8) / 5.25),
    );
    expect(plottingPosition(0, 20)).toBe(0.025);
    expect(plottingPosition(19, 20)).toBe(0.975);
  });

  it("rank indices keep every rank, or spread k from first to last", () => {
    expect(rankIndices(4, 10)).toEqual([0, 1, 2, 3]);
    const spread = rankIndices(1_000_001, 500);
    expect(spread).toHaveLength(500);
    expect(spread[0]).toBe(0);
    expect(spread[499]).toBe(1_000_000);
    for (let k = 1; k < 500; k++) expect(spread[k]).toBeGreaterThan(spread[k - 1] as number);
  });

  it("contour drops are 1, 3, 10, ... below the deepest, thinned past ten", () => {
    expect(contourDrops(0.5)).toEqual([]);
    expect(contourDrops(50)).toEqual([1, 3, 10, 30]);
    expect(contourDrops(1e6)).toEqual(
      [1, 3, 10, 30, 100, 300, 1e3, 3e3, 1e4, 3e4, 1e5, 3e5].filter((_, i) => i % 2 === 0),
    );
  });

  it("the closed-form surface is the engine's log-likelihood", () => {
    const engine = likelihoodEvaluator(normal, "compiled");
    const surface = normalLogLikelihood(data.length, mle);
    for (const [loc, scale] of [
      [mle.loc, mle.scale],
      [0, 1],
      [-10, 0.3],
      [5, 40],
    ] as const) {
      expectRelClose(surface(loc, scale), engine(data, [loc, scale]).logLik, 1e-12);
    }
  });

  it("the grid holds the path, the estimates and 3 SEs, in drops below the maximum", () => {
    const figure = surfaceInput;
    const grid = contourGrid(figure);
    expect(grid.values).toHaveLength(grid.width * grid.height);
    for (const p of [...figure.path, figure.estimate, figure.exact]) {
      expect(p.loc).toBeGreaterThan(grid.loc[0]);
      expect(p.loc).toBeLessThan(grid.loc[1]);
      expect(p.scale).toBeGreaterThan(grid.scale[0]);
      expect(p.scale).toBeLessThan(grid.scale[1]);
    }
    expect(grid.scale[0]).toBeGreaterThan(0);
    expect(Math.max(...grid.values)).toBeLessThanOrEqual(1e-9);
    // Cell (row, col) is the log-likelihood at its centre, scale decreasing down the rows.
    const row = 17;
    const col = 60;
    const loc = grid.loc[0] + ((col + 0.5) * (grid.loc[1] - grid.loc[0])) / grid.width;
    const scale = grid.scale[1] - ((row + 0.5) * (grid.scale[1] - grid.scale[0])) / grid.height;
    const top = figure.logLikelihood(mle.loc, mle.scale);
    expectRelClose(
      grid.values[row * grid.width + col] as number,
      figure.logLikelihood(loc, scale) - top,
      1e-12,
    );
  });

  it("panels: densities integrate like the bars, Q-Q and P-P follow the fits", () => {
    const figure = figureData(input());
    const barArea = figure.bars.reduce((s, b) => s + b.density * (b.x1 - b.x0), 0);
    expect(barArea).toBeCloseTo(1, 12);
    const exactQq = figure.qq.filter((p) => p.fit === "exact MLE");
    expect(exactQq).toHaveLength(500);
    // The k-th theoretical quantile is the fitted quantile at ppoints; empirical is sorted[k].
    const k = 123;
    expect(exactQq[k]?.empirical).toBe(sorted[k]);
    expectRelClose(
      exactQq[k]?.theoretical as number,
      normalDistribution(mle.loc, mle.scale).quantile((k + 0.5) / 500),
      1e-14,
    );
    const pp = figure.pp.filter((p) => p.fit === "SGD fit");
    expect(pp[k]?.empirical).toBe((k + 0.5) / 500);
    expect(figure.ecdf[0]?.p).toBe(0);
    expect(figure.ecdf.at(-1)?.p).toBe(1);
    expect(figure.surface?.marks.map((m) => m.label)).toEqual(["start", "SGD fit", "exact MLE"]);
    expect(figureData(input({ surface: undefined })).surface).toBeUndefined();
    expect(figure.subtitle).toBe("");
    const sampled = figureData(input({ sorted: sorted.subarray(0, 100) }));
    expect(sampled.subtitle).toContain("random sample of 100 values");
  });
});

describe("SGD path recorder", () => {
  it("keeps the start, about maxPoints steps, and always the last", () => {
    const recorder = pathRecorder(10_001, 100);
    for (let i = 1; i <= 10_001; i++) recorder.onStep(1, i, [i, 1 / i], 0);
    const points = recorder.points({ loc: 0, scale: 5 });
    expect(points[0]).toEqual({ loc: 0, scale: 5 });
    expect(points.at(-1)).toEqual({ loc: 10_001, scale: 1 / 10_001 });
    expect(points.length).toBeLessThanOrEqual(102);
    expect(points.length).toBeGreaterThan(90);
    const every = pathRecorder(3, 100);
    for (let i = 1; i <= 3; i++) every.onStep(1, i, [i, i], 0);
    expect(every.points({ loc: 0, scale: 1 }).map((p) => p.loc)).toEqual([0, 1, 2, 3]);
  });
});

describe("the closed-form surface at extreme magnitudes", () => {
  it("stays finite where squares of the values overflow or underflow", () => {
    for (const magnitude of [1e200, 1e-200]) {
      const values = Float64Array.from([1, 3, 2, 2.5], (v) => v * magnitude);
      const fit = normalMle(values);
      const surface = normalLogLikelihood(values.length, fit);
      const engine = likelihoodEvaluator(normal, "value");
      const at = surface(fit.loc * 1.1, fit.scale * 0.9);
      expect(Number.isFinite(at)).toBe(true);
      expectRelClose(at, engine(values, [fit.loc * 1.1, fit.scale * 0.9]).logLik, 1e-12);
    }
  });
});
