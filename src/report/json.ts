import type { GofTest } from "../inference/gof.js";
import type { EstimateInference } from "../inference/infer.js";
import { EXACT_MLE_METHOD, type RunSummary } from "./summary.js";

type Pair = { loc: number; scale: number };

const pair = ([loc, scale]: readonly number[]): Pair => ({
  loc: loc as number,
  scale: scale as number,
});

/** Standard errors, intervals and correlation of one estimate, or nulls where there are none. */
function uncertainty({ wald }: EstimateInference, level: number) {
  return {
    se: wald ? pair(wald.se) : null,
    ci: wald ? { level, loc: wald.ci[0], scale: wald.ci[1] } : null,
    correlation: wald ? wald.correlation : null,
  };
}

const test = ({ statistic, pValue }: GofTest) => ({ statistic, p_value: pValue });

/**
 * The run as one JSON object (documented field by field in the README). Numbers are printed at
 * full precision (shortest round-trip form); a non-finite number is a bug, never printed.
 */
export function formatJson(summary: RunSummary): string {
  const { fit, inference, data, optimizer } = summary;
  const { level } = inference;
  const object = {
    n: fit.n,
    distribution: "normal",
    params: fit.params,
    exact_mle: { ...fit.exact, method: EXACT_MLE_METHOD },
    gap: {
      loc: fit.params.loc - fit.exact.loc,
      scale: fit.params.scale - fit.exact.scale,
    },
    interrupted: fit.interrupted ?? null,
    gap_se: inference.gapSe ? pair(inference.gapSe) : null,
    converged: inference.converged,
    ...uncertainty(inference.exact, level),
    loglik: inference.exact.logLik,
    aic: inference.exact.aic,
    bic: inference.exact.bic,
    sgd: { loglik: inference.estimate.logLik, ...uncertainty(inference.estimate, level) },
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
            median: pair(inference.bootstrap.median),
            ci: { level, loc: inference.bootstrap.ci[0], scale: inference.bootstrap.ci[1] },
          },
        }
      : {}),
    data:
      data.source === "generated"
        ? { source: data.source, seed: data.seed, true_params: data.truth }
        : {
            source: data.source,
            name: data.name,
            column: { name: data.column.name ?? null, index: data.column.index },
            skipped: data.skipped,
          },
    optimizer: {
      name: optimizer.name,
      mode: fit.mode,
      engine: fit.engine,
      schedule: optimizer.schedule,
      average: optimizer.average,
      lr: optimizer.lr,
      batch_size: optimizer.batchSize,
      epochs: optimizer.epochs,
      steps: fit.steps,
      seed: optimizer.seed,
      start: fit.start,
    },
    ...(summary.timing === undefined
      ? {}
      : {
          timing: {
            elapsed_seconds: summary.timing.elapsedSeconds,
            read_seconds: summary.timing.readSeconds,
            fit_seconds: summary.timing.fitSeconds,
            samples_per_second: summary.timing.samplesPerSecond,
          },
        }),
  };
  return `${JSON.stringify(object, finiteOnly, 2)}\n`;
}

function finiteOnly(key: string, value: unknown): unknown {
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new Error(`internal error: non-finite number in JSON output at "${key}": ${value}`);
  }
  return value;
}
