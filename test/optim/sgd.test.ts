import { describe, expect, it } from "vitest";
import { Value } from "../../src/engine/value.js";
import { Sgd } from "../../src/optim/sgd.js";

describe("Sgd", () => {
  it("steps each parameter by -lr × grad and zeroes gradients", () => {
    const a = new Value(1);
    const b = new Value(-2);
    const optimizer = new Sgd([a, b], 0.1);
    a.mul(b).add(b.square()).backward(); // ∂/∂a = b = -2, ∂/∂b = a + 2b = -3
    optimizer.step();
    expect(a.data).toBe(1 - 0.1 * -2);
    expect(b.data).toBe(-2 - 0.1 * -3);
    optimizer.zeroGrad();
    expect([a.grad, b.grad]).toEqual([0, 0]);
  });

  it("minimizes a quadratic: (x - 3)² from 0 converges to 3", () => {
    const x = new Value(0);
    const optimizer = new Sgd([x], 0.1);
    for (let i = 0; i < 200; i++) {
      optimizer.zeroGrad();
      x.sub(3).square().backward();
      optimizer.step();
    }
    expect(Math.abs(x.data - 3)).toBeLessThan(1e-12);
  });
});
