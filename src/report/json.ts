import { EXACT_MLE_METHOD, type RunSummary } from "./summary.js";

/**
 * The run as one JSON object (documented field by field in the README). Numbers are printed at
 * full precision (shortest round-trip form); a non-finite number is a bug, never printed.
 */
export function formatJson(summary: RunSummary): string {
  const { fit, data, optimizer } = summary;
  const object = {
    n: fit.n,
    distribution: "normal",
    params: fit.params,
    exact_mle: { ...fit.exact, method: EXACT_MLE_METHOD },
    gap: {
      loc: fit.params.loc - fit.exact.loc,
      scale: fit.params.scale - fit.exact.scale,
    },
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
      name: "sgd",
      mode: fit.mode,
      engine: fit.engine,
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
