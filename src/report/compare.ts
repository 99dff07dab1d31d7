import { byName, SUPPORTS } from "../distributions/family.js";
import type { Candidate, Comparison, CullenFrey } from "../inference/compare.js";
import { nth } from "../stats/at.js";
import { dataJson, finiteOnly, SCHEMA } from "./json.js";
import type { DataSummary } from "./summary.js";
import { alignTable } from "./table.js";
import { REPORT_WIDTH, wrap } from "./wrap.js";

/** The scores of ranked candidates, within 80 columns. */
function table(ranked: readonly Candidate[]): string[] {
  return alignTable(
    [
      ["rank", "family", "log-lik", "AIC", "BIC", "ΔAIC", "weight", "KS"],
      ...ranked.map((c, i) => [
        String(i + 1),
        c.family.name,
        c.fit.logLik.toFixed(3),
        c.aic.toFixed(3),
        c.bic.toFixed(3),
        c.deltaAic.toFixed(2),
        c.weight < 1e-4 ? c.weight.toExponential(1) : c.weight.toFixed(4),
        c.ks.toFixed(4),
      ]),
    ],
    { left: [1], gap: "  " },
  );
}

/** A number to six significant digits, without trailing zeros' noise. */
const six = (x: number) => `${+x.toPrecision(6)}`;

/**
 * The comparison as a table, best first, within 80 columns: the scores, then each family's exact
 * MLE on its own line, then what was not fitted and why.
 */
export function formatComparisonText(comparison: Comparison, n: number, source: string): string {
  const { unsupported } = comparison;
  const counts = comparison.rankedCounts;
  // The parameters' lines align after the longest family name ("inverse-gaussian").
  const nameWidth = Math.max(
    11,
    ...[...comparison.ranked, ...counts].map((c) => c.family.name.length),
  );
  const lines = [
    ...wrap(
      `Families fitted by maximum likelihood to ${source}, n = ${n}, ranked by AIC`,
      REPORT_WIDTH,
      2,
    ),
    ...(comparison.ranked.length > 0 ? ["", ...table(comparison.ranked)] : []),
    ...(counts.length > 0
      ? [
          "",
          ...wrap(
            `${comparison.ranked.length > 0 ? "count families, ranked among themselves (probabilities of whole numbers; AIC does not compare them with densities)" : "count families (probabilities of whole numbers)"}:`,
            REPORT_WIDTH,
            1,
          ),
          ...table(counts),
        ]
      : []),
    ...wrap(
      "(weight: Akaike weight, exp(-ΔAIC/2) normalized over the families of its table; KS: Kolmogorov-Smirnov distance)",
      REPORT_WIDTH,
      1,
    ),
    "",
    "parameters at the exact MLE",
    ...[...comparison.ranked, ...counts].flatMap((c) =>
      wrap(
        `  ${c.family.name.padEnd(nameWidth)}  ${c.family.params.map((name, j) => `${name} ${six(nth(c.fit.params, j))}`).join(", ")}`,
        REPORT_WIDTH,
        nameWidth + 4,
      ),
    ),
  ];
  const notFitted: string[] = [];
  if (unsupported.length > 0) {
    notFitted.push(
      `not fitted, the data are outside their support: ${unsupported.map((f) => f.name).join(", ")}`,
    );
  }
  // What the data cannot give any of several families (no spread, say) is said once for them.
  const byDataReason = new Map<string, string[]>();
  for (const { family, reason, data } of comparison.failed) {
    if (data) {
      const why = reason.split(/: an? /)[0] as string;
      byDataReason.set(why, [...(byDataReason.get(why) ?? []), family.name]);
      continue;
    }
    const named = reason.startsWith(`${family.name}:`) ? reason : `${family.name}: ${reason}`;
    notFitted.push(`not fitted, the fit failed: ${named}`);
  }
  for (const [why, names] of byDataReason) {
    notFitted.push(`not fitted, ${why}: ${names.join(", ")}`);
  }
  lines.push(
    "",
    ...(comparison.cullenFrey === undefined
      ? ["Cullen and Frey: skewness and kurtosis need at least 4 values that differ"]
      : cullenFreyLines(comparison.cullenFrey)),
  );
  if (notFitted.length > 0)
    lines.push("", ...notFitted.flatMap((line) => wrap(line, REPORT_WIDTH, 2)));
  return `${lines.join("\n")}\n`;
}

