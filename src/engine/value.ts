import { neumaier } from "../stats/neumaier.js";
import { SPECIAL, type SpecialName, specialDerivative } from "./special.js";

/**
 * A scalar that remembers how it was computed, so the gradient of anything built from it can be
 * found by reverse-mode automatic differentiation (after Karpathy's micrograd).
 *
 * Every operation follows one recipe: coerce the operand with {@link Value.from}, build `out` with its
 * children and an op label, and attach a closure that *accumulates* local derivative × `out.grad`
 * into each child. The primitives are `add`, `mul`, `pow` (constant exponent), `exp`, `log`, the
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
  private propagate: () => void = noop;

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
    const out = new Value(this.data + that.data, [this, that], "+");
    out.propagate = () => {
      this.grad += out.grad;
      that.grad += out.grad;
    };
    return out;
  }

  mul(other: Operand): Value {
    const that = Value.from(other);
    const out = new Value(this.data * that.data, [this, that], "*");
    out.propagate = () => {
      this.grad += that.data * out.grad;
      that.grad += this.data * out.grad;
    };
    return out;
  }

  /** `this ** k` for a constant, finite exponent k. */
  pow(k: number): Value {
    if (!Number.isFinite(k)) throw new RangeError(`pow: the exponent must be finite, got ${k}`);
    const out = new Value(this.data ** k, [this], "**");
    out.exponent = k;
    out.propagate =
      k < 0
        ? // As derivatives.ts: k·a^k·g / a, which does not overflow for tiny a.
          () => {
            this.grad += (k * out.data * out.grad) / this.data;
          }
        : () => {
            this.grad += k * this.data ** (k - 1) * out.grad;
          };
    return out;
  }

  exp(): Value {
    const out = new Value(Math.exp(this.data), [this], "exp");
    out.propagate = () => {
      this.grad += out.data * out.grad;
    };
    return out;
  }

  log(): Value {
    const out = new Value(Math.log(this.data), [this], "log");
    out.propagate = () => {
      this.grad += out.grad / this.data;
    };
    return out;
  }

  /** A special function of this value (special.ts): lgamma, digamma, log1p, softplus, abs, ... */
  special(name: SpecialName): Value {
    const out = new Value(SPECIAL[name](this.data), [this], name);
    out.propagate = () => {
      this.grad += specialDerivative(name, this.data, out.data) * out.grad;
    };
    return out;
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
    const out = new Value(
      neumaier(children, (child) => child.data),
      children,
      "sum",
    );
    out.propagate = () => {
      for (const child of children) child.grad += out.grad;
    };
    return out;
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
    for (let i = order.length - 1; i >= 0; i--) order[i]?.propagate();
  }

  toString(): string {
    return `Value(data=${this.data}, grad=${this.grad})`;
  }
}

function noop(): void {}

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
