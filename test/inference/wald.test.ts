import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { wald } from "../../src/inference/wald.js";
import { expectRelClose } from "../helpers.js";

const Z95 = 1.959963984540054;

describe("Wald intervals of positive parameters", () => {
  it("are θ·exp(±z·se/θ), on the log scale (delta method), to 1e-12", () => {
    // Gamma-like information at shape 0.83, rate 0.33 (5 values).
    const information = [
      [9.01, -15.05],
      [-15.05, 45.3],
    ];
    const result = wald([0.83, 0.33], information, 0.95, ["positive", "positive"]);
    if (result === undefined) throw new Error("the information is positive definite");
    result.ci.forEach(([lo, hi], j) => {
      const theta = [0.83, 0.33][j] as number;
      const se = result.se[j] as number;
      expectRelClose(lo, theta * Math.exp((-Z95 * se) / theta), 1e-12);
      expectRelClose(hi, theta * Math.exp((Z95 * se) / theta), 1e-12);
      expectRelClose(Math.sqrt(lo * hi), theta, 1e-12);
    });
    // A real parameter keeps the symmetric interval.
    const real = wald([0.83, 0.33], information, 0.95, ["real", "positive"]);
    expectRelClose((real?.ci[0]?.[1] ?? 0) - 0.83, 0.83 - (real?.ci[0]?.[0] ?? 0), 1e-12);
    // A bounded one: symmetric in the logit of its place, se/θ' there (θ' = a·b/width).
    const bounded = wald([0.83, 0.33], information, 0.95, [{ lower: 0, upper: 1 }, "positive"]);
    const [lo, hi] = bounded?.ci[0] ?? [0, 0];
    const logit = (p: number) => Math.log(p / (1 - p));
    const half = (Z95 * (bounded?.se[0] ?? 0)) / (0.83 * 0.17);
    expectRelClose(logit(lo), logit(0.83) - half, 1e-12);
    expectRelClose(logit(hi), logit(0.83) + half, 1e-12);
    expect(hi).toBeLessThan(1);
  });

  it("never go below 0: a Gamma on five values, whose symmetric rate interval would", () => {
    const result = fitData([0.5, 1.2, 3.1, 0.2, 7.5], { dist: "gamma", seed: 1 });
    const rate = result.exact_mle.params.rate as number;
    const se = result.se?.rate as number;
    expect(rate - Z95 * se).toBeLessThan(0); // the symmetric interval's lower end
    const interval = result.ci?.rate;
    if (!Array.isArray(interval)) throw new Error("a Wald interval for rate");
    const [lo, hi] = interval;
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeGreaterThan(rate);
    for (const dist of ["exponential", "weibull", "lognormal", "poisson", "negbin", "student-t"]) {
      const data = [1, 2, 2, 3, 5, 8, 13, 1, 4, 6];
      const report = fitData(data, { dist, seed: 1 });
      for (const [name, interval] of Object.entries(report.ci ?? {})) {
        if (name === "level" || !Array.isArray(interval)) continue;
        const positive = !["loc", "meanlog"].includes(name);
        if (positive) expect(interval[0], `${dist} ${name}`).toBeGreaterThan(0);
      }
    }
  });
});
