import { byName } from "../distributions/family.js";
import { AUTO_CAP, AUTO_TOLERANCE } from "../fit/full-batch.js";
import type { GofTest } from "../inference/gof.js";
import type { EstimateInference } from "../inference/infer.js";
import { mixtureWeights } from "../inference/mixture-weights.js";
import type { DataSummary, RunSummary } from "./summary.js";

/**
 * The version of the JSON contract, in every object printed: bumped on any change that could
 * break a reader (a field renamed, moved or retyped); new fields do not bump it. The JSON Schema
 * of each version is schema/mle-fit.schema.json.
 */
export const SCHEMA = { fit: "mle-fit/fit@3", comparison: "mle-fit/comparison@2" } as const;

/** Intervals by parameter name, beside their level: `ci.rate` is `[lo, hi]`. */
export interface Intervals {
  level: number;
  /** An end a profile interval never reaches (an infinite end) is null. */
  [parameter: string]: number | [number | null, number | null];
}

function intervals(
  level: number,
  names: readonly string[],
  ranges: readonly [number, number][],
): Intervals {
  const out: Intervals = { level };
  const end = (x: number) => (Number.isFinite(x) ? x : null);
  names.forEach((name, j) => {
    const range = ranges[j];
    if (range !== undefined) out[name] = [end(range[0]), end(range[1])];
  });
  return out;
}

/** Standard errors, intervals and correlations of one estimate, or nulls where there are none. */
function uncertainty({ wald }: EstimateInference, level: number, names: readonly string[]) {
  return {
    se: wald ? byName(names, wald.se) : null,
    ci: wald ? intervals(level, names, wald.ci) : null,
    // The full matrix, by name: correlation[a][b].
    correlation: wald
      ? Object.fromEntries(
          names.map((name, j) => [name, byName(names, wald.correlations[j] ?? [])]),
        )
      : null,
  };
}

const test = (gof: GofTest | null) =>
  gof === null ? null : { statistic: gof.statistic, p_value: gof.pValue };

/**
 * The run as one JSON object (documented field by field in the README). Numbers are printed at
 * full precision (shortest round-trip form); a non-finite number is a bug, never printed.
 */
export function formatJson(summary: RunSummary): string {
  return `${JSON.stringify(fitReport(summary), finiteOnly, 2)}\n`;
}

/** The object `mle-fit --json` prints, and the library's `fit` returns. */
export type FitReport = ReturnType<typeof fitReport>;

