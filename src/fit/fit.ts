import { censoredTerms, effectiveKind } from "../distributions/censored.js";
import { type Constraint, slopes } from "../distributions/constraint.js";
import type { Family } from "../distributions/family.js";
import {
  literalParametrization,
  type Parametrization,
  startRelativeParametrization,
} from "../distributions/parametrization.js";
import { robustSpread } from "../distributions/robust-start.js";
import { dataScale, fromScaled, toScaled } from "../distributions/scaling.js";
import type { EngineName } from "../engine/engine-name.js";
import type { Value } from "../engine/value.js";
import { type LikelihoodAt, likelihoodEvaluator } from "../likelihood/likelihood.js";
import { type Censoring, censoringOf, INTERVAL, LEFT, mapRows } from "../stats/censoring.js";
import { extremes } from "../stats/extremes.js";
import { totalWeight, weightsOf } from "../stats/weights.js";
import { checkEnoughData } from "./check-data.js";
import { type HeldEdges, holdEdges, supportHolds } from "./edges.js";
import { type ExactFit, exactFit, startOf } from "./exact.js";
import { fullBatchSteps } from "./full-batch.js";
import { type CensoredRows, makeObjective, makeRowObjective } from "./objective.js";
import {
  type FitProgress,
  runToEnd,
  runWithPauses,
  type SgdSettings,
  type StepCallback,
  sgdSteps,
} from "./sgd-fit.js";

export interface FitOptions extends Omit<SgdSettings, "epochs"> {
  /**
   * Passes over the data, or "auto": one minibatch epoch, then full-batch steps preconditioned
   * by the observed information until sqrt(g' I⁻¹ g) ≤ 0.05 (full-batch.ts).
   */
  epochs: number | "auto";
  /** Run the blog post's algorithm exactly: raw parameters, every one starting at 1. */
  literal: boolean;
  /** Starting values by parameter name, in place of the data-based (or literal) start. */
  init?: Readonly<Record<string, number>>;
  /** Uniform [0, 1) generator for the shuffles. */
  uniform: () => number;
  /** The compiled kernel (default) or the plain Value engine, the reference. */
  engine?: EngineName;
  onStep?: StepCallback;
  /** Asked at points a few milliseconds apart; true stops the fit there. */
  shouldStop?: () => boolean;
  /** The clock that times the SGD loop, in milliseconds (default performance.now). */
  now?: () => number;
}

/** A family fitted by SGD, beside its exact MLE. Parameters are vectors in the family's order. */
export interface Fit {
  family: Family;
  n: number;
  /** The SGD estimate. */
  params: number[];
  exact: ExactFit;
  start: number[];
  mode: Parametrization["name"];
  /** What SGD's coordinates are, for the report. */
  coordinates: string;
  engine: EngineName;
  /** Optimizer steps: minibatch steps, then full-batch steps. */
  steps: number;
  /** --epochs as asked: a count, or "auto". */
  epochs: number | "auto";
  /** Passes over the data taken: minibatch epochs, then (auto) one per full-batch step. */
  epochsRun: number;
  /** Full-batch steps taken by --epochs auto (0 for a fixed count). */
  fullBatchSteps: number;
  /** --epochs auto stopped at its cap with the stopping rule unmet. */
  capped: boolean;
  /** The minibatch SGD loop's samples and its own time (shuffles and steps), for its rate. */
  sgdSamples: number;
  sgdSeconds: number;
  /** Where the fit was stopped early, if it was: params are then the estimate so far. */
  interrupted?: { epoch: number; step: number };
}

/**
 * Fits any family by minibatch SGD on the engine's gradients, beside its exact MLE (exact.ts).
 * Default mode starts at the family's data-based start, in the family's own SGD coordinates or
 * else each parameter relative to the start in units of its per-value standard error; literal
 * mode starts every parameter at 1, raw, as the blog post does.
 *
 * @example
 * const fit = fitFamily(normal, Float64Array.of(1, 2, 3, 4), {
 *   literal: false, lr: 0.02, batchSize: 2, epochs: 50, uniform: seedrandom("1"),
 * });
 * fit.exact.params; // [2.5, 1.118...]; fit.params is close to it
 */
export function fitFamily(family: Family, data: Float64Array, options: FitOptions): Fit {
  return runToEnd(fitSteps(family, data, options));
}

/**
 * fitFamily, giving the event loop a turn every few milliseconds, and stopping with the estimate
 * so far once `signal` is aborted (the command line aborts it on Ctrl-C).
 */
