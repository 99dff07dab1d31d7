import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import type { Family } from "../../src/distributions/family.js";
import { fixParameters } from "../../src/distributions/fixed.js";
import { FAMILIES, familyByName } from "../../src/distributions/index.js";
import { exactFit } from "../../src/fit/exact.js";
import { wald } from "../../src/inference/wald.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";
import { bound, yardsticks } from "./held-errors.js";

type RFit = { estimate: Record<string, number>; loglik: number; aic: number; bic: number };
const R_NAMES: Record<string, string> = {
  norm: "normal",
  lnorm: "lognormal",
  exp: "exponential",
  gamma: "gamma",
  weibull: "weibull",
};

const family = (name: string) => familyByName(name) as Family;

describe("exact MLE against R's fitdistrplus (../shared/data/reference.json)", () => {
  for (const [setName, set] of Object.entries(reference)) {
    const data = fixtureColumn(set);
    const fits = set.fits as unknown as Record<string, RFit>;
    for (const [rName, r] of Object.entries(fits)) {
      const f = family(R_NAMES[rName] as string);
      const ours = exactFit(f, data);
      const k = f.params.length;
      it(`${setName}, ${rName}: log-likelihood, AIC and BIC`, () => {
        if (rName === "gamma" || rName === "weibull") {
          // R's Nelder-Mead stops early: our optimum is at least R's, and its gradient vanishes.
          expect(ours.logLik).toBeGreaterThanOrEqual(r.loglik);
          expect(ours.logLik - r.loglik).toBeLessThan(1e-4);
          expect(ours.relativeGradient).toBeLessThan(1e-8);
        } else {
          expectRelClose(ours.logLik, r.loglik, 1e-9);
        }
        expectRelClose(
          2 * k - 2 * ours.logLik,
          r.aic,
          rName === "gamma" || rName === "weibull" ? 1e-6 : 1e-9,
        );
        expectRelClose(
          k * Math.log(data.length) - 2 * ours.logLik,
          r.bic,
          rName === "gamma" || rName === "weibull" ? 1e-6 : 1e-9,
        );
      });
      it(`${setName}, ${rName}: estimates`, () => {
        const names = Object.keys(r.estimate);
        names.forEach((name, j) => {
          const rValue = r.estimate[name] as number;
          const value = ours.params[j] as number;
          if (rName === "norm" || rName === "lnorm") expectRelClose(value, rValue, 1e-9);
          // R fits exp numerically (rate = 1/mean in closed form): within its optimizer's 1e-7.
          else if (rName === "exp") expectRelClose(value, rValue, 1e-7);
          // Nelder-Mead's estimates sit up to 1e-3 from the optimum.
          else expectRelClose(value, rValue, 1e-3);
        });
      });
    }
  }

  it("rivers, exp: R's optimizer failed; the closed form fits, with a vanishing gradient", () => {
    const rivers = fixtureColumn(reference.rivers as (typeof reference)[string]);
    const fit = exactFit(family("exponential"), rivers);
    let sum = 0;
    for (const x of rivers) sum += x;
    expectRelClose(fit.params[0] as number, rivers.length / sum, 1e-15);
    expect(fit.relativeGradient).toBeLessThan(1e-12);
  });
});

describe("Newton's method", () => {
  it("finds the closed form where there is one (lognormal, exponential, poisson, normal)", () => {
    const data = Float64Array.from(
      { length: 500 },
      family("gamma").sampler([3, 2], uniformStream(1, "d")),
    );
    const counts = Float64Array.from(
      { length: 500 },
      family("poisson").sampler([4.2], uniformStream(2, "d")),
    );
    for (const [name, values] of [
      ["lognormal", data],
      ["exponential", data],
      ["normal", data],
      ["poisson", counts],
    ] as const) {
      const f = family(name);
      const closed = exactFit(f, values);
      const newton = exactFit({ ...f, closedForm: undefined } as Family, values);
      expect(newton.method).toMatch(/^Newton/);
      closed.params.forEach((p, j) => {
        expectRelClose(newton.params[j] as number, p, 1e-9);
      });
    }
  });

  it("leaves a relative gradient under 1e-8 for every family without a closed form", () => {
    for (const f of FAMILIES.filter((g) => g.closedForm === undefined)) {
      const settings: Record<string, number[]> = {
        gamma: [2, 0.5],
        weibull: [1.5, 3],
        logistic: [1, 2],
        cauchy: [1, 2],
        "student-t": [1, 2, 4],
        negbin: [2, 5],
        gumbel: [1, 2],
        "log-logistic": [3, 2],
        beta: [2, 5],
        zip: [3, 0.2],
        binomial: [10, 0.3],
        gev: [10, 2, 0.2],
        "generalized-pareto": [0, 2, 0.25],
      };
      const values = Float64Array.from(
        { length: 2000 },
        f.sampler(settings[f.name] as number[], uniformStream(4, f.name)),
      );
      // Known parameters at their settings: the binomial's size 10, the GPD's threshold 0.
      const known = Object.fromEntries(
        (f.mustFix ?? []).map((name) => [
          name,
          (settings[f.name] as number[])[f.params.indexOf(name)] as number,
        ]),
      );
      const fit = exactFit(f.mustFix ? fixParameters(f, known) : f, values);
      expect(fit.relativeGradient, f.name).toBeLessThan(1e-8);
    }
  });
});