/** The run as the JSON object (README documents it field by field). */
export function fitReport(summary: RunSummary) {
  const { fit, inference, data, optimizer } = summary;
  const { family } = fit;
  const { level } = inference;
  const names = family.params;
  const exact = fit.exact.params;
  const object = {
    schema: SCHEMA.fit,
    n: fit.n,
    distribution: family.name,
    // A mixture (--mixture K): all K weights at the exact MLE, the last with its delta-method SE.
    ...mixtureJson(summary),
    // --logpdf / --logpmf: the user's expression.
    ...(family.expression ? { expression: family.expression.text } : {}),
    params: byName(names, fit.params),
    // Frequency weights (--weights): Σ w, the observations BIC counts, over the values.
    ...(inference.weights ? { weights: { ...inference.weights } } : {}),
    // Censored rows (--left/--right, --event): how many of each kind.
    ...(inference.censoring ? { censoring: { ...inference.censoring } } : {}),
    // Parameters held by --fix (R's fix.arg), not estimated; absent when none are.
    ...(family.fixed ? { fixed: { ...family.fixed.values } } : {}),
    exact_mle: {
      params: byName(names, exact),
      method: fit.exact.method,
      ...(family.closedForm ? {} : { relative_gradient: fit.exact.relativeGradient }),
    },
    gap: byName(
      names,
      fit.params.map((p, j) => p - (exact[j] ?? 0)),
    ),
    interrupted: fit.interrupted ?? null,
    gap_se: inference.gapSe ? byName(names, inference.gapSe) : null,
    // Why there are no Wald standard errors (an end of the support among the parameters, the
    // GEV's shape ≤ -0.5), or null where they apply.
    non_regular: inference.nonRegular ?? null,
    converged: inference.converged,
    ci_method: inference.ciMethod,
    stopping_rule: {
      statistic: "sqrt(g' I^-1 g)",
      // Infinity where the information is not positive definite: null.
      value: Number.isFinite(inference.estimate.score) ? inference.estimate.score : null,
      tolerance: AUTO_TOLERANCE,
    },
    ...uncertainty(inference.exact, level, names),
    loglik: inference.exact.logLik,
    aic: inference.exact.aic,
    bic: inference.exact.bic,
    sgd: { loglik: inference.estimate.logLik, ...uncertainty(inference.estimate, level, names) },
    gof: {
      ks: test(inference.gof.ks),
      cvm: test(inference.gof.cvm),
      ad: test(inference.gof.ad),
      method: inference.gof.method,
      sample_size: inference.gof.sampleSize,
    },
    ...(inference.bootstrap
      ? {
          bootstrap: {
            replicates: inference.bootstrap.replicates,
            method: inference.bootstrap.method,
            median: byName(names, inference.bootstrap.median),
            ci: intervals(level, names, inference.bootstrap.ci),
            // Per parameter: "percentile", or "basic" (2θ̂ - q) for an end of the support.
            interval: byName(
              names,
              inference.bootstrap.basic.map((b) => (b ? "basic" : "percentile")),
            ),
            // Run unasked, in place of Wald's standard errors (a non-regular fit).
            automatic: inference.bootstrap.automatic === true,
          },
        }
      : {}),
    data: dataJson(data),
    optimizer: {
      name: optimizer.name,
      mode: fit.mode,
      engine: fit.engine,
      schedule: optimizer.schedule,
      average: optimizer.average,
      lr: optimizer.lr,
      batch_size: optimizer.batchSize,
      epochs: optimizer.epochs,
      epochs_run: fit.epochsRun,
      full_batch_steps: fit.fullBatchSteps,
      cap: fit.epochs === "auto" ? AUTO_CAP : null,
      capped: fit.capped,
      steps: fit.steps,
      seed: optimizer.seed,
      start: byName(names, fit.start),
    },
    ...(summary.timing === undefined
      ? {}
      : {
          timing: {
            elapsed_seconds: summary.timing.elapsedSeconds,
            read_seconds: summary.timing.readSeconds,
            fit_seconds: summary.timing.fitSeconds,
            sgd_seconds: summary.timing.sgdSeconds,
            samples_per_second: summary.timing.samplesPerSecond,
            ...(summary.timing.exactSeconds === undefined
              ? {}
              : { exact_seconds: summary.timing.exactSeconds }),
          },
        }),
  };
  return object;
}

export function finiteOnly(key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new Error(`internal error: non-finite number in JSON output at "${key}": ${value}`);
  }
  return value;
}

/** Where the data came from, as JSON. */
export function dataJson(data: DataSummary) {
  switch (data.source) {
    case "generated":
      return {
        source: data.source,
        distribution: data.family.name,
        seed: data.seed,
        true_params: data.truth,
      };
    case "array":
      return { source: data.source };
    case "database":
      return {
        source: data.source,
        engine: data.engine,
        name: data.name,
        column: { name: data.column.name ?? null, index: null },
        skipped: data.skipped,
        queries: data.queries,
      };
    default:
      return {
        source: data.source,
        name: data.name,
        column: { name: data.column.name ?? null, index: data.column.index },
        skipped: data.skipped,
        ...(data.censored ? { censored_by: { ...data.censored } } : {}),
      };
  }
}

function mixtureJson({ fit, inference }: RunSummary) {
  const mixture = mixtureWeights(fit.family, fit.exact.params, inference.exact.wald);
  return mixture === undefined
    ? {}
    : { mixture: { weights: mixture.weights, weights_se: mixture.se } };
}
