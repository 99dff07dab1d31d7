import { type BatchKernel, compileBatchKernel } from "../engine/compile.js";
import type { EngineName } from "../engine/engine-name.js";
import { type Operand, Value } from "../engine/value.js";

/**
 * A model's log-probability as engine ops, in two parts: `prepare` maps the optimizer's θ to the
 * distribution's parameters once per batch, `logProb` scores one sample with them.
 */
export interface LogProbModel {
  paramCount: number;
  prepare(theta: readonly Value[]): Value[];
  logProb(x: Operand, prepared: readonly Value[]): Value;
}

/**
 * The batch loss -Σ log p(x | θ) over values[first], …, values[end - 1] (the epoch's shuffled
 * values, read front to back), with its gradient in θ written into `grad`.
 */
export type Objective = (
  theta: Float64Array,
  values: Float64Array,
  first: number,
  end: number,
  grad: Float64Array,
) => number;

export function makeObjective(model: LogProbModel, engine: EngineName): Objective {
  return engine === "compiled" ? compiledObjective(model) : valueObjective(model);
}

/** The reference: a fresh graph of Values per batch, differentiated by `backward`. */
function valueObjective(model: LogProbModel): Objective {
  return (theta, values, first, end, grad) => {
    const leaves = Array.from(theta, (t) => new Value(t));
    const prepared = model.prepare(leaves);
    const terms: Value[] = [];
    for (let k = first; k < end; k++) terms.push(model.logProb(values[k] as number, prepared));
    const loss = Value.sum(terms).neg();
    loss.backward();
    for (let j = 0; j < leaves.length; j++) grad[j] = (leaves[j] as Value).grad;
    return loss.data;
  };
}

/**
 * The same graph traced once and compiled to a kernel: no allocation per sample or per batch. The
 * traced term is the loss itself, -log p, so the kernel writes the loss's gradient directly.
 */
function compiledObjective(model: LogProbModel): Objective {
  const kernel: BatchKernel = compileBatchKernel(
    (x, theta) => model.logProb(x, model.prepare(theta)).neg(),
    model.paramCount,
    "contiguous",
  );
  return (theta, values, first, end, grad) => kernel(values, null, first, end, theta, grad);
}

/**
 * The batch loss with frequency weights, -Σ w_i log p(x_i | θ): here the shuffled `values` are
 * row numbers (the SGD shuffles the rows, so that each value keeps its weight), and each row goes
 * through the kernel alone, its loss and gradient multiplied by its weight.
 */
export function makeWeightedObjective(
  model: LogProbModel,
  engine: EngineName,
  data: Float64Array,
  weights: Float64Array,
): Objective {
  const one = makeObjective(model, engine);
  const rowGrad = new Float64Array(model.paramCount);
  return (theta, rows, first, end, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let k = first; k < end; k++) {
      const row = rows[k] as number;
      const w = weights[row] as number;
      if (w === 0) continue;
      loss += w * one(theta, data, row, row + 1, rowGrad);
      for (let j = 0; j < grad.length; j++)
        grad[j] = (grad[j] as number) + w * (rowGrad[j] as number);
    }
    return loss;
  };
}
