import { isSpecial, SPECIAL, SPECIAL_DERIVATIVE, type SpecialName } from "./special.js";
import type { Value } from "./value.js";

/**
 * The engine's one table of chain rules. Arithmetic on some representation T of the graph's
 * quantities: numbers (the Value engine's `backward`), generated source code (the compiler), or
 * new Values (the gradient graph). The chain rule is written once, below, in terms of it.
 */
export interface Algebra<T> {
  /** A node's own value in T. */
  value(node: Value): T;
  constant(x: number): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** a ** k for a constant k. */
  pow(a: T, k: number): T;
  add(a: T, b: T): T;
  /** A special function (special.ts) of a. */
  special(name: SpecialName, a: T): T;
}

/**
 * [child, upstream adjoint ↦ the child's share of it] for one node: the local derivatives of each
 * primitive, the same for every algebra, so the Value engine, the compiler and the gradient graph
 * round alike. An op without a rule is refused.
 */
export function backwardRules<T>(node: Value, algebra: Algebra<T>): [Value, (upstream: T) => T][] {
  const { value, constant, mul, div, pow } = algebra;
  const [c0, c1] = node.children as [Value, Value];
  if (isSpecial(node.op)) return [[c0, specialRule(node, algebra)]];
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
      // A negative power's derivative k·a^(k-1) overflows where a is tiny (a^-2 at a = 1e-200)
      // even when the chain rule's product is finite: k·a^k·g / a keeps to the product's size.
      if (k < 0) return [[c0, (g) => div(mul(mul(constant(k), value(node)), g), value(c0))]];
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

/** The chain rule of a special function f: f'(x)·g, with f' another special function (special.ts). */
function specialRule<T>(node: Value, algebra: Algebra<T>): (upstream: T) => T {
  const { value, constant, mul, div, add, special } = algebra;
  const name = node.op as SpecialName;
  const x = node.children[0] as Value;
  const d = SPECIAL_DERIVATIVE[name];
  switch (d) {
    case undefined:
      throw new Error(`no derivative rule for op ${JSON.stringify(name)}`);
    case "log1p'":
      return (g) => div(g, add(constant(1), value(x)));
    case "expm1'":
      // d/da (eᵃ - 1) = eᵃ = the node's value + 1.
      return (g) => mul(add(value(node), constant(1)), g);
    case "sigmoid'":
      return (g) => mul(mul(value(node), special("sigmoid", mul(constant(-1), value(x)))), g);
    case "normalMills'":
      // m' = -m (z + m), m = φ(z)/Φ(z).
      return (g) => mul(mul(constant(-1), mul(value(node), add(value(x), value(node)))), g);
    case "cauchyMills'": {
      // m' = m·(-2z / (1 + z²)) - m², m = f(z)/F(z) of the standard Cauchy.
      const z = value(x);
      const m = value(node);
      const slope = div(mul(constant(-2), z), add(constant(1), mul(z, z)));
      return (g) => mul(add(mul(m, slope), mul(constant(-1), mul(m, m))), g);
    }
    case "invExpm1'":
      // d/da 1/(eᵃ - 1) = -m (1 + m).
      return (g) => mul(mul(constant(-1), mul(value(node), add(constant(1), value(node)))), g);
    case "0":
      return () => constant(0);
    default:
      return (g) => mul(special(d, value(x)), g);
  }
}

/** Plain numbers: what `Value.backward` propagates. */
export const numberAlgebra: Algebra<number> = {
  value: (node) => node.data,
  constant: (x) => x,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, k) => a ** k,
  add: (a, b) => a + b,
  special: (name, a) => SPECIAL[name](a),
};
