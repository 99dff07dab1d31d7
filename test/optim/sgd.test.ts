import { describe, expect, it } from "vitest";
import { Value } from "../../src/engine/value.js";
import { Adam } from "../../src/optim/adam.js";
import { Momentum } from "../../src/optim/momentum.js";
import { learningRate, makeOptimizer, OPTIMIZERS } from "../../src/optim/optimizer.js";
import { Sgd } from "../../src/optim/sgd.js";

describe("optimizers", () => {
  it("sgd steps each parameter by -lr × grad", () => {
    const params = Float64Array.of(1, -2);
    new Sgd().step(params, Float64Array.of(-2, -3), 0.1);
    expect([...params]).toEqual([1 - 0.1 * -2, -2 - 0.1 * -3]);
  });

  it("momentum keeps a velocity: v = 0.9 v + g", () => {
    const params = Float64Array.of(0);
    const m = new Momentum(1);
    m.step(params, Float64Array.of(1), 0.1); // v = 1
    m.step(params, Float64Array.of(1), 0.1); // v = 1.9
    expect(params[0]).toBeCloseTo(-0.29, 14);
  });

  it("adam's first step moves each coordinate by about lr, whatever the gradient's size", () => {
    const params = Float64Array.of(0, 0);
    new Adam(2).step(params, Float64Array.of(1e-6, 1e6), 0.01);
    // m̂ = g and v̂ = g² after one step, so the step is lr · g / (|g| + ε), ε = 1e-8.
    expect(params[0]).toBeCloseTo((-0.01 * 1e-6) / (1e-6 + 1e-8), 15);
    expect(params[1]).toBeCloseTo((-0.01 * 1e6) / (1e6 + 1e-8), 15);
  });

  for (const name of OPTIMIZERS) {
    it(`${name} minimizes (x - 3)² with the engine's gradient`, () => {
      const params = Float64Array.of(0);
      const grads = new Float64Array(1);
      const optimizer = makeOptimizer(name, 1);
      for (let i = 0; i < 2000; i++) {
        const x = new Value(params[0] as number);
        x.sub(3).square().backward();
        grads[0] = x.grad;
        optimizer.step(params, grads, learningRate("inverse", 0.05, i, 100));
      }
      expect(Math.abs((params[0] as number) - 3)).toBeLessThan(1e-6);
    });
  }

  it("decays the inverse schedule as lr / (1 + t / T)", () => {
    expect(learningRate("constant", 0.02, 500, 100)).toBe(0.02);
    expect(learningRate("inverse", 0.02, 0, 100)).toBe(0.02);
    expect(learningRate("inverse", 0.02, 100, 100)).toBe(0.01);
    expect(learningRate("inverse", 0.02, 300, 100)).toBe(0.005);
  });
});
