import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalLogProb } from "../../src/distributions/normal.js";
import { gradientGraph } from "../../src/engine/gradient-graph.js";
import { Value } from "../../src/engine/value.js";
import { centralDifference, expectRelClose } from "../helpers.js";

describe("gradientGraph", () => {
  it("gives the gradient as Values, which differentiate again: x³ → 3x² → 6x", () => {
    const x = new Value(3);
    const [dx] = gradientGraph(x.pow(3), [x]) as [Value];
    expect(dx.data).toBe(27);
    const [dxx] = gradientGraph(dx, [x]) as [Value];
    expect(dxx.data).toBe(18);
  });

  it("equals backward() on every primitive (fast-check, 1e-13)", () => {
    const term = (x: Value, a: Value, b: Value) =>
      Value.sum([
        x.mul(a).exp(),
        x.square().add(b.square()).add(1).log(),
        x.pow(-1).mul(b),
        a.div(b.square().add(2)),
        3,
      ]);
    fc.assert(
      fc.property(
        fc.double({ min: 0.5, max: 3, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -2, max: 2, noNaN: true }),
        (xv, av, bv) => {
          const [x, a, b] = [new Value(xv), new Value(av), new Value(bv)];
          const root = term(x, a, b);
          const symbolic = gradientGraph(root, [x, a, b]).map((g) => g.data);
          root.backward();
          [x, a, b].forEach((leaf, j) => {
            expectRelClose(
              symbolic[j] as number,
              leaf.grad,
              1e-13,
              Math.max(1, Math.abs(leaf.grad)),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the Normal's Hessian: closed form, and central differences of the gradient", () => {
    // -log N(x | μ, σ): ∂²/∂μ² = 1/σ², ∂²/∂μ∂σ = 2(x - μ)/σ³, ∂²/∂σ² = 3(x - μ)²/σ⁴ - 1/σ².
    for (const [xv, mu, sigma] of [
      [1.5, -0.5, 2],
      [-4, -4, 0.3],
      [100, 3, 7],
    ] as const) {
      const loc = new Value(mu);
      const scale = new Value(sigma);
      const grads = gradientGraph(normalLogProb(xv, loc, scale).neg(), [loc, scale]);
      const hessian = grads.map((g) => gradientGraph(g, [loc, scale]).map((h) => h.data));
      const d = xv - mu;
      const expected = [
        [1 / sigma ** 2, (2 * d) / sigma ** 3],
        [(2 * d) / sigma ** 3, (3 * d * d) / sigma ** 4 - 1 / sigma ** 2],
      ];
      const gradAt = (m: number, s: number, j: number) => {
        const l = new Value(m);
        const c = new Value(s);
        return (gradientGraph(normalLogProb(xv, l, c).neg(), [l, c])[j] as Value).data;
      };
      for (let j = 0; j < 2; j++) {
        for (let k = 0; k < 2; k++) {
          const h = (hessian[j] as number[])[k] as number;
          const e = (expected[j] as number[])[k] as number;
          expectRelClose(h, e, 1e-12, Math.max(Math.abs(e), 1 / sigma ** 2));
          const fd =
            k === 0
              ? centralDifference((m) => gradAt(m, sigma, j), mu, 1e-5 * sigma)
              : centralDifference((s) => gradAt(mu, s, j), sigma, 1e-5 * sigma);
          // Central differences of the gradient: truncation ~ (h/σ)² ≈ 1e-10 relative.
          expectRelClose(h, fd, 1e-6, Math.max(Math.abs(e), 1 / sigma ** 2));
        }
      }
    }
  });

  it("returns the constant 0 for a parameter the root does not use", () => {
    const x = new Value(1);
    const unused = new Value(5);
    const [g] = gradientGraph(x.exp(), [unused]) as [Value];
    expect(g.data).toBe(0);
  });
});
