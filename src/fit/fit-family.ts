import type { Family } from "../distributions/family.js";
import { meanSd } from "../distributions/summaries.js";
import { DataError } from "../errors.js";
import { likelihoodEvaluator } from "../inference/likelihood.js";
import { type ExactFit, exactFit } from "./exact.js";
import type { FitOptions } from "./fit-normal.js";
import { makeObjective } from "./objective.js";
import {
  literalParametrization,
  type Parametrization,
  startRelativeParametrization,
} from "./parametrization.js";
import { type FitProgress, runToEnd, runWithPauses, sgdSteps } from "./sgd-fit.js";

/** A family fitted by SGD, beside its exact MLE. Parameters are in the family's order. */
export interface FamilyFit {
  family: Family;
  n: number;
  /** The SGD estimate. */
  params: number[];
  exact: ExactFit;
  start: number[];
  mode: Parametrization["name"];
  engine: NonNullable<FitOptions["engine"]>;
  steps: number;
  interrupted?: { epoch: number; step: number };
}

/** Options of fitNormal that apply to every family (the Normal's --init-loc/scale do not). */
export type FamilyFitOptions = Omit<FitOptions, "initLoc" | "initScale">;

/**
 * Any family by minibatch SGD on the engine's gradients, as fitNormal does for the Normal, beside
 * its exact MLE (exact.ts). Default mode starts at the family's data-based start, each parameter
 * relative to it (parametrization.ts); literal mode starts every parameter at 1, raw.
 */
export function fitFamily(
  family: Family,
  data: Float64Array,
  options: FamilyFitOptions,
): FamilyFit {
  return runToEnd(fitFamilySteps(family, data, options));
}

/** fitFamily, giving the event loop a turn every few milliseconds, stopping once `signal` aborts. */
export async function fitFamilyUntil(
  family: Family,
  data: Float64Array,
  options: FamilyFitOptions,
  signal: AbortSignal,
  onProgress?: (progress: FitProgress) => void,
): Promise<FamilyFit> {
  return runWithPauses(
    fitFamilySteps(family, data, { ...options, shouldStop: () => signal.aborted }),
    onProgress,
  );
}

function* fitFamilySteps(
  family: Family,
  data: Float64Array,
  options: FamilyFitOptions,
): Generator<FitProgress, FamilyFit> {
  checkEnoughData(family, data);
  const engine = options.engine ?? "compiled";
  const exact = exactFit(family, data, engine);
  const start = options.literal ? family.params.map(() => 1) : family.start(data);
  const parametrization = options.literal
    ? literalParametrization
    : startRelativeParametrization(
        family.constraints,
        start,
        naturalUnits(family, data, start, engine),
      );
  const objective = makeObjective(
    data,
    {
      paramCount: family.params.length,
      prepare: (theta) => parametrization.natural(theta),
      logProb: family.logProb,
    },
    engine,
  );
  const result = yield* sgdSteps(
    data.length,
    objective,
    parametrization,
    family.params,
    start,
    options,
    options.uniform,
    options.onStep,
    options.shouldStop,
  );
  return {
    family,
    n: data.length,
    params: result.params,
    exact,
    start,
    mode: parametrization.name,
    engine,
    steps: result.steps,
    ...(result.interrupted ? { interrupted: result.interrupted } : {}),
  };
}

/**
 * Each coordinate's unit: one over the square root of the per-value curvature of the
 * log-likelihood at the start (the diagonal of the engine's observed information there, divided
 * by n; in log θ for a positive parameter), so that a unit step moves each parameter by about
 * one per-value standard error whatever the family and its values' size: the Normal's loc moves
 * in units of sigma, the Poisson's log λ in units of 1/√λ. Without this a Poisson fit to counts
 * near 70 took steps 14 times its stability limit at the seed's lr and diverged. Computed from the
 * start alone, so SGD owes nothing to the exact fit. Where the curvature is not positive, a
 * location falls back to the data's sd and a positive parameter to 1.
 */
function naturalUnits(
  family: Family,
  data: Float64Array,
  start: readonly number[],
  engine: NonNullable<FitOptions["engine"]>,
): number[] {
  const { gradient, hessian } = likelihoodEvaluator(family, engine)(data, start);
  const n = data.length;
  return start.map((theta, j) => {
    const h = (hessian[j] as number[])[j] as number;
    const positive = family.constraints[j] === "positive";
    // In u = log θ: θ² · (-ℓ'') - θ · ℓ'.
    const curvature = (positive ? theta * theta * h - theta * (gradient[j] as number) : h) / n;
    if (curvature > 0 && Number.isFinite(curvature)) return 1 / Math.sqrt(curvature);
    return positive ? 1 : meanSd(data).sd;
  });
}

/**
 * As for the Normal: at least two values that differ for a family of two or more parameters
 * (one value for one parameter). Whether the maximum then exists is the exact fit's to say: a
 * parameter running off to its limit is reported there.
 */
export function checkEnoughData(family: Family, data: Float64Array): void {
  const n = data.length;
  const k = family.params.length;
  if (n === 0) throw new DataError("no values to fit");
  if (n === 1 && k > 1) {
    throw new DataError(
      `only one value (${data[0]}): a ${family.title} fit needs at least two that differ`,
    );
  }
  const { mean, sd } = meanSd(data);
  if (family.support === "count" && mean === 0) {
    throw new DataError(
      `all ${n} values are 0: a ${family.title} fit's mean would be 0, on the edge of its range`,
    );
  }
  if (!(sd > 0) && k > 1) {
    throw new DataError(
      `all ${n} values are equal (${data[0]}): a ${family.title} fit needs values that differ`,
    );
  }
}
