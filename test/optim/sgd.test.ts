import { describe, expect, it } from "vitest";
import { Value } from "../../src/engine/value.js";
import { Sgd } from "../../src/optim/sgd.js";

describe("Sgd", () => {
  it("steps each parameter by -lr × grad", () => {
    const params = Float64Array.of(1, -2);
    new Sgd(0.1).step(params, Float64Array.of(-2, -3));
    expect([...params]).toEqual([1 - 0.1 * -2, -2 - 0.1 * -3]);
  });

  it("minimizes a quadratic with the engine's gradient: (x - 3)² from 0 converges to 3", () => {
    const params = Float64Array.of(0);
    const grads = new Float64Array(1);
    const optimizer = new Sgd(0.1);
    for (let i = 0; i < 200; i++) {
      const x = new Value(params[0] as number);
      x.sub(3).square().backward();
      grads[0] = x.grad;
      optimizer.step(params, grads);
    }
    expect(Math.abs((params[0] as number) - 3)).toBeLessThan(1e-12);
  });
});
