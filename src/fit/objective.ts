import type { CensoredTerms, RowTerm } from "../distributions/censored.js";
import { type BatchKernel, compileBatchKernel, compileTraced } from "../engine/compile.js";
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

/** Censored rows as the SGD's objective reads them (built by the fit from the data's censoring). */
export interface CensoredRows {
  terms: CensoredTerms;
  /** Each row's kind (stats/censoring.ts), or -1 for a row that contributes nothing. */
  kind: Int8Array;
  /** The one number of an exact, left- or right-censored row: the value, or its bound. */
  point: Float64Array;
  /** An interval's bounds at 2i, 2i + 1. */
  pairs: Float64Array;
  /** 1 where an interval takes the upper-tail form (its lower bound above the start's median). */
  above: Uint8Array;
}

/**
 * The batch loss row by row, for frequency weights and censored rows: -Σ w_i t_i(θ), with t_i
 * the row's term (log f, or for a censored row log F, log S or log(F(u) - F(l))). Here the
 * shuffled `values` are row numbers (the SGD shuffles the rows, so that each keeps its weight
 * and bounds), and each row goes through its kind's kernel alone, its loss and gradient
 * multiplied by its weight.
 */
export function makeRowObjective(
  model: LogProbModel,
  engine: EngineName,
  data: Float64Array,
  weights: Float64Array | undefined,
  censored?: CensoredRows,
): Objective {
  const one = makeObjective(model, engine);
  const byKind: RowLoss[] =
    censored === undefined
      ? []
      : [
          rowLoss(model, censored.terms.exact, engine, 1),
          rowLoss(model, censored.terms.left, engine, 1),
          rowLoss(model, censored.terms.right, engine, 1),
          rowLoss(model, censored.terms.below, engine, 2),
          rowLoss(model, censored.terms.above, engine, 2),
        ];
  const rowGrad = new Float64Array(model.paramCount);
  return (theta, rows, first, end, grad) => {
    grad.fill(0);
    let loss = 0;
    for (let k = first; k < end; k++) {
      const row = rows[k] as number;
      const w = weights === undefined ? 1 : (weights[row] as number);
      if (w === 0) continue;
      if (censored === undefined) {
        loss += w * one(theta, data, row, row + 1, rowGrad);
      } else {
        const kind = censored.kind[row] as number;
        if (kind < 0) continue;
        const term = kind === 3 ? 3 + (censored.above[row] as number) : kind;
        const source = kind === 3 ? censored.pairs : censored.point;
        loss += w * (byKind[term] as RowLoss)(theta, source, row, rowGrad);
      }
      for (let j = 0; j < grad.length; j++)
        grad[j] = (grad[j] as number) + w * (rowGrad[j] as number);
    }
    return loss;
  };
}

/** -t(row | θ) and its gradient in θ, for one row read at `row` (pairs: at 2·row, 2·row + 1). */
type RowLoss = (theta: Float64Array, data: Float64Array, row: number, grad: Float64Array) => number;

function rowLoss(model: LogProbModel, term: RowTerm, engine: EngineName, stride: 1 | 2): RowLoss {
  if (engine === "value") {
    return (theta, data, row, grad) => {
      const leaves = Array.from(theta, (t) => new Value(t));
      const bounds = Array.from(
        data.subarray(row * stride, (row + 1) * stride),
        (b) => new Value(b),
      );
      const loss = term(bounds, model.prepare(leaves)).neg();
      loss.backward();
      for (let j = 0; j < leaves.length; j++) grad[j] = (leaves[j] as Value).grad;
      return loss.data;
    };
  }
  const samples = stride === 1 ? [new Value(0)] : [new Value(0), new Value(0)];
  const theta = Array.from({ length: model.paramCount }, () => new Value(0));
  const kernel = compileTraced(
    term(samples, model.prepare(theta)).neg(),
    stride === 1 ? (samples[0] as Value) : (samples as [Value, Value]),
    theta,
    stride === 1 ? "contiguous" : "pairs",
  );
  return (thetaNow, data, row, grad) => kernel(data, null, row, row + 1, thetaNow, grad);
}
