import { isInterval } from "../distributions/constraint.js";
import { allEdges } from "../fit/edges.js";
import { AUTO_TOLERANCE } from "../fit/full-batch.js";
import { mixtureWeights } from "../inference/mixture-weights.js";
import { cell, nth } from "../stats/at.js";
import type { CensorCounts } from "../stats/censoring.js";
import { formatNumber } from "./format-number.js";
import type { RunSummary, Timing } from "./summary.js";
import { alignTable } from "./table.js";
import { REPORT_WIDTH, wrap } from "./wrap.js";

/**
 * The human report, on one screen, in the order of fitdistrplus's summary() and gofstat():
 * estimates beside the exact MLE, their uncertainty, the likelihood, goodness of fit, then where
 * the data came from and how it was fitted.
 */
export function formatText(summary: RunSummary): string {
  const { fit, inference } = summary;
  const { family } = fit;
  const names = family.params;
  const exact = fit.exact.params;
  // Per parameter, a millionth of its exact value, unless the family says otherwise.
  const resolutions =
    family.resolution?.(exact) ?? exact.map((value) => Math.abs(value) * 1e-6 || 1e-6);
  const show = (x: number, j = 0) => formatNumber(x, resolutions[j] ?? 1e-6);
  const gapSe = inference.gapSe;
  const estimates = [
    ["", "SGD estimate", "exact MLE", "gap", "gap / SE"],
    ...names.map((name, j) => {
      const [sgd, mle] = [fit.params[j] ?? Number.NaN, exact[j] ?? Number.NaN];
      return [
        name,
        show(sgd, j),
        show(mle, j),
        show(sgd - mle, j),
        gapSe?.[j]?.toFixed(2) ?? "n/a",
      ];
    }),
  ];
  const percent = `${+(inference.level * 100).toPrecision(6)}%`;
  const exactWald = inference.exact.wald;
  const sgdWald = inference.estimate.wald;
  const interval = (range: readonly number[] | undefined, j: number) =>
    `[${show(range?.[0] ?? Number.NaN, j)}, ${show(range?.[1] ?? Number.NaN, j)}]`;
  const uncertainty = [
    [
      "exact MLE",
      "std. error",
      `${percent} ${inference.ciMethod === "profile" ? "profile" : "Wald"} interval`,
      "std. error at SGD",
    ],
    ...names.map((name, j) => [
      name,
      exactWald ? show(nth(exactWald.se, j), j) : "n/a",
      exactWald ? interval(exactWald.ci[j], j) : "n/a",
      sgdWald ? show(nth(sgdWald.se, j), j) : "n/a",
    ]),
  ];
  // Rounded, so that -1e-17 does not print as -0.0000.
  const rounded = (c: number) => (Math.abs(c) < 5e-5 ? 0 : c).toFixed(4);
  const correlation = (wald: typeof exactWald, j: number, k: number) =>
    wald ? rounded(cell(wald.correlations, j, k)) : "n/a";
  const pairs = names.flatMap((a, j) =>
    names.slice(j + 1).map((b, d) => [a, b, j, j + 1 + d] as const),
  );
  // Up to three parameters, a line per pair; more (a mixture's 5, 8, ...), the exact MLE's
  // correlation matrix, its lower triangle, as a table.
  const correlations =
    names.length <= 3
      ? pairs.map(
          ([a, b, j, k]) =>
            `correlation of ${a} and ${b}: ${correlation(exactWald, j, k)} (exact MLE), ${correlation(sgdWald, j, k)} (SGD estimate)`,
        )
      : [
          "correlations at the exact MLE:",
          ...correlationTable(names, (j, k) => correlation(exactWald, j, k)),
        ];
  const { gof } = inference;
  const gofRows = [
    ["goodness of fit", "statistic", "p-value"],
    ...(gof.ks
      ? [["Kolmogorov-Smirnov", gof.ks.statistic.toPrecision(4), formatP(gof.ks.pValue)]]
      : []),
    ...(gof.cvm
      ? [["Cramer-von Mises", gof.cvm.statistic.toPrecision(4), formatP(gof.cvm.pValue)]]
      : []),
    ...(gof.ad
      ? [["Anderson-Darling", gof.ad.statistic.toPrecision(4), formatP(gof.ad.pValue)]]
      : []),
  ];
  const bootstrap = inference.bootstrap;
  const lines = [
    // Every parameter an end of the support (the uniform): no SGD step, the closed form alone.
    `${family.title} fit ${fit.coordinates.startsWith("none:") ? "by its closed form" : "by minibatch SGD"}, n = ${fit.n}`,
    "",
    ...alignTable(estimates),
    ...note(
      `(exact MLE: ${fit.exact.method}${family.closedForm ? "" : `, relative gradient ${fit.exact.relativeGradient.toExponential(1)}`}${inference.exact.wald === undefined ? "" : "; SE: its standard error"})`,
    ),
    "",
    ...(inference.nonRegular
      ? note(
          `(no standard errors: ${inference.nonRegular}, so Wald's theory does not apply; ${bootstrap ? "the bootstrap below gives the intervals" : summary.data.source === "database" ? "the bootstraps, which would give intervals, do not take rows in a database yet" : inference.weights || inference.censoring ? "the bootstraps, which would give intervals, do not take weighted or censored rows yet" : "--bootstrap B gives intervals"})`,
        )
      : uncertaintyLines(summary, alignTable(uncertainty), correlations)),
    ...describeWeights(summary),
    ...wrap(
      `log-likelihood ${inference.exact.logLik.toFixed(3)}, AIC ${inference.exact.aic.toFixed(3)}, BIC ${inference.exact.bic.toFixed(3)}`,
      REPORT_WIDTH,
      2,
    ),
    `(log-likelihood at the SGD estimate: ${inference.estimate.logLik.toFixed(3)})`,
    "",
    ...(gof.ks
      ? [...alignTable(gofRows), ...note(`(p-values: ${gof.method})`)]
      : note(`goodness of fit: ${gof.method}`)),
    ...(bootstrap
      ? [
          "",
          ...alignTable([
            [
              `bootstrap, ${bootstrap.method}`,
              "median",
              `${percent} ${bootstrap.basic.some(Boolean) ? "" : "percentile "}interval`,
            ],
            ...names.map((name, j) => [
              name,
              show(nth(bootstrap.median, j), j),
              interval(bootstrap.ci[j], j),
            ]),
          ]),
          ...note(
            `(${bootstrap.replicates} samples, each refitted by maximum likelihood${bootstrap.automatic ? `, run unasked in place of Wald's standard errors; --bootstrap B for another number` : ""})`,
          ),
          ...(bootstrap.basic.some(Boolean)
            ? note(
                `(${names.filter((_, j) => bootstrap.basic[j]).join(", ")}: basic intervals 2θ̂ - q, as every refit's edge lies on one side of θ̂ as θ̂ lies on one side of the truth; ${names.some((_, j) => !bootstrap.basic[j]) ? "the others: percentile intervals" : ""})`.replace(
                  "; )",
                  ")",
                ),
              )
            : []),
        ]
      : []),
    "",
    ...labelled([
      ...(family.expression
        ? [pair("model", `${family.expression.flag} ${family.expression.text}`)]
        : []),
      pair("data", describeData(summary)),
      ...(inference.weights
        ? [
            pair(
              "weights",
              `frequency weights: ${inference.weights.total} observations over ${inference.weights.rows} values (n in BIC is their sum)`,
            ),
          ]
        : []),
      ...(inference.censoring ? [pair("censoring", describeCensoring(inference.censoring))] : []),
      ...(fit.interrupted
        ? [
            pair(
              "interrupted",
              `by Ctrl-C at epoch ${fit.interrupted.epoch}, step ${fit.interrupted.step}: the SGD estimate is the one so far`,
            ),
          ]
        : []),
      pair("optimizer", describeOptimizer(summary)),
      ...(fit.steps === 0 && allEdges(fit.family) ? [] : [pair("", describeStart(summary))]),
      pair("converged", describeConvergence(summary)),
      ...(summary.timing === undefined ? [] : [pair("elapsed", describeTiming(summary.timing))]),
    ]),
  ];
  return `${lines.join("\n")}\n`;
}

