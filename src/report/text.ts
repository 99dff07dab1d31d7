import { formatNumber } from "./format-number.js";
import { EXACT_MLE_METHOD, type RunSummary, type Timing } from "./summary.js";

/** The human report: estimates beside the exact MLE, then where the data came from and how. */
export function formatText(summary: RunSummary): string {
  const { fit } = summary;
  // Show digits down to a hundred-thousandth of the spread: enough to see the gap.
  const resolution = fit.exact.scale * 1e-5;
  const show = (x: number) => formatNumber(x, resolution);
  const rows = [
    ["", "SGD estimate", "exact MLE", "gap"],
    ["loc", show(fit.params.loc), show(fit.exact.loc), show(fit.params.loc - fit.exact.loc)],
    [
      "scale",
      show(fit.params.scale),
      show(fit.exact.scale),
      show(fit.params.scale - fit.exact.scale),
    ],
  ];
  const lines = [
    `Normal fit by minibatch SGD, n = ${fit.n}`,
    "",
    ...alignColumns(rows),
    `(exact MLE: ${EXACT_MLE_METHOD})`,
    "",
    ...labelled([
      ["data", describeData(summary)],
      ["optimizer", describeOptimizer(summary)],
      ["", describeStart(summary, show)],
      ...(summary.timing === undefined
        ? []
        : [["elapsed", describeTiming(summary.timing)] as [string, string]]),
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

function describeTiming(timing: Timing): string {
  const rate =
    timing.samplesPerSecond === null
      ? ""
      : `, ${(timing.samplesPerSecond / 1e6).toPrecision(3)} million samples/s`;
  return `${timing.elapsedSeconds.toFixed(3)} s (fit ${timing.fitSeconds.toFixed(3)} s${rate})`;
}

function describeData({ data }: RunSummary): string {
  if (data.source === "generated") {
    return `generated from Normal(loc = ${data.truth.loc}, scale = ${data.truth.scale}), seed ${data.seed}`;
  }
  const column =
    data.column.name === undefined
      ? `column ${data.column.index}`
      : `column "${data.column.name}" (${data.column.index})`;
  const skipped =
    data.skipped === 0
      ? ""
      : `, ${data.skipped} invalid value${data.skipped === 1 ? "" : "s"} skipped` +
        (data.firstSkipped
          ? ` (first: line ${data.firstSkipped.line}, ${JSON.stringify(data.firstSkipped.field)})`
          : "");
  return `${data.name}, ${column}${skipped}`;
}

function describeOptimizer({ fit, optimizer }: RunSummary): string {
  const epochs = `${optimizer.epochs} epoch${optimizer.epochs === 1 ? "" : "s"}`;
  return `sgd, lr ${optimizer.lr}, batch size ${optimizer.batchSize}, ${epochs} = ${fit.steps} steps, shuffle seed ${optimizer.seed}, ${fit.engine} engine`;
}

function describeStart({ fit }: RunSummary, show: (x: number) => string): string {
  const start = `from loc ${show(fit.start.loc)}, scale ${show(fit.start.scale)}`;
  return fit.mode === "literal"
    ? `literal: the seed's raw loc and scale, ${start}`
    : `loc and log scale in units of the data's spread, ${start}`;
}

function alignColumns(rows: string[][]): string[] {
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0)))
      .join("   ")
      .trimEnd(),
  );
}

function labelled(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.map(([label, text]) => `${label.padEnd(width)}  ${text}`);
}
