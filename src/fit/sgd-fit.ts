import { FitError } from "../errors.js";
import { Sgd } from "../optim/sgd.js";
import type { Objective } from "./objective.js";
import { naturalValues, type Parametrization } from "./parametrization.js";
import { EpochOrder } from "./shuffle.js";

export interface SgdSettings {
  /** Step size. The loss is the batch's summed negative log-probability, as in the seed. */
  lr: number;
  batchSize: number;
  epochs: number;
}

export interface SgdFitResult {
  loc: number;
  scale: number;
  /** Optimizer steps taken: epochs × ceil(n / batch size). */
  steps: number;
  /** The last batch's loss, at the parameters before the last step. */
  lastLoss: number;
}

/**
 * The seed's loop: each epoch reshuffles a permutation of the data, then for each minibatch the
 * objective gives the loss -Σ log N(x | loc, scale) and its gradient, and plain SGD steps. The
 * last batch of an epoch may be short; a batch larger than n is one full batch.
 *
 * Stops with a FitError as soon as the loss or a parameter is not finite.
 */
export function sgdFit(
  n: number,
  objective: Objective,
  parametrization: Parametrization,
  start: { loc: number; scale: number },
  settings: SgdSettings,
  uniform: () => number,
): SgdFitResult {
  const { lr, batchSize, epochs } = settings;
  const theta = Float64Array.from(parametrization.theta(start.loc, start.scale));
  const grad = new Float64Array(theta.length);
  const optimizer = new Sgd(lr);
  const order = new EpochOrder(n);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  let steps = 0;
  let lastLoss = Number.NaN;

  // Names the step where the fit went non-finite, with the values, and says what to try.
  const diverged = (what: string, epoch: number, step: number, at: Float64Array) => {
    const { loc, scale } = naturalValues(parametrization, [at[0] as number, at[1] as number]);
    const remedy =
      parametrization.name === "literal"
        ? `try a smaller --lr (now ${lr}) or drop --literal, whose raw scale can turn negative`
        : `try a smaller --lr (now ${lr}): the loss sums the batch, so keep lr × batch size (now ${lr * batchSize}) below about 1`;
    return new FitError(
      `the fit diverged at epoch ${epoch}, step ${step} of ${stepsPerEpoch}: ${what} (loc = ${loc}, scale = ${scale}); ${remedy}`,
    );
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    const perm = order.next(uniform);
    for (let first = 0, step = 1; first < n; first += batchSize, step++) {
      lastLoss = objective(theta, perm, first, Math.min(first + batchSize, n), grad);
      if (!Number.isFinite(lastLoss)) throw diverged(`loss = ${lastLoss}`, epoch, step, theta);
      optimizer.step(theta, grad);
      steps++;
      if (!Number.isFinite(theta[0] as number) || !Number.isFinite(theta[1] as number)) {
        throw diverged("a parameter left the finite range", epoch, step, theta);
      }
    }
  }
  const result = naturalValues(parametrization, [theta[0] as number, theta[1] as number]);
  if (!Number.isFinite(result.loc) || !Number.isFinite(result.scale)) {
    throw diverged("a parameter left the finite range", epochs, stepsPerEpoch, theta);
  }
  return { ...result, steps, lastLoss };
}
