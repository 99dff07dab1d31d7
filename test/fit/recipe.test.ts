import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { fitNormal, generateNormal } from "../normal-fit.js";

/**
 * The README's recipe for a close fit: --optimizer adam --lr 0.02 --schedule inverse --average
 * --epochs 100. On every data set it must bring the SGD estimate within 0.1 standard errors of
 * the exact MLE, for each parameter (standard errors σ/√n and σ/√(2n), at the MLE).
 */
const RECIPE = {
  literal: false,
  optimizer: "adam",
  lr: 0.02,
  schedule: "inverse",
  average: true,
  epochs: 100,
  batchSize: 10,
} as const;

function gapInStandardErrors(data: Float64Array, seed: number): number {
  const fit = fitNormal(data, { ...RECIPE, uniform: uniformStream(seed, "shuffle") });
  const n = data.length;
  return Math.max(
    Math.abs(fit.params.loc - fit.exact.loc) / (fit.exact.scale / Math.sqrt(n)),
    Math.abs(fit.params.scale - fit.exact.scale) / (fit.exact.scale / Math.sqrt(2 * n)),
  );
}

describe("the close-fit recipe", () => {
  for (const [name, set] of Object.entries(reference)) {
    it(`brings ${name} within 0.1 standard errors (seeds 1 to 3)`, () => {
      for (const seed of [1, 2, 3])
        expect(gapInStandardErrors(fixtureColumn(set), seed)).toBeLessThan(0.1);
    });
  }
  for (const n of [10, 100, 1000, 10_000, 100_000, 1_000_000]) {
    it(`brings generated data with n = ${n} within 0.1 standard errors`, () => {
      const data = generateNormal(n, -4, 2, uniformStream(n, "data"));
      const seeds = n <= 10_000 ? [1, 2, 3] : [1];
      for (const seed of seeds) expect(gapInStandardErrors(data, seed)).toBeLessThan(0.1);
    }, 120_000);
  }
});
