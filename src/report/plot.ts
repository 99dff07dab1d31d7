import { cell, nth } from "../stats/at.js";
/**
 * A histogram of the data with fitted Normal densities drawn over it, as text: what the blog post's
 * `plt.hist(x, bins=20)` shows, in the terminal. Bars are density (count / (n · bin width)), so
 * they and the curves share one axis.
 */
export interface PlotOptions {
  /** Characters per line, axis labels included. */
  width: number;
  bins: number;
  /** Rows of the plot area. */
  height: number;
  /** '#' bars and ASCII axes instead of Unicode blocks. */
  ascii: boolean;
  /** ANSI colours. */
  color: boolean;
}

export interface Curve {
  label: string;
  /** The fitted density (or, for counts, probability per unit). */
  density(x: number): number;
  /** One character drawn where the curve passes. */
  marker: string;
  /** ANSI colour code for the marker. */
  colorCode: number;
}

const BLOCKS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** Per bin: its count, over `bins` equal bins from the smallest value to the largest. */
export function histogram(
  data: Float64Array,
  bins: number,
): { counts: number[]; min: number; max: number } {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of data) {
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (max - min) / bins;
  for (const x of data) {
    const bin = width > 0 ? Math.min(bins - 1, Math.floor((x - min) / width)) : 0;
    counts[bin] = nth(counts, bin) + 1;
  }
  return { counts, min, max };
}

export function formatPlot(data: Float64Array, curves: Curve[], options: PlotOptions): string {
  const { bins, height, ascii, color } = options;
  const { counts, min, max } = histogram(data, bins);
  const binWidth = (max - min) / bins;
  const n = data.length;
  const densities = counts.map((c) => c / (n * binWidth));
  const centers = counts.map((_, i) => min + (i + 0.5) * binWidth);
  const curveValues = curves.map((c) => centers.map((x) => c.density(x)));
  // The axis holds the tallest bar and each curve's peak over the range (on a fine grid).
  const grid = Array.from({ length: 401 }, (_, i) => min + ((max - min) * i) / 400);
  const peaks = curves.map((c) =>
    Math.max(...grid.map((x) => c.density(x)).filter(Number.isFinite)),
  );
  const top = Math.max(...densities, ...curveValues.flat(), ...peaks) * 1.05;

  const label = (v: number) => v.toPrecision(3);
  const labelWidth = Math.max(label(top).length, label(top / 2).length, 1);
  const columns = Math.max(1, Math.floor((options.width - labelWidth - 2) / bins));
  const paint = (text: string, code: number) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  for (let row = height - 1; row >= 0; row--) {
    const low = (row / height) * top;
    const high = ((row + 1) / height) * top;
    let line = "";
    for (let b = 0; b < bins; b++) {
      const d = nth(densities, b);
      const fill = d >= high ? 8 : d <= low ? 0 : Math.round(((d - low) / (high - low)) * 8);
      const bar = ascii ? (fill >= 4 ? "#" : " ") : (BLOCKS[fill] as string);
      const cells = Array.from({ length: columns }, () => (fill > 0 ? paint(bar, 34) : " "));
      // Each curve's marker in the middle of the bin's columns, on the row it passes through.
      curves.forEach((curve, c) => {
        const v = cell(curveValues, c, b);
        const at = Math.min(columns - 1, Math.max(0, Math.floor(columns / 2) + c - 1));
        if (v >= low && v < high) cells[at] = paint(curve.marker, curve.colorCode);
      });
      line += cells.join("");
    }
    const axisLabel =
      row === height - 1 ? label(top) : row === Math.floor(height / 2) ? label(top / 2) : "";
    lines.push(`${axisLabel.padStart(labelWidth)} ${ascii ? "|" : "│"}${line}`);
  }
  const plotWidth = columns * bins;
  lines.push(
    `${"0".padStart(labelWidth)} ${ascii ? "+" : "└"}${(ascii ? "-" : "─").repeat(plotWidth)}`,
  );
  const low = label(min);
  const mid = label((min + max) / 2);
  const high = label(max);
  const gap1 = Math.max(1, Math.floor(plotWidth / 2) - low.length - Math.floor(mid.length / 2));
  const gap2 = Math.max(1, plotWidth - low.length - gap1 - mid.length - high.length);
  lines.push(
    `${" ".repeat(labelWidth + 2)}${low}${" ".repeat(gap1)}${mid}${" ".repeat(gap2)}${high}`,
  );
  // The legend's entries, as many to a line as the plot's width holds (long family names, as
  // in --dist auto's "2 inverse-gaussian", would run past it).
  const legend = [
    {
      text: `${paint(ascii ? "#" : "█", 34)} data, density (${bins} bins)`,
      width: 23 + `${bins}`.length,
    },
    ...curves.map((c) => ({
      text: `${paint(c.marker, c.colorCode)} ${c.label}`,
      width: c.marker.length + 1 + c.label.length,
    })),
  ];
  let entry = "";
  let used = 0;
  for (const { text, width } of legend) {
    if (used > 0 && used + 3 + width > plotWidth) {
      lines.push(`${" ".repeat(labelWidth + 2)}${entry}`);
      entry = "";
      used = 0;
    }
    entry += used > 0 ? `   ${text}` : text;
    used += (used > 0 ? 3 : 0) + width;
  }
  lines.push(`${" ".repeat(labelWidth + 2)}${entry}`);
  return `${lines.join("\n")}\n`;
}
