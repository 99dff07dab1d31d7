import { naturalValues, type Parametrization } from "../distributions/parametrization.js";
import { FitError } from "../errors.js";
import {
  learningRate,
  makeOptimizer,
  type Optimizer,
  type OptimizerName,
  type ScheduleName,
} from "../optim/optimizer.js";
import type { Objective } from "./objective.js";
import { EpochOrder } from "./shuffle.js";

export interface SgdSettings {
  /** Step size. The loss is the batch's summed negative log-probability, as in the blog post. */
  lr: number;
  batchSize: number;
  epochs: number;
  /** Default "sgd". */
  optimizer?: OptimizerName;
  /** Default "constant". */
  schedule?: ScheduleName;
  /** Polyak-Ruppert: report the average of the iterates over the last half of the steps. */
  average?: boolean;
  /**
   * The caller owns the data array and needs only its values as a multiset after the fit (their
   * order may change): the epochs shuffle it in place, with no copy of n values (below 2^22
   * values; the bucketed shuffle needs a second array anyway).
   */
  reorderData?: boolean;
  /**
   * For a family whose support moves with its parameters (the GEV's, the generalized Pareto's):
   * whether every value is inside it at these parameters (tested at the data's extremes). A step
   * can carry the support past values of batches yet to come; such a step is taken back by
   * halves until it holds them again (at worst, all the way back).
   */
  feasible?: (params: readonly number[]) => boolean;
}

/** Called after every step with the new parameters and the batch's loss before the step. */
export type StepCallback = (
  epoch: number,
  step: number,
  params: readonly number[],
  loss: number,
) => void;

export interface SgdFitResult {
  /** The family's parameters, in its order. */
  params: number[];
  /** Optimizer steps taken: epochs × ceil(n / batch size). */
  steps: number;
  /** The last batch's loss, at the parameters before the last step. */
  lastLoss: number;
  /** Where the fit stopped when it was asked to stop early; undefined when it ran to the end. */
  interrupted?: { epoch: number; step: number };
  /** Samples the loop processed, and its own time: its shuffles and steps, from its first buffer. */
  samples: number;
  seconds: number;
}

/** Where a fit is, at each point it pauses: for a progress bar. */
export interface FitProgress {
  epoch: number;
  /** As asked: a count, or "auto" (until the stopping rule holds). */
  epochs: number | "auto";
  /** Steps taken, and to take in all. */
  steps: number;
  totalSteps: number;
  /** The current parameters, in the family's order. */
  params: number[];
}

/** Samples between the points where a fit can be interrupted (a few milliseconds of work). */
const YIELD_SAMPLES = 1 << 17;

/**
 * A fit's generator driven to its end, giving the event loop a turn at every yield (a few
 * milliseconds apart) so that Ctrl-C is heard, and reporting each pause's progress.
 */