/** The Wald (or profile) table's notes and the correlations, after the table itself. */
function uncertaintyLines(
  { fit, inference }: RunSummary,
  table: string[],
  correlations: string[],
): string[] {
  const { family } = fit;
  const names = family.params;
  return [
    ...table,
    ...note(
      family.information && inference.censoring
        ? `(standard errors from the observed information, each exact value's curvature in ${names[0]} at its expectation: the log-likelihood has none to observe there)`
        : family.information
          ? `(standard errors from the expected information: the log-likelihood has no curvature to observe in ${names[0]})`
          : `(standard errors from the engine's Hessian of the log-likelihood)`,
    ),
    ...(inference.ciMethod === "profile"
      ? note(
          "(profile-likelihood intervals: where the log-likelihood, maximized over the other parameters, falls χ²₁/2 below its maximum)",
        )
      : [
          ...(family.constraints.includes("positive")
            ? ["(intervals of positive parameters on the log scale: θ·exp(±z·se/θ))"]
            : []),
          ...(family.constraints.some(isInterval)
            ? ["(intervals of bounded parameters on the logit scale of their range)"]
            : []),
        ]),
    ...correlations.flatMap((line) => wrap(line, REPORT_WIDTH, 2)),
  ];
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
      : `: SGD loop ${timing.sgdSeconds.toFixed(3)} s, ${(timing.samplesPerSecond / 1e6).toPrecision(3)} million samples/s`;
  return `${timing.elapsedSeconds.toFixed(3)} s (read ${timing.readSeconds.toFixed(3)} s, fit ${timing.fitSeconds.toFixed(3)} s${rate})`;
}

