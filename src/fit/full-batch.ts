import type { Family } from "../distributions/family.js";
import type { EngineName } from "../engine/engine-name.js";
import {
  type NewtonPoint,
  newtonIteration,
  scoreEvaluator,
  scoreInStandardErrors,
} from "./newton.js";
import type { FitProgress, StepCallback } from "./sgd-fit.js";

/** --epochs auto stops once the data's own score puts the optimum this many standard errors away. */
export const AUTO_TOLERANCE = 0.05;
/** --epochs auto stops here, converged or not: minibatch epochs and full-batch steps together. */
export const AUTO_CAP = 100;

export interface FullBatchResult {
  params: number[];
  /** Full-batch steps taken (each a pass over the data, and an epoch of --epochs auto). */
  steps: number;
  /** sqrt(g' I⁻¹ g) at `params`: the stopping rule's value. */
  score: number;
  converged: boolean;
  /** Stopped by the cap with the rule unmet. */
  capped?: boolean;
  interrupted?: { epoch: number; step: number };
}

/**
 * The end of --epochs auto: the batch grown to the whole data set. Minibatch noise keeps SGD at a
 * constant rate about sqrt(lr·n/2) standard errors from the optimum whatever the batch size (the
 * loss sums the batch), so only the full batch gets within 0.05; and there the step is
 * preconditioned by the observed information, the natural gradient, which with a full batch is
 * Newton's step (damped where the information is not positive definite, backtracked so the
 * log-likelihood never falls, and doubled while it keeps rising far from the optimum). Before
 * each step the stopping rule, computed from the data alone (never from the exact MLE), is
 * sqrt(g' I⁻¹ g) ≤ AUTO_TOLERANCE at the iterate, or the cap of AUTO_CAP epochs in all.
 *
 * `before` counts the minibatch epochs and steps already run. Yields after each step, and stops
 * there when `shouldStop()` says so.
 */
export function* fullBatchSteps(
  family: Family,
  data: Float64Array,
  engine: EngineName,
  from: readonly number[],
  before: { epochs: number; steps: number },
  onStep?: StepCallback,
  shouldStop?: () => boolean,
): Generator<FitProgress, FullBatchResult> {
  // Where the family gives its expected information, the steps are Fisher scoring.
  const evaluate = scoreEvaluator(family, engine);
  let point: NewtonPoint = { theta: [...from], at: evaluate(data, from) };
  const { kinked } = family;
  if (kinked !== undefined) {
    // A coordinate-ascent step onto the kinked parameter's exact maximum.
    const theta = from.map((v, j) => (j === kinked.param ? kinked.argmax(data, from) : v));
    const at = evaluate(data, theta);
    if (at.logLik >= point.at.logLik) point = { theta, at };
  }
  let score = scoreInStandardErrors(point.at);
  let steps = 0;
  const distance = (p: NewtonPoint) => scoreInStandardErrors(p.at);
  while (score > AUTO_TOLERANCE && before.epochs + steps < AUTO_CAP) {
    const next = newtonIteration(family, data, evaluate, point, { distance, extrapolate: true });
    // No step raises the log-likelihood: the optimum, as far as doubles tell.
    if (next === undefined) break;
    point = next;
    score = scoreInStandardErrors(point.at);
    steps++;
    const epoch = before.epochs + steps;
    onStep?.(epoch, 1, point.theta, -point.at.logLik);
    yield {
      epoch,
      epochs: "auto",
      steps: before.steps + steps,
      totalSteps: before.steps + steps + 1,
      params: point.theta,
    };
    if (shouldStop?.() && score > AUTO_TOLERANCE) {
      return {
        params: point.theta,
        steps,
        score,
        converged: false,
        interrupted: { epoch, step: 1 },
      };
    }
  }
  return {
    params: point.theta,
    steps,
    score,
    converged: score <= AUTO_TOLERANCE,
    capped: score > AUTO_TOLERANCE && before.epochs + steps >= AUTO_CAP,
  };
}
