import type { Family } from "../distributions/family.js";
import {
  literalParametrization,
  naturalValues,
  type Parametrization,
  startRelativeParametrization,
} from "../distributions/parametrization.js";
import type { SqlDialect } from "../engine/sql.js";
import { Value } from "../engine/value.js";
import { FitError } from "../errors.js";
import { aggregatePlan } from "../likelihood/aggregate.js";
import { type LikelihoodAt, likelihoodEvaluator } from "../likelihood/likelihood.js";
import { supportHolds } from "./edges.js";
import { exactFit, startOf } from "./exact.js";
import type { Fit } from "./fit.js";
import { unitsAt } from "./fit.js";
import { AUTO_CAP, AUTO_TOLERANCE } from "./full-batch.js";
import {
  lastBits,
  type NewtonPoint,
  newtonSteps,
  runaway,
  scoreInStandardErrors,
} from "./newton.js";
import { makeObjective } from "./objective.js";
import { MAX_STEP, retreatIntoSupport } from "./sgd-fit.js";

/**
 * Rows that stay where they are (a database, issue 14): the fit asks for sums over them, or
 * streams them once per epoch in the engine's order; it holds only a sample and a batch.
 */
export interface RemoteRows {
  /** Rows fitted. */
  n: number;
  /** A uniform sample drawn by the engine: the start, and the goodness of fit. */
  sample: Float64Array;
  /** One aggregate query: SELECT <selectList> over the rows, with $1, $2, ... bound. */
  aggregate(
    selectList: readonly string[],
    bound: readonly number[],
    wrap?: (from: string) => string,
  ): Promise<number[]>;
  /** One scan, chunk by chunk, in the engine's order. */
  stream(onChunk: (values: Float64Array) => void): Promise<void>;
  /** "DuckDB", "PostgreSQL". */
  engine: string;
  /** What the engine's SQL may leave out (engine/sql.ts). */
  dialect: SqlDialect;
  /**
   * The c the aggregate queries subtract from every row for a centred plan (likelihood/
   * aggregate.ts): the sums are of x - c. The streamed rows are x itself.
   */
  centre: number;
  /**
   * The smallest and largest rows, for a family whose support moves with its parameters (the
   * GEV's: family.inSupport): a θ that leaves either outside is never sent to the engine (its
   * LN of a negative number would be an error, or NaN), and the start is fitted to the sample
   * with them in it.
   */
  extremes?: { min: number; max: number };
}

/** Where the support moves and the rows' ends are known: the test that θ keeps them inside. */
function supportHoldsFor(
  family: Family,
  rows: Pick<RemoteRows, "extremes">,
): ((theta: readonly number[]) => boolean) | undefined {
  return rows.extremes === undefined ? undefined : supportHolds(family, rows.extremes);
}

const startSamples = new WeakMap<Float64Array, Float64Array>();

/**
 * The rows a start is fitted to: the engine's sample, and, where the support moves, the smallest
 * and largest rows with it, so the start's support holds every row (a sample's GEV can end below
 * the largest of a billion rows).
 */
export function startSample(rows: Pick<RemoteRows, "sample" | "extremes">): Float64Array {
  const { sample, extremes } = rows;
  if (extremes === undefined) return sample;
  let known = startSamples.get(sample);
  if (known === undefined) {
    known = Float64Array.of(...sample, extremes.min, extremes.max);
    startSamples.set(sample, known);
  }
  return known;
}

export interface PushedSettings {
  lr: number;
  batchSize: number;
  epochs: number | "auto";
  literal: boolean;
  init?: Readonly<Record<string, number>>;
}

/** The likelihood at θ from the database, and how many queries that took so far. */
export interface RemoteLikelihood {
  at(theta: readonly number[]): Promise<LikelihoodAt>;
  /**
   * The likelihood at θ from a query that also selects `extra` columns over the same rows (the
   * check of the rows, fused into the first pass), and their values; rows = the rows fitted.
   */
  atWith(
    theta: readonly number[],
    extra: readonly string[],
  ): Promise<{ at: LikelihoodAt; rows: number; extra: number[] }>;
  queries(): number;
  kind: "statistics" | "newton";
}

/**
 * A family's likelihood over remote rows: "statistics" plans read the data once and evaluate
 * here at any θ; "newton" plans run one aggregate query per evaluation (likelihood/aggregate.ts).
 */