/** fitdistrplus's descdist in words: the data's point, the references nearest it, the cloud. */
function cullenFreyLines(cf: CullenFrey): string[] {
  const beta1 = cf.skewness * cf.skewness;
  const nearest = cf.nearest
    .slice(0, 3)
    .map((r) => `${r.family} ${REFERENCE_KIND[r.family] ?? "line"} (${r.distance.toPrecision(3)})`)
    .join(", then the ");
  const cloud = cf.cloud === undefined ? undefined : cloudRanges(cf.cloud);
  return [
    ...wrap(
      `Cullen and Frey (fitdistrplus's descdist): skewness ${cf.skewness.toPrecision(4)}, kurtosis ${cf.kurtosis.toPrecision(4)} (unbiased estimates); the point (skewness² ${beta1.toPrecision(4)}, kurtosis ${cf.kurtosis.toPrecision(4)}) lies nearest the ${nearest}; ${cf.betaRegion ? "inside" : "outside"} the beta's region`,
      REPORT_WIDTH,
      2,
    ),
    ...(cloud === undefined
      ? []
      : wrap(
          `(${cloud.samples} bootstrap resamples: skewness² ${cloud.beta1[0].toPrecision(3)} to ${cloud.beta1[1].toPrecision(3)}, kurtosis ${cloud.kurtosis[0].toPrecision(3)} to ${cloud.kurtosis[1].toPrecision(3)}, the central 95%)`,
          REPORT_WIDTH,
          1,
        )),
  ];
}

const REFERENCE_KIND: Record<string, string> = {
  normal: "point",
  uniform: "point",
  exponential: "point",
  logistic: "point",
};

/** The central 95% of the bootstrap cloud's coordinates. */
function cloudRanges(cloud: readonly [number, number][]) {
  const range = (values: number[]): [number, number] => {
    const sorted = values.sort((a, b) => a - b);
    const at = (p: number) =>
      sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
    return [at(0.025), at(0.975)];
  };
  return {
    samples: cloud.length,
    beta1: range(cloud.map(([b]) => b)),
    kurtosis: range(cloud.map(([, k]) => k)),
  };
}

/** The object `mle-fit --dist auto --json` prints, and the library's `fit` returns. */
export type ComparisonReport = ReturnType<typeof comparisonReport>;

/**
 * The comparison as JSON (README documents the fields): the ranked fits, best AIC first, and the
 * families not fitted with the reason for each.
 */
export function comparisonReport(comparison: Comparison, source: { n: number; data: DataSummary }) {
  return {
    schema: SCHEMA.comparison,
    n: source.n,
    ranked: comparison.ranked.map(candidateJson),
    ranked_counts: comparison.rankedCounts.map(candidateJson),
    not_fitted: [
      ...comparison.unsupported.map((family) => ({
        distribution: family.name,
        reason: `the data are outside its support (${SUPPORTS[family.support].describe})`,
      })),
      ...comparison.failed.map(({ family, reason }) => ({
        distribution: family.name,
        // Newton's messages begin with the family's name, which `distribution` already gives.
        reason: reason.startsWith(`${family.name}: `)
          ? reason.slice(family.name.length + 2)
          : reason,
      })),
    ],
    cullen_frey: comparison.cullenFrey === undefined ? null : cullenFreyJson(comparison.cullenFrey),
    data: dataJson(source.data),
  };
}

function cullenFreyJson(cf: CullenFrey) {
  const cloud = cf.cloud === undefined ? undefined : cloudRanges(cf.cloud);
  return {
    skewness: cf.skewness,
    kurtosis: cf.kurtosis,
    method: "unbiased",
    nearest: cf.nearest.map((r) => ({ reference: r.family, distance: r.distance })),
    beta_region: cf.betaRegion,
    bootstrap:
      cloud === undefined
        ? null
        : { samples: cloud.samples, skewness_squared: cloud.beta1, kurtosis: cloud.kurtosis },
  };
}

/** One ranked family, as JSON. */
function candidateJson(c: Candidate, i: number) {
  return {
    rank: i + 1,
    distribution: c.family.name,
    params: byName(c.family.params, c.fit.params),
    loglik: c.fit.logLik,
    aic: c.aic,
    bic: c.bic,
    delta_aic: c.deltaAic,
    weight: c.weight,
    ks: c.ks,
    method: c.fit.method,
  };
}

/** The comparison as JSON text. */
export function formatComparisonJson(
  comparison: Comparison,
  source: { n: number; data: DataSummary },
): string {
  return `${JSON.stringify(comparisonReport(comparison, source), finiteOnly, 2)}\n`;
}
