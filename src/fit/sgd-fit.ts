import { normalLogProb } from "../distributions/normal.js";
import { Value } from "../engine/value.js";
import { FitError } from "../errors.js";
import { Sgd } from "../optim/sgd.js";
import { naturalValues, type Parametrization } from "./parametrization.js";
import { identityPermutation, shuffleInPlace } from "./shuffle.js";

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
 * The seed's loop: each epoch reshuffles the data, then for each minibatch the loss
 * -Σ log N(x | loc, scale) is built in the engine, differentiated, and stepped by plain SGD. The
 * last batch of an epoch may be short; a batch larger than n is one full batch.
 *
 * Stops with a FitError as soon as the loss or a parameter is not finite.
 */
export function sgdFit(
  data: Float64Array,
  parametrization: Parametrization,
  start: { loc: number; scale: number },
  settings: SgdSettings,
  uniform: () => number,
): SgdFitResult {
  const { lr, batchSize, epochs } = settings;
  const n = data.length;
  const [m0, s0] = parametrization.theta(start.loc, start.scale);
  const theta: [Value, Value] = [new Value(m0), new Value(s0)];
  const optimizer = new Sgd(theta, lr);
  const perm = identityPermutation(n);
  const stepsPerEpoch = Math.ceil(n / batchSize);
  let steps = 0;
  let lastLoss = Number.NaN;
  let current = start;

  // Names the step where the fit went non-finite, with the values, and says what to try.
  const diverged = (what: string, epoch: number, step: number) => {
    const remedy =
      parametrization.name === "literal"
        ? `try a smaller --lr (now ${lr}) or drop --literal, whose raw scale can turn negative`
        : `try a smaller --lr (now ${lr}): the loss sums the batch, so keep lr × batch size (now ${lr * batchSize}) below about 1`;
    return new FitError(
      `the fit diverged at epoch ${epoch}, step ${step} of ${stepsPerEpoch}: ${what} (loc = ${current.loc}, scale = ${current.scale}); ${remedy}`,
    );
  };

  for (let epoch = 1; epoch <= epochs; epoch++) {
    shuffleInPlace(perm, uniform);
    for (let first = 0, step = 1; first < n; first += batchSize, step++) {
      optimizer.zeroGrad();
      const { loc, scale } = parametrization.natural(theta);
      const end = Math.min(first + batchSize, n);
      const terms: Value[] = [];
      for (let i = first; i < end; i++) {
        terms.push(normalLogProb(data[perm[i] as number] as number, loc, scale));
      }
      const loss = Value.sum(terms).neg();
      lastLoss = loss.data;
      if (!Number.isFinite(lastLoss)) throw diverged(`loss = ${lastLoss}`, epoch, step);
      loss.backward();
      optimizer.step();
      steps++;
      current = naturalValues(parametrization, [theta[0].data, theta[1].data]);
      if (!Number.isFinite(current.loc) || !Number.isFinite(current.scale)) {
        throw diverged("a parameter left the finite range", epoch, step);
      }
    }
  }
  return { ...current, steps, lastLoss };
}
