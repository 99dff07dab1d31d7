import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { expectRelClose } from "../helpers.js";
import { fitNormal, generateNormal } from "../normal-fit.js";

/**
 * The seed's script re-implemented plainly: its own Fisher-Yates shuffle, analytic gradients of
 * -Σ log N(x | mu, sigma), plain SGD from mu = sigma = 1. No engine, no shared code with src/fit
 * beyond the uniform stream that both are given.
 */
function seedScript(
  x: Float64Array,
  lr: number,
  batch: number,
  epochs: number,
  uniform: () => number,
) {
  let mu = 1;
  let sigma = 1;
  const idx = Array.from(x, (_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(uniform() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
    for (let i = 0; i < idx.length; i += batch) {
      let gMu = 0;
      let gSigma = 0;
      for (const k of idx.slice(i, i + batch)) {
        const d = (x[k] as number) - mu;
        gMu -= d / sigma ** 2;
        gSigma -= d ** 2 / sigma ** 3 - 1 / sigma;
      }
      mu -= lr * gMu;
      sigma -= lr * gSigma;
    }
  }
  return { mu, sigma };
}

describe("literal mode", () => {
  for (const [n, batch, lr, epochs, seed] of [
    [1000, 10, 0.02, 2, 1],
    [1000, 10, 0.02, 2, 42],
    [997, 7, 0.01, 3, 5],
    [50, 100, 0.005, 4, 9],
  ] as const) {
    for (const engine of ["compiled", "value"] as const) {
      it(`runs the seed's algorithm exactly (n ${n}, batch ${batch}, lr ${lr}, ${epochs} epochs, ${engine} engine): 1e-12`, () => {
        const x = generateNormal(n, -4, 2, uniformStream(seed, "data"));
        const expected = seedScript(x, lr, batch, epochs, uniformStream(seed, "shuffle"));
        const fit = fitNormal(x, {
          literal: true,
          lr,
          batchSize: batch,
          epochs,
          engine,
          uniform: uniformStream(seed, "shuffle"),
        });
        expect(fit.start).toEqual({ loc: 1, scale: 1 });
        expect(fit.steps).toBe(epochs * Math.ceil(n / batch));
        expectRelClose(fit.params.loc, expected.mu, 1e-12);
        expectRelClose(fit.params.scale, expected.sigma, 1e-12);
      });
    }
  }

  it("starts from --init-loc and --init-scale when given", () => {
    const x = generateNormal(100, -4, 2, uniformStream(3, "data"));
    const fit = fitNormal(x, {
      literal: true,
      lr: 0.001,
      batchSize: 10,
      epochs: 1,
      init: { loc: -3, scale: 2.5 },
      uniform: uniformStream(3, "shuffle"),
    });
    expect(fit.start).toEqual({ loc: -3, scale: 2.5 });
  });
});
