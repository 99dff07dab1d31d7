import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { formatPlot, histogram } from "../../src/report/plot.js";
import { normalMle } from "../../src/stats/moments.js";
import { generateNormal, normalDistribution } from "../normal-fit.js";

const data = generateNormal(1000, -4, 2, uniformStream(42, "data"));
const mle = normalMle(data);
const curves = [
  { label: "SGD fit", density: normalDistribution(-3.9, 2.1).pdf, marker: "*", colorCode: 33 },
  {
    label: "exact MLE",
    density: normalDistribution(mle.loc, mle.scale).pdf,
    marker: "o",
    colorCode: 32,
  },
];
const options = { width: 80, bins: 20, height: 15, ascii: false, color: false };

describe("histogram", () => {
  it("puts every value in one of the bins, the largest in the last", () => {
    const { counts, min, max } = histogram(data, 20);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(min).toBe(Math.min(...data));
    expect(max).toBe(Math.max(...data));
    expect(histogram(Float64Array.of(0, 1, 2, 3), 2).counts).toEqual([2, 2]);
  });
});

describe("formatPlot", () => {
  it("matches its snapshot at 80 columns, in Unicode and in ASCII", () => {
    expect(formatPlot(data, curves, options)).toMatchSnapshot();
    expect(formatPlot(data, curves, { ...options, ascii: true })).toMatchSnapshot();
  });

  it("draws bars whose heights follow the counts", () => {
    const lines = formatPlot(data, curves, options).split("\n").slice(0, 15);
    const columns = Math.floor((80 - 5 - 2) / 20);
    const { counts } = histogram(data, 20);
    // A bar's height in cells: full blocks in its first column, from the bottom up.
    const heights = counts.map(
      (_, b) =>
        lines.filter((line) => {
          const plot = line.slice(line.indexOf("│") + 1);
          return plot[b * columns + columns - 1] === "█";
        }).length,
    );
    const tallest = counts.indexOf(Math.max(...counts));
    expect(heights.indexOf(Math.max(...heights))).toBe(tallest);
    for (let b = 0; b < counts.length; b++) {
      for (let c = 0; c < counts.length; c++) {
        if ((counts[b] as number) > (counts[c] as number) + 20)
          expect(heights[b]).toBeGreaterThanOrEqual(heights[c] as number);
      }
    }
  });

  it("scales the axis to the taller of the bars and the density peak, 1/(scale·√(2π))", () => {
    const narrow = [
      {
        label: "narrow",
        density: normalDistribution(mle.loc, mle.scale / 4).pdf,
        marker: "o",
        colorCode: 32,
      },
    ];
    const top = Number(formatPlot(data, narrow, options).split("│")[0]);
    expect(top).toBeCloseTo(1.05 / ((mle.scale / 4) * Math.sqrt(2 * Math.PI)), 2);
  });

  it("colours only when asked, and keeps ASCII mode to ASCII", () => {
    expect(formatPlot(data, curves, options)).not.toContain("\u001b[");
    expect(formatPlot(data, curves, { ...options, color: true })).toContain("\u001b[34m");
    expect(formatPlot(data, curves, { ...options, ascii: true })).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it("fits the width it is given", () => {
    for (const width of [60, 80, 132]) {
      const lines = formatPlot(data, curves, { ...options, width }).split("\n");
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(width);
    }
  });
});
