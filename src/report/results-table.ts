import type { FitReport } from "./json.js";
import { alignTable } from "./table.js";
import { REPORT_WIDTH, wrap } from "./wrap.js";

/** One fit of many (--group-by, several --column): its report, or why it has none. */
export interface ResultRow {
  label: string;
  n: number;
  report?: FitReport;
  /** The failure's one-line message and exit code, when the fit failed. */
  failure?: { reason: string; exitCode: number };
}

export type ResultFormat = "text" | "json" | "jsonl" | "csv" | "tsv";
export const RESULT_FORMATS: readonly ResultFormat[] = ["text", "json", "jsonl", "csv", "tsv"];

/**
 * The table of many fits, one row per group or column: n, each parameter's estimate and standard
 * error, the log-likelihood, AIC, BIC, whether SGD converged, and the status: "ok", or the reason
 * the fit failed (too few values, a value outside the support, no maximum), which the other rows
 * do not share. `params` are the free parameters of the family, for the columns.
 */
export function formatResults(
  rows: readonly ResultRow[],
  params: readonly string[],
  format: ResultFormat,
): string {
  const objects = rows.map(rowObject);
  switch (format) {
    case "json":
      return `${JSON.stringify(objects, null, 2)}\n`;
    case "jsonl":
      return objects.map((o) => `${JSON.stringify(o)}\n`).join("");
    case "csv":
    case "tsv":
      return delimited(rows, params, format === "csv" ? "," : "\t");
    case "text":
      return text(rows, params);
  }
}

function rowObject(row: ResultRow) {
  const { report } = row;
  return {
    label: row.label,
    n: row.n,
    status: row.failure === undefined ? "ok" : "failed",
    params: report ? report.params : null,
    se: report ? report.se : null,
    loglik: report ? report.loglik : null,
    aic: report ? report.aic : null,
    bic: report ? report.bic : null,
    converged: report ? report.converged : null,
    reason: row.failure?.reason ?? null,
    non_regular: report?.non_regular ?? null,
  };
}

/** Header and rows, full precision, fields quoted per RFC 4180 when they need it. */
function delimited(
  rows: readonly ResultRow[],
  params: readonly string[],
  separator: string,
): string {
  const header = [
    "label",
    "n",
    ...params.flatMap((p) => [p, `${p}_se`]),
    "loglik",
    "aic",
    "bic",
    "converged",
    "status",
    "reason",
    "non_regular",
  ];
  const quote = (field: string) =>
    /[",\t\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
  const lines = rows.map((row) => {
    const { report } = row;
    const value = (x: number | null | undefined) =>
      x === null || x === undefined ? "" : String(x);
    return [
      row.label,
      String(row.n),
      ...params.flatMap((p) => [value(report?.params[p]), value(report?.se?.[p])]),
      value(report?.loglik),
      value(report?.aic),
      value(report?.bic),
      report ? String(report.converged) : "",
      row.failure === undefined ? "ok" : "failed",
      row.failure?.reason ?? "",
      report?.non_regular ?? "",
    ]
      .map(quote)
      .join(separator);
  });
  return `${[header.join(separator), ...lines].join("\n")}\n`;
}

/** An aligned table, six significant digits; a failed row gives its reason after the table. */
function text(rows: readonly ResultRow[], params: readonly string[]): string {
  const show = (x: number | null | undefined) =>
    x === null || x === undefined ? "" : String(+x.toPrecision(6));
  const table = alignTable(
    [
      ["", "n", ...params.flatMap((p) => [p, "SE"]), "log-lik", "AIC", "converged"],
      ...rows.map((row) => {
        const { report } = row;
        return [
          row.label,
          String(row.n),
          ...params.flatMap((p) => [
            show(report?.params[p]),
            report && report.se === null ? "n/a" : show(report?.se?.[p]),
          ]),
          show(report?.loglik),
          show(report?.aic),
          report ? (report.converged ? "yes" : "no") : "failed",
        ];
      }),
    ],
    { gap: "  " },
  );
  const failures = rows
    .filter((row) => row.failure !== undefined)
    .map((row) => `${row.label}: ${row.failure?.reason}`);
  // Why a fit has no standard errors (an end of the support, the GEV's shape ≤ -0.5), once each.
  const reasons = [
    ...new Set(rows.flatMap((row) => (row.report?.non_regular ? [row.report.non_regular] : []))),
  ].flatMap((reason) =>
    wrap(
      `(SE n/a: ${reason}; a fit of one group alone gives bootstrap intervals)`,
      REPORT_WIDTH,
      1,
    ),
  );
  return `${[...table, ...reasons, ...(failures.length === 0 ? [] : ["", "failed:", ...failures])].join("\n")}\n`;
}