export function remoteLikelihood(
  family: Family,
  rows: Pick<RemoteRows, "aggregate" | "centre" | "dialect" | "extremes">,
): RemoteLikelihood {
  const plan = aggregatePlan(family, rows.dialect);
  const feasible = supportHoldsFor(family, rows) ?? (() => true);
  // Outside the support the log-likelihood is NaN, as in memory: Newton's line search halves
  // the step, and no query runs.
  const outside: LikelihoodAt = {
    logLik: Number.NaN,
    gradient: family.params.map(() => Number.NaN),
    hessian: family.params.map(() => family.params.map(() => Number.NaN)),
  };
  let queries = 0;
  let statistics: Promise<number[]> | undefined;
  // A point asked for twice (the start, the exact MLE again for its standard errors) costs one
  // query: the answers are kept by θ.
  const known = new Map<string, Promise<LikelihoodAt>>();
  const run = (values: readonly number[], extra: readonly string[]) => {
    queries++;
    const bound = plan.kind === "statistics" ? [] : plan.bind(values);
    return rows.aggregate([...plan.selectList, ...extra], bound, plan.wrap);
  };
  const valuesOf = (theta: readonly number[]) => (plan.centred ? [...theta, rows.centre] : theta);
  const evaluate = async (theta: readonly number[]): Promise<LikelihoodAt> => {
    if (!feasible(theta)) return outside;
    const values = valuesOf(theta);
    if (plan.kind === "statistics") {
      statistics ??= run(values, []);
      return plan.evaluate(await statistics, values);
    }
    return plan.evaluate(await run(values, []), values);
  };
  return {
    kind: plan.kind,
    queries: () => queries,
    at: (theta) => {
      const key = theta.join(",");
      let answer = known.get(key);
      if (answer === undefined) {
        answer = evaluate(theta);
        known.set(key, answer);
      }
      return answer;
    },
    atWith: async (theta, extra) => {
      const values = valuesOf(theta);
      const results = run(values, extra);
      const sums = results.then((r) => r.slice(0, plan.selectList.length));
      if (plan.kind === "statistics") statistics ??= sums;
      const at = sums.then((r) => plan.evaluate(r, values));
      known.set(theta.join(","), at);
      const all = await results;
      return { at: await at, rows: all[0] as number, extra: all.slice(plan.selectList.length) };
    },
  };
}

/**
 * Newton's iteration driven by the database's likelihood (newtonSteps' requests, awaited).
 * Accepted steps are doubled only for "statistics" plans: with "newton" plans each trial is a
 * pass over the rows.
 */
async function newtonStep(
  family: Family,
  n: number,
  point: NewtonPoint,
  likelihood: RemoteLikelihood,
): Promise<NewtonPoint | undefined> {
  const distance = (p: NewtonPoint) => scoreInStandardErrors(p.at);
  const extrapolate = likelihood.kind === "statistics";
  const steps = newtonSteps(family, n, point, { distance, extrapolate });
  let request = steps.next();
  while (!request.done) request = steps.next(await likelihood.at(request.value));
  return request.value;
}

/**
 * Newton's start: the exact MLE of the engine's sample (here, in memory: milliseconds), about
 * sqrt(n / m) of the full data's standard errors from their MLE, where the family's own start
 * can be hundreds: each iteration saved is a pass over the rows. The family's start where the
 * sample's fit fails.
 */
export function sampleStart(family: Family, sample: Float64Array): number[] {
  try {
    const params = exactFit(family, sample).params;
    if (params.every(Number.isFinite)) return params;
  } catch {
    // A sample the family cannot fit on its own: its robust start instead.
  }
  return family.start(sample);
}

