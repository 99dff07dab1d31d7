import { Adam } from "./adam.js";
import { Momentum } from "./momentum.js";
import { Sgd } from "./sgd.js";

export type OptimizerName = "sgd" | "momentum" | "adam";
export const OPTIMIZERS: readonly OptimizerName[] = ["sgd", "momentum", "adam"];

export interface Optimizer {
  readonly name: OptimizerName;
  /** One update of `params` in place from `grads`, with this step's learning rate. */
  step(params: Float64Array, grads: Float64Array, lr: number): void;
}

export function makeOptimizer(name: OptimizerName, size: number): Optimizer {
  switch (name) {
    case "sgd":
      return new Sgd();
    case "momentum":
      return new Momentum(size);
    case "adam":
      return new Adam(size);
  }
}

export type ScheduleName = "constant" | "inverse";
export const SCHEDULES: readonly ScheduleName[] = ["constant", "inverse"];

/**
 * The learning rate at step t (from 0): `constant` keeps lr; `inverse` decays it as
 * lr / (1 + t / T), so it halves after T steps and then falls as 1/t: the Robbins-Monro rate,
 * under which SGD converges. The fit takes T as one epoch, or 100 steps if an epoch is shorter.
 */
export function learningRate(
  schedule: ScheduleName,
  lr: number,
  t: number,
  stepsPerEpoch: number,
): number {
  return schedule === "constant" ? lr : lr / (1 + t / stepsPerEpoch);
}
