import { neumaier } from "../stats/neumaier.js";
import { backwardRules, numberAlgebra } from "./chain-rules.js";
import { SPECIAL, type SpecialName } from "./special.js";

/**
 * A scalar that remembers how it was computed, so the gradient of anything built from it can be
 * found by reverse-mode automatic differentiation (after Karpathy's micrograd).
 *
 * Every operation follows one recipe: coerce the operand with {@link Value.from} and build `out`
 * with its children and an op label. `backward` then *accumulates* local derivative × `out.grad`
 * into each child, by the one table of chain rules (chain-rules.ts) that the compiler and the
 * gradient graph use too. The primitives are `add`, `mul`, `pow` (constant exponent), `exp`, `log`, the
 * n-ary `Value.sum`, and the special functions of special.ts (`lgamma`, `digamma`, `log1p`,
 * `softplus`, `abs`, ...); everything else is a one-line composition of them.
 *
 * @example
 * const a = new Value(2);
 * const b = new Value(-3);
 * const c = a.mul(b).add(a.exp()); // c = ab + e^a
 * c.backward();
 * a.grad; // b + e^a = -3 + 7.389...
 * b.grad; // a = 2
 */
export type Operand = Value | number;

export class Value {
  data: number;
  grad = 0;
  readonly op: string;
  readonly children: readonly Value[];
  /** The constant exponent of a `**` node; undefined elsewhere. */
  exponent: number | undefined;

  constructor(data: number, children: readonly Value[] = [], op = "") {
    this.data = data;
    this.children = children;
    this.op = op;
  }

  /** The one place a plain number becomes a (constant) Value. */
  static from(x: Operand): Value {
    return x instanceof Value ? x : new Value(x);
  }

  add(other: Operand): Value {
    const that = Value.from(other);
    return new Value(this.data + that.data, [this, that], "+");
  }

  mul(other: Operand): Value {
    const that = Value.from(other);
    return new Value(this.data * that.data, [this, that], "*");
  }

  /** `this ** k` for a constant, finite exponent k. */
  pow(k: number): Value {
    if (!Number.isFinite(k)) throw new RangeError(`pow: the exponent must be finite, got ${k}`);
    const out = new Value(this.data ** k, [this], "**");
    out.exponent = k;
    return out;
  }

  exp(): Value {
    return new Value(Math.exp(this.data), [this], "exp");
  }

  log(): Value {
    return new Value(Math.log(this.data), [this], "log");
  }

  /** A special function of this value (special.ts): lgamma, digamma, log1p, softplus, abs, ... */
  special(name: SpecialName): Value {
    return new Value(SPECIAL[name](this.data), [this], name);
  }

  /** log Γ(this), with digamma as its derivative. */
  lgamma(): Value {
    return this.special("lgamma");
  }

  /** log(1 + this), exact near 0. */
  log1p(): Value {
    return this.special("log1p");
  }

  /** log(1 + e^this), without overflow. */
  softplus(): Value {
    return this.special("softplus");
  }

  abs(): Value {
    return this.special("abs");
  }

  /**
   * The sum of many terms as one node, so a log-likelihood over n samples is one node with n
   * children instead of a chain n deep. The forward sum is compensated (Neumaier), so it does not
   * lose digits when terms of mixed size and sign cancel.
   */
  static sum(terms: readonly Operand[]): Value {
    const children = terms.map(Value.from);
    return new Value(
      neumaier(children, (child) => child.data),
      children,
      "sum",
    );
  }

  neg(): Value {
    return this.mul(-1);
  }

  sub(other: Operand): Value {
    return this.add(Value.from(other).neg());
  }

  div(other: Operand): Value {
    return this.mul(Value.from(other).pow(-1));
  }

  square(): Value {
    return this.pow(2);
  }

  /**
   * Adds d(this)/d(leaf) to the `grad` of every leaf this value depends on, and sets the `grad` of
   * every inner node to d(this)/d(node). As in PyTorch, leaf gradients accumulate (zero them
   * between steps) and inner ones are recomputed, so `backward` may run on several outputs of one
   * graph in turn.
   *
   * The walk is iterative (an explicit stack), so a graph 100,000 nodes deep does not overflow the
   * call stack the way micrograd's recursive topological sort does.
   */
  backward(): void {
    const order = topologicalOrder(this);
    for (const node of order) if (node.children.length > 0) node.grad = 0;
    this.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i] as Value;
      if (node.children.length === 0) continue;
      for (const [child, share] of backwardRules(node, numberAlgebra))
        child.grad += share(node.grad);
    }
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

/** Every node `root` depends on, children before parents, found without recursion. */
export function topologicalOrder(root: Value): Value[] {
  const order: Value[] = [];
  const visited = new Set<Value>();
  const stack: Value[] = [root];
  const childrenDone: boolean[] = [false];
  while (stack.length > 0) {
    const node = stack.pop() as Value;
    const done = childrenDone.pop() as boolean;
    if (done) {
      order.push(node);
      continue;
    }
    if (visited.has(node)) continue;
    visited.add(node);
    stack.push(node);
    childrenDone.push(true);
    for (const child of node.children) {
      if (!visited.has(child)) {
        stack.push(child);
        childrenDone.push(false);
      }
    }
  }
  return order;
}

/**
 * log(e^a + e^b) as engine operations, without overflow: max(a, b) + log(1 + e^-|a - b|), the
 * log by softplus. The max is s·a + (1 - s)·b with s = (sign(a - b) + 1)/2, which is 1 or 0 (1/2
 * where a = b): exactly a or b. As (a + b + |a - b|)/2 it cancelled where one was far larger in
 * size: a = -1.8e21, b = -7.4e79 gave 0, a log-density of 0 (a mixture's component whose Weibull
 * shape had run to 1e77), which Newton's line search took for the best point yet. Its gradient
 * is the softmax of (a, b) (1/2 each where a = b, as sign's derivative is 0).
 */
export function logAddExp(a: Value, b: Value): Value {
  const difference = a.sub(b);
  const s = difference.special("sign").add(1).mul(0.5);
  const max = s.mul(a).add(s.neg().add(1).mul(b));
  return max.add(difference.abs().neg().softplus());
}