/** The exact MLE by Newton's method on sums computed by the database. */
export async function pushedExactFit(
  family: Family,
  rows: RemoteRows,
  likelihood: RemoteLikelihood,
): Promise<Fit["exact"]> {
  const start = sampleStart(family, startSample(rows));
  let point: NewtonPoint = { theta: start, at: await likelihood.at(start) };
  if (!Number.isFinite(point.at.logLik)) {
    throw new FitError(`${family.name}: the log-likelihood at the start is ${point.at.logLik}`);
  }
  let iterations = 0;
  // Where the doubles run out before the score does (a location near 1e12 moves in steps of
  // 1e-4, a few hundredths of its standard error on 1e5 rows), Newton stalls: no step changes θ,
  // or steps of the last bits stop halving the score below 1 standard error. That is the
  // optimum to the last bit.
  let stalled = false;
  // 1e-8 standard errors: the estimate to about 1e-10 of its size. The database's sums of n
  // terms round at about that level (1e8 rows: 3e-9 standard errors); chasing 1e-12 cost three
  // more passes that only moved the last bits.
  while (iterations < 200 && scoreInStandardErrors(point.at) > 1e-8) {
    runaway(family, start, point.theta);
    iterations++;
    const next = await newtonStep(family, rows.n, point, likelihood);
    const before = scoreInStandardErrors(point.at);
    if (next === undefined || next.theta.every((v, j) => v === point.theta[j])) {
      stalled = true;
      break;
    }
    const tiny = lastBits(point.theta, next.theta);
    point = next;
    if (before < 1 && tiny && !(scoreInStandardErrors(point.at) < before / 2)) {
      stalled = true;
      break;
    }
  }
  runaway(family, start, point.theta);
  const score = scoreInStandardErrors(point.at);
  if (!(score < 1e-6) && !(stalled && score < 0.5)) {
    const unbounded = family.unbounded?.(point.theta);
    if (unbounded !== undefined) throw new FitError(`${family.name}: ${unbounded}`);
    throw new FitError(
      `${family.name}: Newton's method on the database's sums did not converge (${score.toExponential(2)} standard errors away after ${iterations} iterations)`,
    );
  }
  const passes =
    likelihood.kind === "statistics"
      ? "one query of sufficient statistics"
      : `${likelihood.queries()} aggregate queries`;
  return {
    params: point.theta,
    method: `Newton's method on sums computed by ${rows.engine} (${iterations} iterations, ${passes})`,
    logLik: point.at.logLik,
    relativeGradient: score,
  };
}

/**
 * The fit of remote rows. Under --epochs auto: no minibatch epoch (each would scan every row,
 * and one epoch leaves SGD thousands of standard errors from the optimum at n = 1e8, where
 * the engine sample's MLE starts about sqrt(n / m) away): the full-batch steps of the stopping
 * rule from that start, Newton's steps on the database's sums. They are the exact MLE's first
 * steps, so they cost no query of their own. Under --epochs N: N minibatch epochs of SGD, each
 * one scan in the engine's order (no shuffle: stated in the report), minibatches of
 * --batch-size carried across the engine's chunks, plain SGD steps clipped as in memory.
 */
export async function pushedFit(
  family: Family,
  rows: RemoteRows,
  settings: PushedSettings,
  now: () => number = () => performance.now(),
  likelihood: RemoteLikelihood = remoteLikelihood(family, rows),
): Promise<{ fit: Fit; likelihood: RemoteLikelihood; exactSeconds: number }> {
  const exactStarted = now();
  const exact = await pushedExactFit(family, rows, likelihood);
  const exactSeconds = (now() - exactStarted) / 1000;
  const fit =
    settings.epochs === "auto"
      ? await ruleSteps(family, rows, likelihood)
      : await streamedSgd(family, rows, settings, settings.epochs, now);
  // A mixture's components in their canonical order (by median) in both estimates.
  const canonical = (params: number[]) => family.canonical?.(params) ?? params;
  return {
    likelihood,
    exactSeconds,
    fit: {
      ...fit,
      params: canonical(fit.params),
      family,
      n: rows.n,
      exact: { ...exact, params: canonical(exact.params) },
    },
  };
}

type RemoteFit = Omit<Fit, "family" | "n" | "exact">;

/** --epochs auto's full-batch steps from the sample's MLE until the stopping rule holds. */
async function ruleSteps(
  family: Family,
  rows: RemoteRows,
  likelihood: RemoteLikelihood,
): Promise<RemoteFit> {
  const start = sampleStart(family, startSample(rows));
  let point: NewtonPoint = { theta: start, at: await likelihood.at(start) };
  let steps = 0;
  let capped = false;
  while (scoreInStandardErrors(point.at) > AUTO_TOLERANCE) {
    if (steps + 1 >= AUTO_CAP) {
      capped = true;
      break;
    }
    const next = await newtonStep(family, rows.n, point, likelihood);
    if (next === undefined) break;
    point = next;
    steps++;
  }
  return {
    params: point.theta,
    start,
    mode: "default",
    coordinates: `no minibatch epoch (each would scan all ${rows.n} rows; --epochs N streams N, one scan each); the steps start at the MLE of ${rows.engine}'s sample of ${rows.sample.length} rows`,
    engine: "compiled",
    steps,
    epochs: "auto",
    epochsRun: steps,
    fullBatchSteps: steps,
    capped,
    sgdSamples: 0,
    sgdSeconds: 0,
  };
}

