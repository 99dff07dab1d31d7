import type { Value } from "./value.js";

/**
 * Arithmetic on some representation T of the graph's quantities: numbers, generated source code
 * (the compiler), or new Values (the gradient graph). The chain rule is written once, below, in
 * terms of it.
 */
export interface Algebra<T> {
  /** A node's own value in T. */
  value(node: Value): T;
  constant(x: number): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** a ** k for a constant k. */
  pow(a: T, k: number): T;
}

/**
 * [child, upstream adjoint ↦ the child's share of it] for one node: the local derivatives of each
 * primitive, in the same order of operations as the engine's `propagate` closures, so every
 * implementation rounds alike. An op without a rule is refused.
 */
export function backwardRules<T>(node: Value, algebra: Algebra<T>): [Value, (upstream: T) => T][] {
  const { value, constant, mul, div, pow } = algebra;
  const [c0, c1] = node.children as [Value, Value];
  switch (node.op) {
    case "+":
      return [
        [c0, (g) => g],
        [c1, (g) => g],
      ];
    case "*":
      return [
        [c0, (g) => mul(value(c1), g)],
        [c1, (g) => mul(value(c0), g)],
      ];
    case "**": {
      const k = node.exponent as number;
      return [[c0, (g) => mul(mul(constant(k), pow(value(c0), k - 1)), g)]];
    }
    case "exp":
      return [[c0, (g) => mul(value(node), g)]];
    case "log":
      return [[c0, (g) => div(g, value(c0))]];
    case "sum":
      return node.children.map((child) => [child, (g) => g]);
    default:
      throw new Error(`no derivative rule for op ${JSON.stringify(node.op)}`);
  }
}
