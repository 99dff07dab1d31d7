import { formatNumber } from "./format-number.js";
import { EXACT_MLE_METHOD, type RunSummary, type Timing } from "./summary.js";

/**
 * The human report, on one screen, in the order of fitdistrplus's summary() and gofstat():
 * estimates beside the exact MLE, their uncertainty, the likelihood, goodness of fit, then where
 * the data came from and how it was fitted.
 */
export function formatText(summary: RunSummary): string {
  const { fit, inference } = summary;
  // Show digits down to a hundred-thousandth of the spread: enough to see the gap.
  const resolution = fit.exact.scale * 1e-5;
  const show = (x: number) => formatNumber(x, resolution);
  const names = ["loc", "scale"] as const;
  const gapSe = inference.gapSe;
  const estimates = [
    ["", "SGD estimate", "exact MLE", "gap", "gap / SE"],
    ...names.map((name, j) => [
      name,
      show(fit.params[name]),
      show(fit.exact[name]),
      show(fit.params[name] - fit.exact[name]),
      gapSe ? (gapSe[j] as number).toFixed(2) : "n/a",
    ]),
  ];
  const percent = `${+(inference.level * 100).toPrecision(6)}%`;
  const exactWald = inference.exact.wald;
  const sgdWald = inference.estimate.wald;
  const interval = ([lo, hi]: [number, number]) => `[${show(lo)}, ${show(hi)}]`;
  const uncertainty = [
    ["exact MLE", "std. error", `${percent} Wald interval`, "std. error at SGD"],
    ...names.map((name, j) => [
      name,
      exactWald ? show(exactWald.se[j] as number) : "n/a",
      exactWald ? interval(exactWald.ci[j] as [number, number]) : "n/a",
      sgdWald ? show(sgdWald.se[j] as number) : "n/a",
    ]),
  ];
  // Rounded, so that -1e-17 does not print as -0.0000.
  const correlation = (wald: typeof exactWald) =>
    wald ? (Math.abs(wald.correlation) < 5e-5 ? 0 : wald.correlation).toFixed(4) : "n/a";
  const { gof } = inference;
  const gofRows = [
    ["goodness of fit", "statistic", "p-value"],
    ["Kolmogorov-Smirnov", gof.ks.statistic.toPrecision(4), formatP(gof.ks.pValue)],
    ["Cramer-von Mises", gof.cvm.statistic.toPrecision(4), formatP(gof.cvm.pValue)],
    ["Anderson-Darling", gof.ad.statistic.toPrecision(4), formatP(gof.ad.pValue)],
  ];
  const bootstrap = inference.bootstrap;
  const lines = [
    `Normal fit by minibatch SGD, n = ${fit.n}`,
    "",
    ...alignColumns(estimates),
    `(exact MLE: ${EXACT_MLE_METHOD}; SE: its standard error)`,
    "",
    ...alignColumns(uncertainty),
    `(standard errors from the engine's Hessian of the log-likelihood)`,
    `correlation of loc and scale: ${correlation(exactWald)} at the exact MLE, ${correlation(sgdWald)} at the SGD estimate`,
    `log-likelihood ${inference.exact.logLik.toFixed(3)} (${inference.estimate.logLik.toFixed(3)} at the SGD estimate), AIC ${inference.exact.aic.toFixed(3)}, BIC ${inference.exact.bic.toFixed(3)}`,
    "",
    ...alignColumns(gofRows),
    `(p-values: ${gof.method})`,
    ...(bootstrap
      ? [
          "",
          ...alignColumns([
            [`bootstrap, ${bootstrap.method}`, "median", `${percent} percentile interval`],
            ...names.map((name, j) => [
              name,
              show(bootstrap.median[j] as number),
              interval(bootstrap.ci[j] as [number, number]),
            ]),
          ]),
          `(${bootstrap.replicates} samples, each refitted by maximum likelihood)`,
        ]
      : []),
    "",
    ...labelled([
      ["data", describeData(summary)],
      ...(fit.interrupted
        ? [
            [
              "interrupted",
              `by Ctrl-C at epoch ${fit.interrupted.epoch}, step ${fit.interrupted.step}: the SGD estimate is the one so far`,
            ] as [string, string],
          ]
        : []),
      ["optimizer", describeOptimizer(summary)],
      ["", describeStart(summary, show)],
      ...(summary.timing === undefined
        ? []
        : [["elapsed", describeTiming(summary.timing)] as [string, string]]),
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

/** A p-value: four decimals, or two significant digits when smaller than 0.001. */
function formatP(p: number | null): string {
  if (p === null) return "n/a";
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(1);
}

function describeTiming(timing: Timing): string {
  const rate =
    timing.samplesPerSecond === null
      ? ""
      : `, ${(timing.samplesPerSecond / 1e6).toPrecision(3)} million samples/s`;
  return `${timing.elapsedSeconds.toFixed(3)} s (read ${timing.readSeconds.toFixed(3)} s, fit ${timing.fitSeconds.toFixed(3)} s${rate})`;
}

function describeData({ data }: RunSummary): string {
  if (data.source === "generated") {
    return `generated from Normal(loc = ${data.truth.loc}, scale = ${data.truth.scale}), seed ${data.seed}`;
  }
  const column =
    data.column.name === undefined
      ? `column ${data.column.index}`
      : `column ${JSON.stringify(data.column.name)} (${data.column.index})`;
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
  const schedule = optimizer.schedule === "constant" ? "" : `, ${optimizer.schedule} schedule`;
  const average = optimizer.average ? ", averaged over the last half of the steps" : "";
  return `${optimizer.name}, lr ${optimizer.lr}${schedule}, batch size ${optimizer.batchSize}, ${epochs} = ${fit.steps} steps${average}, shuffle seed ${optimizer.seed}, ${fit.engine} engine`;
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