export async function runWithPauses<T>(
  steps: Generator<FitProgress, T>,
  onProgress?: (progress: FitProgress) => void,
): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    onProgress?.(next.value);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** A generator's return value, driving it through every yield without pause. */
export function runToEnd<T>(steps: Generator<FitProgress, T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The longest step, in the SGD coordinates' units (about one per-value standard error, or the
 * data's spread): a batch whose gradient asks for more is scaled down to this length. Ordinary
 * batches never reach it (a batch of 10 at lr 0.02 steps about 0.1); a batch holding an outlier
 * (one 1e12 among values near 10) would otherwise throw the estimate across the real line.
 */
export const MAX_STEP = 1;

/** Halvings of a step that left the support before it is taken back whole. */
const MAX_RETREATS = 60;

/**
 * Takes a step back by halves, from `previous` (where every value was inside the support), until
 * `feasible` holds of θ again: all the way back after MAX_RETREATS. θ is in SGD's coordinates;
 * `feasible` reads them.
 */
export function retreatIntoSupport(
  theta: Float64Array,
  previous: Float64Array,
  feasible: (theta: Float64Array) => boolean,
): void {
  for (let r = 0; r < MAX_RETREATS; r++) {
    if (feasible(theta)) return;
    for (let j = 0; j < theta.length; j++) {
      theta[j] = ((theta[j] as number) + (previous[j] as number)) / 2;
    }
  }
  theta.set(previous);
}

/**
 * The blog post's loop: each epoch reshuffles a permutation of the data, then for each minibatch the
 * objective gives the loss -Σ log N(x | loc, scale) and its gradient, and the optimizer steps,
 * with the schedule's learning rate. The last batch of an epoch may be short; a batch larger than
 * n is one full batch. In default mode a step longer than MAX_STEP is shortened to it (literal
 * mode is the post's loop exactly, unclipped).
 *
 * A generator: it yields every 131,072 samples, so a caller can give the event loop a turn (to
 * hear Ctrl-C), and stops there with the estimate so far when `shouldStop()` says so. Stops with
 * a FitError as soon as the loss or a parameter is not finite.
 */
export function* sgdSteps(
  data: Float64Array,
  objective: Objective,
  parametrization: Parametrization,
  /** The family's parameter names, for messages. */
  names: readonly string[],
  start: readonly number[],
  settings: SgdSettings,
  uniform: () => number,
  onStep?: StepCallback,
  shouldStop?: () => boolean,
  /** The clock of the loop's own time, in milliseconds. */
  now: () => number = () => performance.now(),
): Generator<FitProgress, SgdFitResult> {
  const started = now();
  const timed = (result: Omit<SgdFitResult, "seconds">): SgdFitResult => ({
    ...result,
    seconds: (now() - started) / 1000,
  });
  const run = new MinibatchRun(data, objective, parametrization, names, start, settings, uniform);
  run.onStep = onStep;
  const { epochs } = settings;
  while (run.epoch <= epochs) {
    run.advance(YIELD_SAMPLES);
    if (run.epoch > epochs) break;
    yield {
      epoch: run.epoch,
      epochs,
      steps: run.steps,
      totalSteps: run.totalSteps,
      params: run.current(),
    };
    if (shouldStop?.()) {
      return timed(run.result({ epoch: run.lastEpoch, step: run.lastStep }));
    }
  }
  return timed(run.result());
}

/**
 * The state of a minibatch SGD run, advanced a slice at a time by a plain method (`advance`):
 * the hot loop stays out of the generator, which V8 optimizes less well, and allocates nothing.
 */
class MinibatchRun {
  readonly theta: Float64Array;
  private readonly grad: Float64Array;
  private readonly optimizer: Optimizer;
  private readonly order: EpochOrder<Float64Array>;
  private values: Float64Array | undefined;
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  private readonly decaySteps: number;
  private readonly averageFrom: number;
  private readonly average: Float64Array;
  private readonly clip: boolean;
  onStep: StepCallback | undefined;
  /** The epoch under way (from 1), and its next step (from 1). */
  epoch = 1;
  step = 1;
  steps = 0;
  samples = 0;
  lastLoss = Number.NaN;
  /** The epoch and step of the last step taken. */
  lastEpoch = 1;
  lastStep = 0;

  private readonly n: number;
  /** θ before the last step, inside the support (settings.feasible). */
  private readonly previous: Float64Array | undefined;

  constructor(
    data: Float64Array,
    private readonly objective: Objective,
    private readonly parametrization: Parametrization,
    private readonly names: readonly string[],
    start: readonly number[],
    private readonly settings: SgdSettings,
    private readonly uniform: () => number,
  ) {
    this.theta = Float64Array.from(parametrization.theta(start));
    this.grad = new Float64Array(this.theta.length);
    this.previous = settings.feasible ? Float64Array.from(this.theta) : undefined;
    this.optimizer = makeOptimizer(settings.optimizer ?? "sgd", this.theta.length);
    this.n = data.length;
    this.order = new EpochOrder(data, { inPlace: settings.reorderData === true });
    this.stepsPerEpoch = Math.ceil(this.n / settings.batchSize);
    // The inverse schedule halves the rate after one epoch, but after no fewer than 100 steps, so
    // a small data set, whose epoch is a step or two, moves before its rate decays.
    this.decaySteps = Math.max(this.stepsPerEpoch, 100);
    this.totalSteps = settings.epochs * this.stepsPerEpoch;
    this.averageFrom = settings.average ? Math.floor(this.totalSteps / 2) : this.totalSteps;
    this.average = new Float64Array(this.theta.length);
    this.clip = parametrization.name === "default";
  }

  current(): number[] {
    return naturalValues(this.parametrization, this.theta);
  }

  /** Runs steps until about `samples` samples are processed or the last epoch ends. */
  advance(samples: number): void {
    const { n, theta, grad, objective, optimizer, settings, clip, averageFrom } = this;
    const { lr, batchSize, epochs } = settings;
    const schedule = settings.schedule ?? "constant";
    const constant = schedule === "constant";
    // Plain SGD: the clip, the step and the finiteness check in one loop over θ.
    const plain = optimizer.name === "sgd";
    let done = 0;
    while (done < samples && this.epoch <= epochs) {
      if (this.step === 1) this.values = this.order.next(this.uniform);
      const values = this.values as Float64Array;
      // The hot loop keeps its counters in locals and writes them back when it leaves.
      let first = (this.step - 1) * batchSize;
      let steps = this.steps;
      let step = this.step;
      let loss = Number.NaN;
      const from = first;
      while (first < n && done + (first - from) < samples) {
        const end = Math.min(first + batchSize, n);
        loss = objective(theta, values, first, end, grad);
        if (!Number.isFinite(loss)) {
          this.steps = steps;
          this.step = step;
          throw this.diverged(`loss = ${loss}`);
        }
        if (this.previous !== undefined) this.previous.set(theta);
        const rate = constant ? lr : learningRate(schedule, lr, steps, this.decaySteps);
        const finite = plain
          ? plainStep(theta, grad, rate, clip)
          : optimizerStep(optimizer, theta, grad, rate, clip);
        if (!finite) {
          this.steps = steps;
          this.step = step;
          throw this.diverged("a parameter left the finite range");
        }
        if (this.previous !== undefined) this.keepFeasible(this.previous);
        steps++;
        if (steps > averageFrom) {
          this.steps = steps;
          this.accumulateAverage();
        }
        if (this.onStep !== undefined) this.onStep(this.epoch, step, this.current(), loss);
        first = end;
        step++;
      }
      done += first - from;
      this.samples += first - from;
      this.steps = steps;
      this.lastLoss = loss;
      this.lastEpoch = this.epoch;
      this.lastStep = step - 1;
      if (first === n) {
        this.epoch++;
        this.step = 1;
      } else this.step = step;
    }
  }

  /**
   * Takes the last step back by halves, from `previous` (where every value was inside the
   * support), until every value is inside it again: all the way back after MAX_RETREATS.
   */
  private keepFeasible(previous: Float64Array): void {
    const { parametrization } = this;
    const feasible = this.settings.feasible as (params: readonly number[]) => boolean;
    retreatIntoSupport(this.theta, previous, (theta) =>
      feasible(naturalValues(parametrization, theta)),
    );
  }

  /** Running mean of the iterates since averageFrom. */
  private accumulateAverage(): void {
    const { theta, average } = this;
    const weight = 1 / (this.steps - this.averageFrom);
    for (let j = 0; j < theta.length; j++) {
      average[j] =
        (average[j] as number) + ((theta[j] as number) - (average[j] as number)) * weight;
    }
  }

  result(interrupted?: { epoch: number; step: number }): Omit<SgdFitResult, "seconds"> {
    const averaged = this.settings.average && this.steps > this.averageFrom;
    const params = naturalValues(this.parametrization, averaged ? this.average : this.theta);
    if (!allFinite(params)) throw this.diverged("a parameter left the finite range");
    return {
      params,
      steps: this.steps,
      lastLoss: this.lastLoss,
      samples: this.samples,
      ...(interrupted ? { interrupted } : {}),
    };
  }

  /** Names the step where the fit went non-finite, with the values, and says what to try. */
  private diverged(what: string): FitError {
    const { lr, batchSize } = this.settings;
    const values = this.current()
      .map((v, j) => `${this.names[j]} = ${v}`)
      .join(", ");
    const { names } = this;
    const remedy =
      this.parametrization.name === "literal"
        ? `try a smaller --lr (now ${lr}) or drop --literal, ${names[0] === "loc" && names[1] === "scale" ? "whose raw scale can turn negative" : "whose raw parameters can leave their range"}`
        : `try a smaller --lr (now ${lr}): the loss sums the batch, so keep lr × batch size (now ${lr * batchSize}) below about 1`;
    const [epoch, step] =
      this.epoch > this.settings.epochs ? [this.lastEpoch, this.lastStep] : [this.epoch, this.step];
    return new FitError(
      `the fit diverged at epoch ${epoch}, step ${step} of ${this.stepsPerEpoch}: ${what} (${values}); ${remedy}`,
    );
  }
}

/**
 * θ ← θ - rate·g for plain SGD, with g shortened first (when `clip`) so the step is at most
 * MAX_STEP long; true when every entry of θ is still finite. One pass over θ for the update and
 * the check: this runs after every batch.
 */
function plainStep(theta: Float64Array, grad: Float64Array, rate: number, clip: boolean): boolean {
  // As clipStep, then Sgd.step: the same operations in the same order, so the same bits.
  let shrink = 1;
  if (clip) {
    let squared = 0;
    for (let j = 0; j < grad.length; j++) squared += (grad[j] as number) * (grad[j] as number);
    if (rate * rate * squared > MAX_STEP * MAX_STEP)
      shrink = MAX_STEP / (rate * Math.sqrt(squared));
  }
  let finite = true;
  for (let j = 0; j < theta.length; j++) {
    const g = shrink === 1 ? (grad[j] as number) : (grad[j] as number) * shrink;
    const next = (theta[j] as number) - rate * g;
    theta[j] = next;
    finite &&= Number.isFinite(next);
  }
  return finite;
}

/** Any other optimizer's step, after the clip; true when θ is still finite. */
function optimizerStep(
  optimizer: Optimizer,
  theta: Float64Array,
  grad: Float64Array,
  rate: number,
  clip: boolean,
): boolean {
  if (clip) clipStep(grad, rate);
  optimizer.step(theta, grad, rate);
  return allFinite(theta);
}

/** Scales the gradient down so that a plain SGD step at `rate` is at most MAX_STEP long. */
function clipStep(grad: Float64Array, rate: number): void {
  let squared = 0;
  for (let j = 0; j < grad.length; j++) squared += (grad[j] as number) * (grad[j] as number);
  // Compared squared: the square root is taken only for the rare step that is shortened.
  if (rate * rate * squared > MAX_STEP * MAX_STEP) {
    const shrink = MAX_STEP / (rate * Math.sqrt(squared));
    for (let j = 0; j < grad.length; j++) grad[j] = (grad[j] as number) * shrink;
  }
}

/**
 * Every entry finite. A plain loop: it runs after every step, and TypedArray.every with a
 * callback cost about 70 ns a call here (0.14 s of a 1e7-sample, two-epoch fit).
 */
function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