describe("round trip: generated data give back their parameters within 4 standard errors", () => {
  const SETTINGS: Record<string, number[][]> = {
    normal: [
      [-4, 2],
      [100, 0.01],
    ],
    lognormal: [
      [0.5, 0.8],
      [-2, 0.3],
    ],
    exponential: [[0.3], [12]],
    gamma: [
      [2, 0.5],
      [0.7, 3],
      [20, 1],
    ],
    weibull: [
      [1.5, 3],
      [0.8, 0.5],
    ],
    logistic: [
      [1, 2],
      [-30, 0.1],
    ],
    laplace: [
      [1, 2],
      [-3, 0.5],
    ],
    cauchy: [
      [1, 2],
      [-3, 0.5],
    ],
    "student-t": [
      [1, 2, 3],
      [-3, 0.5, 8],
    ],
    poisson: [[3.5], [40]],
    negbin: [
      [2, 5],
      [10, 1.2],
    ],
    gumbel: [
      [1, 2],
      [-30, 0.1],
    ],
    "log-logistic": [
      [3, 2],
      [0.6, 0.01],
    ],
    "inverse-gaussian": [
      [2, 5],
      [0.1, 30],
    ],
    beta: [
      [2, 5],
      [0.4, 0.7],
    ],
    geometric: [[0.3], [0.01]],
    zip: [
      [3, 0.2],
      [0.5, 0.6],
    ],
    binomial: [
      [10, 0.3],
      [40, 0.95],
    ],
    gev: [
      [10, 2, 0.2],
      [-1, 0.5, -0.3],
    ],
    uniform: [
      [-1, 3],
      [0, 1e-3],
    ],
    pareto: [
      [2.5, 1.5],
      [0.7, 1e-3],
    ],
    "generalized-pareto": [
      [0, 2, 0.25],
      [-1, 0.5, -0.2],
    ],
  };
  for (const family of FAMILIES) {
    it(family.name, () => {
      (SETTINGS[family.name] as number[][]).forEach((all, s) => {
        const data = Float64Array.from(
          { length: 3000 },
          family.sampler(all, uniformStream(100 + s, family.name)),
        );
        // A known parameter (the binomial's size) is held at its truth; the others are fitted.
        const known = Object.fromEntries(
          (family.mustFix ?? []).map((name) => [name, all[family.params.indexOf(name)] as number]),
        );
        const f = family.mustFix ? fixParameters(family, known) : family;
        const truth = all.filter((_, j) => !((family.params[j] as string) in known));
        const fit = exactFit(f, data);
        // With any end of the support held at the data's extreme (held-errors.ts).
        const { scale, edge } = yardsticks(f, data, fit.params);
        truth.forEach((t, j) => {
          const z = Math.abs((fit.params[j] as number) - t) / (scale[j] as number);
          expect(z, `${f.name} ${f.params[j]} (truth ${truth})`).toBeLessThan(bound(edge[j]));
        });
      });
    });
  }
});

describe("Laplace's standard errors", () => {
  it("come from the expected information, scale / sqrt(n), the spread of the MLE over samples", () => {
    const laplace = family("laplace");
    const information = laplace.information?.([1, 2], 400) as number[][];
    const se = wald([1, 2], information, 0.95)?.se as number[];
    expectRelClose(se[0] as number, 2 / 20, 1e-15);
    expectRelClose(se[1] as number, 2 / 20, 1e-15);
    // 400 seeded samples of 400: the MLE's standard deviation is within 12% of 0.1 for both.
    const draws = laplace.sampler([1, 2], uniformStream(11, "laplace-se"));
    const fits = Array.from({ length: 400 }, () =>
      exactFit(laplace, Float64Array.from({ length: 400 }, draws)),
    );
    for (const j of [0, 1]) {
      const values = fits.map((f) => f.params[j] as number);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
      expect(Math.abs(sd / 0.1 - 1)).toBeLessThan(0.12);
    }
  });
});

describe("where the doubles run out before the score does", () => {
  it("logistic and Cauchy on 1e12 + noise: Newton stops at the last bits, equal to the noise's fit moved", async () => {
    const { uniformStream: stream } = await import("../../src/data/random.js");
    const { draw } = await import("../../src/data/generate.js");
    const noise = draw(family("normal"), [0, 1], 100_000, stream(12, "data"));
    const far = noise.map((v) => 1e12 + v);
    for (const name of ["logistic", "cauchy"]) {
      const near = exactFit(family(name), noise);
      const moved = exactFit(family(name), far);
      // loc near 1e12 moves in steps of 2^-13 = 1.2e-4 (a few hundredths of its SE here).
      expect(
        Math.abs((moved.params[0] as number) - 1e12 - (near.params[0] as number)),
      ).toBeLessThan(5e-4);
      expectRelClose(moved.params[1] as number, near.params[1] as number, 1e-6);
    }
  });
});