export async function fitFamilyUntil(
  family: Family,
  data: Float64Array,
  options: FitOptions,
  signal: AbortSignal,
  onProgress?: (progress: FitProgress) => void,
): Promise<Fit> {
  return runWithPauses(
    fitSteps(family, data, { ...options, shouldStop: () => signal.aborted }),
    onProgress,
  );
}

function* fitSteps(
  family: Family,
  data: Float64Array,
  options: FitOptions,
): Generator<FitProgress, Fit> {
  checkEnoughData(family, data);
  const held = holdEdges(family, data);
  if (held !== undefined) return yield* fitHeld(family, data, options, held);
  const c = dataScale(family, data);
  if (c !== 1) return yield* fitScaled(family, data, options, c);
  const engine = options.engine ?? "compiled";
  const exact = exactFit(family, data, engine);
  // A mixture's start is EM's answer, the MLE itself for exact rows; of censored rows EM reads
  // the exact ones alone (exact.ts startOf), a start where the censored likelihood can be flat
  // enough that SGD's units (per-value standard errors) threw a Weibull component's scale from
  // 1 to 15 and back in its first steps, and 2 shuffle seeds of 8 lost a component (its weight
  // to 0). Newton from there, on the whole censored likelihood, is the exact MLE: SGD starts
  // from it, as it does from EM's answer for exact rows.
  const censoredMixture = family.components !== undefined && censoringOf(data) !== undefined;
  const dataStart = options.literal
    ? family.params.map(() => 1)
    : censoredMixture
      ? [...exact.params]
      : startOf(family, data);
  const start = dataStart.map((value, j) => options.init?.[family.params[j] as string] ?? value);
  const parametrization = options.literal
    ? literalParametrization
    : (family.sgdParametrization?.(start, data, () => naturalUnits(family, data, start, engine)) ??
      startRelativeParametrization(
        family.constraints,
        start,
        naturalUnits(family, data, start, engine),
      ));
  const model = {
    paramCount: family.params.length,
    prepare: (theta: readonly Value[]) => parametrization.natural(theta),
    logProb: family.logProb,
  };
  // With frequency weights or censored rows the SGD shuffles row numbers, so that each value
  // keeps its weight and its bounds.
  const weights = weightsOf(data);
  const censoring = censoringOf(data);
  const byRow = weights !== undefined || censoring !== undefined;
  const objective = byRow
    ? makeRowObjective(
        model,
        engine,
        data,
        weights,
        censoring === undefined ? undefined : censoredRows(family, data, censoring, start),
      )
    : makeObjective(model, engine);
  const rows = byRow ? Float64Array.from(data.keys()) : data;
  const auto = options.epochs === "auto";
  const minibatchEpochs = auto ? 1 : (options.epochs as number);
  const sgd = yield* sgdSteps(
    rows,
    objective,
    parametrization,
    family.params,
    start,
    // Row numbers are the fit's own array: shuffled in place.
    {
      ...options,
      epochs: minibatchEpochs,
      reorderData: byRow || options.reorderData,
      ...feasibility(family, data),
    },
    options.uniform,
    options.onStep,
    options.shouldStop,
    options.now,
  );
  const full =
    auto && sgd.interrupted === undefined
      ? yield* fullBatchSteps(
          family,
          data,
          engine,
          sgd.params,
          { epochs: minibatchEpochs, steps: sgd.steps },
          options.onStep,
          options.shouldStop,
        )
      : undefined;
  const interrupted = sgd.interrupted ?? full?.interrupted;
  const canonical = (params: number[]) => family.canonical?.(params) ?? params;
  return {
    family,
    n: data.length,
    params: canonical(full?.params ?? sgd.params),
    exact: { ...exact, params: canonical(exact.params) },
    start,
    mode: parametrization.name,
    coordinates: parametrization.describe,
    engine,
    steps: sgd.steps + (full?.steps ?? 0),
    epochs: options.epochs,
    epochsRun: (sgd.interrupted?.epoch ?? minibatchEpochs) + (full?.steps ?? 0),
    fullBatchSteps: full?.steps ?? 0,
    capped: full?.capped === true,
    sgdSamples: sgd.samples,
    sgdSeconds: sgd.seconds,
    ...(interrupted ? { interrupted } : {}),
  };
}

