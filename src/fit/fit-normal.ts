import { normal } from "../distributions/normal.js";
import { DataError } from "../errors.js";
import { normalMle } from "../stats/moments.js";
import { type EngineName, makeObjective, normalModel } from "./objective.js";
import { dataUnitParametrization, literalParametrization } from "./parametrization.js";
import {
  type FitProgress,
  runToEnd,
  runWithPauses,
  type SgdSettings,
  type StepCallback,
  sgdSteps,
} from "./sgd-fit.js";
import { robustStart } from "./start.js";

export interface FitOptions extends SgdSettings {
  /** Run the seed's algorithm exactly: raw (loc, scale) parameters, starting at (1, 1). */
  literal: boolean;
  initLoc?: number;
  initScale?: number;
  /** Uniform [0, 1) generator for the shuffles. */
  uniform: () => number;
  /** The compiled kernel (default) or the plain Value engine, the reference. */
  engine?: EngineName;
  onStep?: StepCallback;
  /** Asked at points a few milliseconds apart; true stops the fit there (see fitNormalUntil). */
  shouldStop?: () => boolean;
}

export interface NormalFit {
  n: number;
  /** The SGD estimate. */
  params: { loc: number; scale: number };
  /** The closed-form MLE: the mean, and the standard deviation with divisor n. */
  exact: { loc: number; scale: number };
  start: { loc: number; scale: number };
  mode: "literal" | "default";
  engine: EngineName;
  steps: number;
  /** Where the fit was stopped early, if it was: params are then the estimate so far. */
  interrupted?: { epoch: number; step: number };
}

/** The seed's start, used in literal mode unless --init-loc/--init-scale say otherwise. */
export const SEED_START = { loc: 1, scale: 1 } as const;

/**
 * Fits a Normal to `data` by minibatch SGD on the engine's gradients, beside the exact MLE.
 *
 * @example
 * const fit = fitNormal(Float64Array.of(1, 2, 3, 4), {
 *   literal: false, lr: 0.02, batchSize: 2, epochs: 50, uniform: seedrandom("1"),
 * });
 * fit.exact; // { loc: 2.5, scale: 1.118... }; fit.params is close to it
 */
export function fitNormal(data: Float64Array, options: FitOptions): NormalFit {
  return runToEnd(fitNormalSteps(data, options));
}

/**
 * fitNormal, giving the event loop a turn every few milliseconds, and stopping with the estimate
 * so far once `signal` is aborted (the command line aborts it on Ctrl-C).
 */
export async function fitNormalUntil(
  data: Float64Array,
  options: FitOptions,
  signal: AbortSignal,
  onProgress?: (progress: FitProgress) => void,
): Promise<NormalFit> {
  return runWithPauses(
    fitNormalSteps(data, { ...options, shouldStop: () => signal.aborted }),
    onProgress,
  );
}

function* fitNormalSteps(
  data: Float64Array,
  options: FitOptions,
): Generator<FitProgress, NormalFit> {
  const exact = normalMle(data);
  checkFittable(data, exact.scale);
  const dataStart = options.literal ? SEED_START : robustStart(data, exact.scale);
  const start = {
    loc: options.initLoc ?? dataStart.loc,
    scale: options.initScale ?? dataStart.scale,
  };
  // Default mode measures steps in units of the data's spread, from the start as origin.
  const parametrization = options.literal
    ? literalParametrization
    : dataUnitParametrization(start.loc, exact.scale);
  const engine = options.engine ?? "compiled";
  const objective = makeObjective(data, normalModel(parametrization), engine);
  const result = yield* sgdSteps(
    data.length,
    objective,
    parametrization,
    normal.params,
    [start.loc, start.scale],
    options,
    options.uniform,
    options.onStep,
    options.shouldStop,
  );
  return {
    n: data.length,
    params: { loc: result.params[0] as number, scale: result.params[1] as number },
    exact,
    start,
    mode: parametrization.name,
    engine,
    steps: result.steps,
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  };
}

/** Throws a DataError that says why there is no fit: no values, one value, or no spread. */
export function checkFittable(data: Float64Array, exactScale: number): void {
  const n = data.length;
  if (n === 0) throw new DataError("no values to fit");
  if (n === 1) {
    throw new DataError(`only one value (${data[0]}): a Normal fit needs at least two that differ`);
  }
  if (!(exactScale > 0)) {
    throw new DataError(
      `all ${n} values are equal (${data[0]}): a Normal fit needs values that differ, or its scale is 0`,
    );
  }
  if (!Number.isFinite(exactScale)) {
    throw new DataError("the values' spread overflows a double: rescale the data first");
  }
}
