import { uniformStream } from "../data/random.js";
import type { Family } from "../distributions/family.js";
import type { EngineName } from "../engine/engine-name.js";
import { nonRegularReason } from "../fit/edges.js";
import type { Fit, FitOptions } from "../fit/fit.js";
import type { StepCallback } from "../fit/sgd-fit.js";
import type { BootstrapMethod } from "../inference/bootstrap.js";
import { GOF_SAMPLE } from "../inference/gof.js";
import { type CiMethod, type Inference, type InferenceOptions, infer } from "../inference/infer.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";
import type { DataSummary, RunSummary, Timing } from "../report/summary.js";
import { censoringOf } from "../stats/censoring.js";
import { weightsOf } from "../stats/weights.js";

/** --epochs when not given: "auto", or the post's 2 epochs in literal mode. */
export function defaultEpochs(literal: boolean): number | "auto" {
  return literal ? DEFAULTS.literalEpochs : DEFAULTS.epochs;
}

/** What one fit of one family needs, every default filled in: shared by the CLI and the library. */
export interface FitRequest {
  family: Family;
  seed: number;
  literal: boolean;
  /** Starting values by parameter name. */
  init?: Readonly<Record<string, number>>;
  lr: number;
  batchSize: number;
  /** A fixed count of passes, or "auto": until the fit converges (fit/full-batch.ts). */
  epochs: number | "auto";
  optimizer: OptimizerName;
  schedule: ScheduleName;
  average: boolean;
  engine: EngineName;
  level: number;
  /** The exact MLE's intervals: "wald" or "profile". */
  ci: CiMethod;
  bootstrap?: number;
  bootstrapMethod: BootstrapMethod;
  gofBootstrap?: number;
}

/**
 * The blog post's settings, and the defaults of everything else: SGD runs until it converges
 * (epochs "auto"), except in literal mode, which is the post's run exactly (its 2 epochs).
 */
export const DEFAULTS = {
  lr: 0.02,
  batchSize: 10,
  epochs: "auto",
  literalEpochs: 2,
  optimizer: "sgd",
  schedule: "constant",
  engine: "compiled",
  level: 0.95,
  ci: "wald",
  bootstrapMethod: "parametric",
} as const;

/** The SGD fit's options, with the run's shuffle stream. */
export function sgdOptions(request: FitRequest, onStep?: StepCallback): FitOptions {
  return {
    engine: request.engine,
    literal: request.literal,
    ...(request.init === undefined ? {} : { init: request.init }),
    lr: request.lr,
    batchSize: request.batchSize,
    epochs: request.epochs,
    optimizer: request.optimizer,
    schedule: request.schedule,
    average: request.average,
    uniform: uniformStream(request.seed, "shuffle"),
    ...(onStep === undefined ? {} : { onStep }),
  };
}

/** Inference of a fit, each random part on its own seeded stream. */
export function inferStage(values: Float64Array, fit: Fit, request: FitRequest): Inference {
  const { seed } = request;
  // A non-regular fit has no Wald answer: a parametric bootstrap gives its intervals unasked
  // (not of weighted or censored rows, which the bootstraps do not take yet).
  const automatic =
    request.bootstrap === undefined &&
    nonRegularReason(fit.family, fit.exact.params) !== undefined &&
    weightsOf(values) === undefined &&
    censoringOf(values) === undefined;
  const replicates = automatic ? NON_REGULAR_BOOTSTRAP : request.bootstrap;
  const options: InferenceOptions = {
    level: request.level,
    ci: request.ci,
    engine: request.engine,
    gofSample: { size: GOF_SAMPLE, uniform: uniformStream(seed, "gof-sample") },
    ...(replicates === undefined || replicates === 0
      ? {}
      : {
          bootstrap: {
            replicates,
            method: automatic ? "parametric" : request.bootstrapMethod,
            uniform: uniformStream(seed, "bootstrap"),
          },
        }),
    ...(request.gofBootstrap === undefined
      ? {}
      : {
          gofBootstrap: {
            replicates: request.gofBootstrap,
            uniform: uniformStream(seed, "gof-bootstrap"),
          },
        }),
  };
  const inference = infer(values, fit, options);
  if (automatic && inference.bootstrap) inference.bootstrap.automatic = true;
  return inference;
}

/** Parametric bootstrap refits run unasked for a non-regular fit (--bootstrap B sets another). */
export const NON_REGULAR_BOOTSTRAP = 200;

/** The run as the reports see it. */
export function summarize(
  fit: Fit,
  inference: Inference,
  data: DataSummary,
  request: FitRequest,
  timing?: Timing,
): RunSummary {
  return {
    fit,
    inference,
    data,
    optimizer: {
      name: request.optimizer,
      schedule: request.schedule,
      average: request.average,
      lr: request.lr,
      batchSize: request.batchSize,
      epochs: request.epochs,
      seed: request.seed,
    },
    ...(timing === undefined ? {} : { timing }),
  };
}
