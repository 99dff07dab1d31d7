import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { normal } from "../../src/distributions/normal.js";
import { infer } from "../../src/inference/infer.js";
import { wald } from "../../src/inference/wald.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import { invert } from "../../src/linalg/linear-algebra.js";
import { normalMle } from "../../src/stats/moments.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";
import { fitNormal, generateNormal } from "../normal-fit.js";

const engines = ["compiled", "value"] as const;

describe("log-likelihood and observed information", () => {
  for (const engine of engines) {
    for (const [name, set] of Object.entries(reference)) {
      it(`${name}, ${engine} engine: log-likelihood, AIC and BIC equal R's to 1e-9 at the exact MLE`, () => {
        const data = fixtureColumn(set);
        const fit = fitNormal(data, {
          literal: false,
          lr: 0.02,
          batchSize: 10,
          epochs: 2,
          engine,
          uniform: uniformStream(1, "shuffle"),
        });
        const inference = infer(data, fit.fit, { level: 0.95, engine });
        const r = set.fits.norm as typeof set.fits.norm & {
          aic: number;
          bic: number;
          sd: { mean: number; sd: number };
        };
        expectRelClose(inference.exact.logLik, r.loglik, 1e-9);
        expectRelClose(inference.exact.aic, r.aic, 1e-9);
        expectRelClose(inference.exact.bic, r.bic, 1e-9);
        // Exact standard errors at the MLE: σ/√n and σ/√(2n), to 1e-9.
        const se = inference.exact.wald?.se as number[];
        expectRelClose(se[0] as number, fit.exact.scale / Math.sqrt(set.n), 1e-9);
        expectRelClose(se[1] as number, fit.exact.scale / Math.sqrt(2 * set.n), 1e-9);
        // R's come from a finite-difference Hessian, within about 3e-5 of these.
        expectRelClose(se[0] as number, r.sd.mean, 1e-4);
        expectRelClose(se[1] as number, r.sd.sd, 1e-4);
        expect(Math.abs(inference.exact.wald?.correlations[0]?.[1] as number)).toBeLessThan(1e-9);
      });
    }
  }

  it("gives the closed-form Hessian away from the MLE, both engines alike", () => {
    const data = generateNormal(500, 1, 3, uniformStream(2, "data"));
    const [mu, sigma] = [0.7, 2.6];
    let s1 = 0;
    let s2 = 0;
    for (const x of data) {
      s1 += x - mu;
      s2 += (x - mu) ** 2;
    }
    const n = data.length;
    const expected = [
      [n / sigma ** 2, (2 * s1) / sigma ** 3],
      [(2 * s1) / sigma ** 3, (3 * s2) / sigma ** 4 - n / sigma ** 2],
    ];
    for (const engine of engines) {
      const { hessian, logLik } = likelihoodEvaluator(normal, engine)(data, [mu, sigma]);
      const closedLogLik =
        -n * Math.log(sigma) - (n / 2) * Math.log(2 * Math.PI) - s2 / (2 * sigma ** 2);
      expectRelClose(logLik, closedLogLik, 1e-12);
      for (let j = 0; j < 2; j++) {
        for (let k = 0; k < 2; k++) {
          const e = (expected[j] as number[])[k] as number;
          // Relative to the diagonal's size: the off-diagonal is a sum that nearly cancels.
          expectRelClose((hessian[j] as number[])[k] as number, e, 1e-10, n / sigma ** 2);
        }
      }
    }
  });
});

describe("wald", () => {
  it("inverts the information: σ/√n and σ/√(2n) at the Normal's MLE, and a 95% interval of ±1.96 se", () => {
    const result = wald(
      [-4, 2],
      [
        [25, 0],
        [0, 50],
      ],
      0.95,
    );
    expect(result?.se[0]).toBeCloseTo(0.2, 15);
    expect(result?.se[1]).toBeCloseTo(Math.sqrt(1 / 50), 15);
    expect(result?.ci[0]?.[0]).toBeCloseTo(-4 - 1.959963984540054 * 0.2, 12);
    expect(result?.correlations[0]?.[1]).toBe(0);
  });

  it("gives a correlation from an off-diagonal, and nothing for an indefinite matrix", () => {
    const result = wald(
      [0, 1],
      [
        [2, 1],
        [1, 2],
      ],
      0.9,
    );
    expect(result?.correlations[0]?.[1]).toBeCloseTo(-0.5, 14);
    expect(
      wald(
        [0, 1],
        [
          [1, 2],
          [2, 1],
        ],
        0.95,
      ),
    ).toBeUndefined();
    expect(
      wald(
        [0, 1],
        [
          [0, 0],
          [0, 1],
        ],
        0.95,
      ),
    ).toBeUndefined();
  });

  it("inverts small matrices", () => {
    const inverse = invert([
      [4, 7, 2],
      [3, 6, 1],
      [2, 5, 3],
    ]) as number[][];
    // numpy.linalg.inv of the same matrix.
    const expected = [
      [1.4444444444444444, -1.2222222222222223, -0.5555555555555556],
      [-0.7777777777777778, 0.8888888888888888, 0.2222222222222222],
      [0.3333333333333333, -0.6666666666666666, 0.3333333333333333],
    ];
    inverse.forEach((row, j) => {
      row.forEach((v, k) => {
        expect(v).toBeCloseTo((expected[j] as number[])[k] as number, 13);
      });
    });
  });
});

describe("coverage", () => {
  it("the 95% Wald interval for loc covers the true loc in 95% ± 1.5% of 2000 seeded fits (n = 200)", () => {
    let covered = 0;
    const fits = 2000;
    for (let seed = 1; seed <= fits; seed++) {
      const data = generateNormal(200, -4, 2, uniformStream(seed, "data"));
      const { loc, scale } = normalMle(data);
      const { hessian } = likelihoodEvaluator(normal, "compiled")(data, [loc, scale]);
      const interval = wald([loc, scale], hessian, 0.95);
      if (interval === undefined) throw new Error("no Wald interval at the MLE");
      const [lo, hi] = interval.ci[0] as [number, number];
      if (lo <= -4 && -4 <= hi) covered++;
    }
    expect(Math.abs(covered / fits - 0.95)).toBeLessThanOrEqual(0.015);
  });
});
