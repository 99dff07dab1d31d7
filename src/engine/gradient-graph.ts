import { type Algebra, backwardRules } from "./chain-rules.js";
import { topologicalOrder, Value } from "./value.js";

const valueAlgebra: Algebra<Value> = {
  value: (node) => node,
  constant: (x) => new Value(x),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  pow: (a, k) => a.pow(k),
  add: (a, b) => a.add(b),
  special: (name, a) => a.special(name),
};

/**
 * ∂root/∂w for each w in `wrt`, as new Values built from engine ops: reverse mode run
 * symbolically, so the gradient is itself a graph the engine can differentiate again (the
 * Hessian) or the compiler can compile. A w that root does not depend on gets the constant 0.
 *
 * @example
 * const x = new Value(3);
 * const [dx] = gradientGraph(x.pow(3), [x]); // dx.data = 27, i.e. 3x²
 * const [dxx] = gradientGraph(dx, [x]); // dxx.data = 18, i.e. 6x
 */
export function gradientGraph(root: Value, wrt: readonly Value[]): Value[] {
  const order = topologicalOrder(root);
  const contributions = new Map<Value, Value[]>([[root, [new Value(1)]]]);
  for (let i = order.length - 1; i >= 0; i--) {
    const node = order[i] as Value;
    const parts = contributions.get(node);
    if (parts === undefined || node.children.length === 0) continue;
    const upstream = total(parts);
    for (const [child, share] of backwardRules(node, valueAlgebra)) {
      contributions.set(child, [...(contributions.get(child) ?? []), share(upstream)]);
    }
  }
  return wrt.map((w) => {
    const parts = contributions.get(w);
    return parts === undefined ? new Value(0) : total(parts);
  });
}

/** A few contributions added in turn: plain adds compile to plain code, unlike a compensated sum. */
function total(parts: Value[]): Value {
  return parts.slice(1).reduce((sum, part) => sum.add(part), parts[0] as Value);
}