/**
 * The fit of a family with edges (edges.ts): SGD and the exact MLE of the other parameters with
 * the edges held at the data's extremes (their MLE whatever the others), reported as the whole
 * family's. With nothing left to fit (the uniform), there is no SGD step to take.
 */
function* fitHeld(
  family: Family,
  data: Float64Array,
  options: FitOptions,
  held: HeldEdges,
): Generator<FitProgress, Fit> {
  const engine = options.engine ?? "compiled";
  if (held.inner === undefined) {
    return edgesOnlyFit(family, data.length, exactFit(family, data, engine), held, options.epochs);
  }
  const { inner, full } = held;
  const { init, onStep } = options;
  const steps = fitSteps(inner, data, {
    ...options,
    ...(init === undefined
      ? {}
      : {
          init: Object.fromEntries(Object.entries(init).filter(([name]) => !(name in held.values))),
        }),
    ...(onStep === undefined
      ? {}
      : { onStep: (epoch, step, params, loss) => onStep(epoch, step, full(params), loss) }),
  });
  return wholeFit(yield* relayed(steps, full), family, held);
}

/**
 * The fit of the parameters that are not edges, as the whole family's: the edges put back at
 * their held values, and said in the methods. (In memory and for rows in a database.)
 */
export function wholeFit(fit: Fit, family: Family, held: HeldEdges): Fit {
  const { full } = held;
  return {
    ...fit,
    family,
    params: full(fit.params),
    start: full(fit.start),
    // The inner fit's exact MLE is the whole family's (exact.ts exactWithEdges), made once.
    exact: {
      ...fit.exact,
      params: full(fit.exact.params),
      method: `${held.describe}; ${fit.exact.method}`,
    },
    coordinates: `${fit.coordinates}; ${held.describe}`,
  };
}

/** A family whose every parameter is an edge (the uniform): its closed form, no step to take. */
export function edgesOnlyFit(
  family: Family,
  n: number,
  exact: Fit["exact"],
  held: HeldEdges,
  epochs: Fit["epochs"],
): Fit {
  return {
    family,
    n,
    params: exact.params,
    exact,
    start: exact.params,
    mode: "default",
    coordinates: `none: ${held.describe}`,
    engine: "compiled",
    steps: 0,
    epochs,
    epochsRun: 0,
    fullBatchSteps: 0,
    capped: false,
    sgdSamples: 0,
    sgdSeconds: 0,
  };
}

/** An inner fit's steps, its progress passed on with the parameters mapped to the caller's. */
function* relayed(
  steps: Generator<FitProgress, Fit>,
  map: (params: readonly number[]) => number[],
): Generator<FitProgress, Fit> {
  let next = steps.next();
  while (!next.done) {
    yield { ...next.value, params: map(next.value.params) };
    next = steps.next();
  }
  return next.value;
}

/**
 * For a support that moves with the parameters, the test that every value is inside it: the
 * support is an interval, so the smallest and largest values (of censored rows, their bounds)
 * stand for all.
 */
function feasibility(family: Family, data: Float64Array): Pick<SgdSettings, "feasible"> {
  if (family.inSupport === undefined) return {};
  const censoring = censoringOf(data);
  const ends =
    censoring === undefined
      ? [extremes(data)]
      : [extremes(censoring.lower), extremes(censoring.upper)];
  const holds = supportHolds(family, {
    min: Math.min(...ends.map((e) => e.min)),
    max: Math.max(...ends.map((e) => e.max)),
  });
  return holds === undefined ? {} : { feasible: holds };
}

/** The rows of censored data for the SGD's objective, intervals' forms chosen at the start. */
function censoredRows(
  family: Family,
  data: Float64Array,
  censoring: Censoring,
  start: readonly number[],
): CensoredRows {
  const n = data.length;
  const rows: CensoredRows = {
    terms: censoredTerms(family),
    kind: new Int8Array(n),
    point: new Float64Array(n),
    pairs: new Float64Array(2 * n),
    above: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const kind = effectiveKind(family, censoring, i);
    const lower = censoring.lower[i] as number;
    const upper = censoring.upper[i] as number;
    rows.kind[i] = kind ?? -1;
    rows.point[i] = kind === LEFT ? upper : lower;
    rows.pairs[2 * i] = lower;
    rows.pairs[2 * i + 1] = upper;
    if (kind === INTERVAL && family.cdf(lower, start) > 0.5) rows.above[i] = 1;
  }
  return rows;
}