/** --epochs N: minibatch SGD streaming the rows, one scan per epoch. */
async function streamedSgd(
  family: Family,
  rows: RemoteRows,
  settings: PushedSettings,
  epochs: number,
  now: () => number,
): Promise<RemoteFit> {
  const dataStart = settings.literal
    ? family.params.map(() => 1)
    : startOf(family, startSample(rows));
  const start = dataStart.map((v, j) => settings.init?.[family.params[j] as string] ?? v);
  // SGD's units are per-row curvatures: the sample's, in memory, cost no pass.
  const units = () =>
    unitsAt(
      family,
      start,
      likelihoodEvaluator(family, "compiled")(rows.sample, start),
      rows.sample.length,
      rows.sample,
    );
  const parametrization: Parametrization = settings.literal
    ? literalParametrization
    : (family.sgdParametrization?.(start, rows.sample, units) ??
      startRelativeParametrization(family.constraints, start, units()));
  const objective = makeObjective(
    {
      paramCount: family.params.length,
      prepare: (theta: readonly Value[]) => parametrization.natural(theta),
      logProb: family.logProb,
    },
    "compiled",
  );
  const theta = Float64Array.from(parametrization.theta(start));
  const grad = new Float64Array(theta.length);
  // A support that moves (the GEV's): a step that leaves a row outside is taken back by halves,
  // as in memory; the smallest and largest rows stand for all.
  const holds = supportHoldsFor(family, rows);
  const moving = holds !== undefined;
  const previous = new Float64Array(theta.length);
  const feasible = (at: Float64Array) => holds?.(naturalValues(parametrization, at)) ?? true;
  const batch = new Float64Array(settings.batchSize);
  const clip = parametrization.name === "default";
  let filled = 0;
  let steps = 0;
  const step = (source: Float64Array, first: number, end: number) => {
    objective(theta, source, first, end, grad);
    if (moving) previous.set(theta);
    let squared = 0;
    for (const g of grad) squared += g * g;
    const scale =
      clip && settings.lr * settings.lr * squared > MAX_STEP * MAX_STEP
        ? MAX_STEP / (settings.lr * Math.sqrt(squared))
        : 1;
    for (let j = 0; j < theta.length; j++) {
      theta[j] = (theta[j] as number) - settings.lr * scale * (grad[j] as number);
      if (!Number.isFinite(theta[j])) {
        throw new FitError(
          `the fit diverged at step ${steps + 1}: try a smaller --lr (now ${settings.lr})`,
        );
      }
    }
    if (moving) retreatIntoSupport(theta, previous, feasible);
    steps++;
  };
  const sgdStarted = now();
  for (let epoch = 0; epoch < epochs; epoch++) {
    await rows.stream((values) => {
      let i = 0;
      // A batch begun in the last chunk is finished first; then whole batches are read in place.
      while (filled > 0 && i < values.length) {
        batch[filled++] = values[i++] as number;
        if (filled === batch.length) {
          step(batch, 0, filled);
          filled = 0;
        }
      }
      for (; i + batch.length <= values.length; i += batch.length)
        step(values, i, i + batch.length);
      for (; i < values.length; i++) batch[filled++] = values[i] as number;
    });
    if (filled > 0) step(batch, 0, filled);
    filled = 0;
  }
  const sgdSeconds = (now() - sgdStarted) / 1000;
  return {
    params: parametrization.natural(Array.from(theta, (v) => new Value(v))).map((v) => v.data),
    start,
    mode: parametrization.name,
    coordinates: `${parametrization.describe}; each epoch one scan of the rows in ${rows.engine}'s order (not shuffled)`,
    engine: "compiled",
    steps,
    epochs,
    epochsRun: epochs,
    fullBatchSteps: 0,
    capped: false,
    sgdSamples: epochs * rows.n,
    sgdSeconds,
  };
}