function describeData(summary: RunSummary): string {
  const { data } = summary;
  if (data.source === "array") return "values passed to fit()";
  if (data.source === "database") {
    const engine = data.engine === "duckdb" ? "DuckDB" : "PostgreSQL";
    const skipped = data.skipped === 0 ? "" : `, ${data.skipped} NULL or non-finite rows skipped`;
    return `${data.name}, column ${JSON.stringify(data.column.name)}, in ${engine}: fitted from ${data.queries} queries, the rows never read into memory${skipped}`;
  }
  if (data.source === "generated") {
    const truth = Object.entries(data.truth)
      .map(([name, value]) => `${name} = ${value}`)
      .join(", ");
    return `generated from ${data.family.title}(${truth}), seed ${data.seed}`;
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
  const { censored } = data;
  if (censored !== undefined) {
    const columns =
      "left" in censored
        ? `bounds ${JSON.stringify(censored.left)} and ${JSON.stringify(censored.right)} (--left, --right)`
        : `times ${JSON.stringify(censored.time)} and events ${JSON.stringify(censored.event)} (--event)`;
    return `${data.name}, ${columns}`;
  }
  return `${data.name}, ${column}${skipped}`;
}

function describeOptimizer({ fit, optimizer, data }: RunSummary): string {
  if (allEdges(fit.family)) {
    return `none: every parameter is an end of the support, whose MLE is the smallest or largest value (nothing to iterate), ${fit.engine} engine`;
  }
  if (data.source === "database" && fit.epochs === "auto") {
    // No minibatch epoch over rows in a database (fit/pushdown.ts): the rule's full-batch steps.
    const steps = `${fit.fullBatchSteps} full-batch step${fit.fullBatchSteps === 1 ? "" : "s"}`;
    return `${optimizer.name} under --epochs auto: ${steps} (each preconditioned by the observed information, i.e. Newton's, on the database's sums), sample seed ${optimizer.seed}, ${fit.engine} engine`;
  }
  const minibatchEpochs = fit.epochsRun - fit.fullBatchSteps;
  const minibatchSteps = fit.steps - fit.fullBatchSteps;
  const perEpoch = Math.ceil(fit.n / optimizer.batchSize);
  const planned = (fit.epochs === "auto" ? 1 : fit.epochs) * perEpoch;
  // Stopped by Ctrl-C inside the minibatch epochs: the steps done of those planned.
  const epochs =
    fit.interrupted && fit.fullBatchSteps === 0
      ? `${minibatchSteps} of ${planned} planned steps (${fit.interrupted.epoch - 1} epoch${fit.interrupted.epoch === 2 ? "" : "s"} and ${fit.interrupted.step} steps of the next)`
      : `${minibatchEpochs} epoch${minibatchEpochs === 1 ? "" : "s"} = ${minibatchSteps} steps`;
  const schedule = optimizer.schedule === "constant" ? "" : `, ${optimizer.schedule} schedule`;
  const average = optimizer.average ? ", averaged over the last half of the steps" : "";
  const full =
    fit.epochs === "auto"
      ? `, then ${fit.fullBatchSteps} full-batch step${fit.fullBatchSteps === 1 ? "" : "s"} (--epochs auto: the batch grown to all ${fit.n} values, each step preconditioned by the observed information, i.e. Newton's)`
      : "";
  // Rows in a database are not shuffled: each epoch reads them in the engine's order, and the
  // seed draws the engine's sample.
  const seed =
    data.source === "database"
      ? `no shuffle, sample seed ${optimizer.seed}`
      : `shuffle seed ${optimizer.seed}`;
  return `${optimizer.name}, lr ${optimizer.lr}${schedule}, batch size ${optimizer.batchSize}, ${epochs}${average}${full}, ${seed}, ${fit.engine} engine`;
}

/** The stopping rule's verdict at the SGD estimate, from the data alone. */
function describeConvergence({ fit, inference }: RunSummary): string {
  if (allEdges(fit.family)) return "yes: nothing to iterate";
  const score = inference.estimate.score;
  const value = Number.isFinite(score)
    ? `sqrt(g' I⁻¹ g) = ${score.toPrecision(3)}`
    : "sqrt(g' I⁻¹ g) undefined (the information is not positive definite)";
  const verdict = inference.converged ? "yes" : "no";
  const cap = fit.capped ? `, stopped at the cap of ${fit.epochsRun} epochs` : "";
  return `${verdict}: the score at the SGD estimate puts the optimum ${value} standard errors away (rule: at most ${AUTO_TOLERANCE})${cap}`;
}

function describeStart({ fit }: RunSummary): string {
  const show = (x: number) => +x.toPrecision(6);
  const start = fit.family.params.map((name, j) => `${name} ${show(fit.start[j] ?? Number.NaN)}`);
  return `${fit.coordinates}, from ${start.join(", ")}`;
}

/**
 * The lower triangle of a correlation matrix as aligned tables, six columns to a table so that
 * each fits the report's 80 columns (a mixture of 4 Normals has 11 parameters).
 */
function correlationTable(
  names: readonly string[],
  at: (j: number, k: number) => string,
): string[] {
  const lines: string[] = [];
  for (let first = 0; first < names.length - 1; first += 6) {
    const columns = names.slice(first, Math.min(first + 6, names.length - 1));
    lines.push(
      ...alignTable([
        ["", ...columns],
        ...names
          .slice(first + 1)
          .map((a, i) => [
            a,
            ...columns.map((_, c) => (c <= i ? at(first + i + 1, first + c) : "")),
          ]),
      ]),
    );
  }
  return lines;
}

/** A mixture's weights, the last (1 minus the others) with its delta-method standard error. */
function describeWeights({ fit, inference }: RunSummary): string[] {
  const mixture = mixtureWeights(fit.family, fit.exact.params, inference.exact.wald);
  if (mixture === undefined) return [];
  const k = mixture.weights.length;
  const shown = mixture.weights
    .map(
      (w, j) =>
        `w${j + 1} ${w.toFixed(4)}${mixture.se ? ` (SE ${(mixture.se[j] as number).toFixed(4)})` : ""}`,
    )
    .join(", ");
  return wrap(
    `mixing weights at the exact MLE: ${shown}; w${k} = 1 - the others, its SE by the delta method`,
    REPORT_WIDTH,
    2,
  );
}

function pair(label: string, text: string): [string, string] {
  return [label, text];
}

/** Label and text in two columns, the text wrapped under itself. */
function labelled(pairs: [string, string][]): string[] {
  const width = Math.max(...pairs.map(([label]) => label.length));
  return pairs.flatMap(([label, text]) =>
    wrap(text, REPORT_WIDTH - width - 2).map(
      (line, i) => `${(i === 0 ? label : "").padEnd(width)}  ${line}`,
    ),
  );
}

/** A parenthesized note, wrapped one column in. */
function note(text: string): string[] {
  return wrap(text, REPORT_WIDTH, 1);
}

/** "171 exact, 9 left-censored, 11 right-censored, 9 interval-censored", kinds present only. */
function describeCensoring(counts: CensorCounts): string {
  const parts = [
    [counts.exact, "exact"],
    [counts.left, "left-censored"],
    [counts.right, "right-censored"],
    [counts.interval, "interval-censored"],
  ] as const;
  return `${parts
    .filter(([count]) => count > 0)
    .map(([count, kind]) => `${count} ${kind}`)
    .join(", ")} (log-likelihood terms log f, log F, log S, log(F(r) - F(l)))`;
}