/**
 * Each coordinate's unit: one over the square root of the per-value curvature of the
 * log-likelihood at the start (the diagonal of the engine's observed information there, divided
 * by n; in log θ for a positive parameter), so that a unit step moves each parameter by about
 * one per-value standard error whatever the family and its values' size: the Normal's loc moves
 * in units of sigma, the Poisson's log λ in units of 1/√λ. Without this a Poisson fit to counts
 * near 70 took steps 14 times its stability limit at the blog post's lr and diverged. Computed
 * from the start alone, so SGD owes nothing to the exact fit. Where the curvature is not
 * positive, a location falls back to the data's robust spread (IQR / 1.349, which one outlier
 * cannot inflate as it inflates the sd) and a positive parameter to 1.
 */
function naturalUnits(
  family: Family,
  data: Float64Array,
  start: readonly number[],
  engine: EngineName,
): number[] {
  const n = totalWeight(data);
  return unitsAt(family, start, likelihoodEvaluator(family, engine)(data, start), n, data);
}

/**
 * naturalUnits from the likelihood at the start (of n values; `data` the values, or a sample of
 * them, for the robust spread where the curvature is not positive).
 */
export function unitsAt(
  family: Family,
  start: readonly number[],
  at: LikelihoodAt,
  n: number,
  data: Float64Array,
): number[] {
  const { gradient } = at;
  // A family whose curvature cannot be observed (Laplace's loc) gives its expected information.
  const hessian = family.information?.(start, n, data) ?? at.hessian;
  return start.map((theta, j) => {
    const h = hessian[j]?.[j] ?? Number.NaN;
    const constraint = family.constraints[j] as Constraint;
    // In u (constraint.ts: log θ for a positive parameter): θ'² · (-ℓ'') - θ'' · ℓ'.
    const [d1, d2] = slopes(constraint, theta);
    const curvature = (d1 * d1 * h - d2 * (gradient[j] ?? 0)) / n;
    if (curvature > 0 && Number.isFinite(curvature)) return 1 / Math.sqrt(curvature);
    return constraint === "real" ? robustSpread(data) : 1;
  });
}

/**
 * The fit of data near 1e±300, made on x / c (c a power of two, scaling.ts) and mapped back:
 * starts, curvatures and second derivatives would overflow on x itself. Division by a power of
 * two is exact, so this is the same fit, expressed in other units; what the caller sees (steps,
 * progress, the estimate) is in the data's own units.
 */
function* fitScaled(
  family: Family,
  data: Float64Array,
  options: FitOptions,
  c: number,
): Generator<FitProgress, Fit> {
  const n = data.length;
  const { onStep, init } = options;
  const inner = fitSteps(
    family,
    mapRows(data, (x) => x / c),
    {
      ...options,
      ...(init === undefined ? {} : { init: scaledInit(family, init, c) }),
      ...(onStep === undefined
        ? {}
        : {
            // The batch's loss in the data's units: each value's density gains 1 / c. Under
            // --epochs auto, the epochs after the first are full-batch steps over all n.
            onStep: (epoch, step, params, loss) => {
              const batch =
                options.epochs === "auto" && epoch > 1
                  ? n
                  : Math.min(options.batchSize, n - (step - 1) * options.batchSize);
              onStep(epoch, step, fromScaled(family, params, c), loss + batch * Math.log(c));
            },
          }),
    },
  );
  const fit = yield* relayed(inner, (params) => fromScaled(family, params, c));
  return { ...fitFromScaled(fit, c, totalWeight(data)), n };
}

/**
 * A fit made on x / c expressed for x: estimates, start and exact MLE moved by each parameter's
 * scaling, the log-likelihood less (observations)·log c.
 */
export function fitFromScaled(fit: Fit, c: number, observations: number): Fit {
  const { family } = fit;
  return {
    ...fit,
    params: fromScaled(family, fit.params, c),
    start: fromScaled(family, fit.start, c),
    exact: {
      ...fit.exact,
      params: fromScaled(family, fit.exact.params, c),
      logLik: fit.exact.logLik - observations * Math.log(c),
    },
  };
}

/** Starting values by name, for the data x / c. */
function scaledInit(
  family: Family,
  init: Readonly<Record<string, number>>,
  c: number,
): Record<string, number> {
  const vector = family.params.map((name) => init[name] ?? Number.NaN);
  const scaled = toScaled(family, vector, c);
  return Object.fromEntries(
    family.params.flatMap((name, j) => (name in init ? [[name, scaled[j] ?? Number.NaN]] : [])),
  );
}
