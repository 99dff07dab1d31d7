import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { uniformStream } from "../../src/data/random.js";
import type { Family } from "../../src/distributions/family.js";
import { familyByName } from "../../src/distributions/index.js";
import { Value } from "../../src/engine/value.js";
import { DataError, UsageError } from "../../src/errors.js";
import { runCli } from "../cli/fake-io.js";
import { expectRelClose } from "../helpers.js";

/**
 * Issue 15's families whose support moves with their parameters: the uniform, the Pareto and the
 * generalized Pareto, with an end of the support among their parameters (held at the data's
 * extreme, fit/edges.ts), and the GEV, regular above shape -0.5. Their references against scipy
 * and mpmath are in families-15.test.ts; here, what the fit does with them.
 */
const named = (name: string) => familyByName(name) as Family;
const draws = (name: string, params: number[], n: number, seed = 1) =>
  Array.from({ length: n }, named(name).sampler(params, uniformStream(seed, name)));

interface Report {
  params: Record<string, number>;
  exact_mle: { params: Record<string, number>; method: string };
  se: Record<string, number> | null;
  ci: Record<string, [number, number]> | null;
  non_regular: string | null;
  loglik: number;
  converged: boolean;
  bootstrap?: {
    replicates: number;
    ci: Record<string, [number, number]>;
    interval: Record<string, string>;
    automatic: boolean;
  };
}

describe("the uniform: both parameters are ends of the support", () => {
  const data = draws("uniform", [-1, 3], 200);
  const report = fitData(data, { dist: "uniform", seed: 1 }) as unknown as Report;

  it("its MLE is the smallest and largest value, and SGD has nothing to move", () => {
    expect(report.exact_mle.params).toEqual({ min: Math.min(...data), max: Math.max(...data) });
    expect(report.params).toEqual(report.exact_mle.params);
    expectRelClose(
      report.loglik,
      -data.length * Math.log(Math.max(...data) - Math.min(...data)),
      1e-14,
    );
    expect(report.converged).toBe(true);
  });

  it("states that Wald SEs do not apply, and bootstraps instead, with basic intervals", () => {
    expect(report.se).toBeNull();
    expect(report.ci).toBeNull();
    expect(report.non_regular).toMatch(/min and max are the ends of the support/);
    const boot = report.bootstrap;
    expect(boot?.automatic).toBe(true);
    expect(boot?.replicates).toBe(200);
    expect(boot?.interval).toEqual({ min: "basic", max: "basic" });
    // A resample's max is below the fitted max, as the fitted max is below the truth: the
    // basic interval lies above the estimate (below it, for the min), and holds the truth here.
    const [lo, hi] = boot?.ci.max ?? [Number.NaN, Number.NaN];
    expect(lo).toBeGreaterThanOrEqual(report.exact_mle.params.max as number);
    expect(lo <= 3 && 3 <= hi).toBe(true);
    const [minLo, minHi] = boot?.ci.min ?? [Number.NaN, Number.NaN];
    expect(minHi).toBeLessThanOrEqual(report.exact_mle.params.min as number);
    expect(minLo <= -1 && -1 <= minHi).toBe(true);
  });

  it("--bootstrap B sets the number of refits, and then it is not automatic; 0, none", () => {
    const asked = fitData(data, { dist: "uniform", seed: 1, bootstrap: 50 }) as unknown as Report;
    expect(asked.bootstrap?.replicates).toBe(50);
    expect(asked.bootstrap?.automatic).toBe(false);
    // The library's 0 is none, not even the automatic one (--group-by's rows, which have no
    // place for intervals, ask for that).
    const none = fitData(data, { dist: "uniform", seed: 1, bootstrap: 0 }) as unknown as Report;
    expect(none.bootstrap ?? null).toBeNull();
    expect(none.non_regular).toMatch(/min and max are the ends of the support/);
  });

  it("says so in the text report", async () => {
    const outcome = await runCli(["--dist", "unif", "--seed", "1"], `${data.join("\n")}\n`);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/so Wald's\s+theory\s+does\s+not\s+apply/);
    expect(outcome.stdout).toMatch(/min, max: basic intervals 2θ̂ - q/);
    expect(outcome.stdout).toMatch(/optimizer +none: every parameter is an end of the\s+support/);
    // No SGD ran, and there is no standard error to speak of.
    expect(outcome.stdout).toMatch(/^Uniform fit by its closed form, n = 200\n/);
    expect(outcome.stdout).not.toContain("SE: its standard error");
  });
});

describe("the Pareto: min at the smallest value, shape by its closed form", () => {
  it("equals n / Σ log(x / min) by hand, and R's and scipy's names find it", () => {
    const data = draws("pareto", [2.5, 1.5], 500);
    const min = Math.min(...data);
    const shape = data.length / data.reduce((s, x) => s + Math.log(x / min), 0);
    for (const dist of ["pareto", "pareto1"]) {
      const report = fitData(data, { dist, seed: 2 }) as unknown as Report;
      expect(report.exact_mle.params.min).toBe(min);
      expectRelClose(report.exact_mle.params.shape as number, shape, 1e-12);
      expect(report.bootstrap?.interval).toEqual({ shape: "percentile", min: "basic" });
    }
  });

  it("a fixed min above a value is exit 65, naming the value", () => {
    expect(() => fitData([1.2, 3, 4], { dist: "pareto", fix: { min: 2 } })).toThrow(DataError);
    expect(() => fitData([1.2, 3, 4], { dist: "pareto", fix: { min: 2 } })).toThrow(
      "--fix min=2: the smallest value, 1.2, is outside the pareto family's support (min is its lower end)",
    );
    // At or below the smallest value, it is a known minimum: shape alone is fitted, regularly.
    const held = fitData([1.2, 3, 4], {
      dist: "pareto",
      fix: { min: 1 },
      seed: 1,
    }) as unknown as Report;
    expect(held.non_regular).toBeNull();
    expectRelClose(
      held.exact_mle.params.shape as number,
      3 / (Math.log(1.2) + Math.log(12)),
      1e-10,
    );
  });
});

describe("the generalized Pareto", () => {
  const data = draws("generalized-pareto", [0, 2, 0.25], 2000, 4);

  it("with its threshold fixed, is regular: Wald SEs, and shape 0 is the exponential", () => {
    const report = fitData(data, { dist: "gpd", fix: { loc: 0 }, seed: 1 }) as unknown as Report;
    expect(report.non_regular).toBeNull();
    expect(report.se?.shape).toBeGreaterThan(0);
    expect(report.bootstrap).toBeUndefined();
    // Shape held at 0: the exponential's MLE, scale = the mean.
    const mean = data.reduce((s, x) => s + x, 0) / data.length;
    const exponential = fitData(data, {
      dist: "genpareto",
      fix: { loc: 0, shape: 0 },
      seed: 1,
    }) as unknown as Report;
    expectRelClose(exponential.exact_mle.params.scale as number, mean, 1e-12);
    expectRelClose(exponential.loglik, -data.length * (Math.log(mean) + 1), 1e-12);
  });

  it("its threshold is known (evd's fpot, ismev's gpd.fit): asked for, and must hold the data", async () => {
    expect(() => fitData(data, { dist: "generalized-pareto" })).toThrow(
      "--dist generalized-pareto: loc is known, not fitted (the threshold the data exceed; estimated, it would leave the likelihood no maximum): give it with --fix loc=N (with generated data, --param loc=N)",
    );
    const asked = await runCli(["--dist", "gpd"], `${data.join("\n")}\n`);
    expect(asked.code).toBe(2);
    expect(() => fitData(data, { dist: "gpd", fix: { loc: 0.5 } })).toThrow(DataError);
    const generated = await runCli(
      ["--dist", "gpd", "--param", "loc=0", "--param", "scale=2", "--param", "shape=0.2"],
      "",
    );
    expect(generated.code, generated.stderr).toBe(0);
    // Why: with loc at the smallest value and shape above n - 1, the log-likelihood grows
    // without bound as scale goes to 0.
    const family = named("generalized-pareto");
    const few = [1, 2, 2.5, 4];
    const logLik = (scale: number) =>
      few.reduce(
        (s, x) =>
          s +
          family.logProb(
            x,
            [1, scale, 5].map((v) => new Value(v)),
          ).data,
        0,
      );
    expect(logLik(1e-6)).toBeGreaterThan(logLik(1e-3));
    expect(logLik(1e-12)).toBeGreaterThan(logLik(1e-6));
  });

  it("SGD never steps out of a support that ends above the data (shape -0.4, six seeds)", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const short = draws("generalized-pareto", [0, 2, -0.4], 1000, seed);
      const report = fitData(short, { dist: "gpd", fix: { loc: 0 }, seed }) as unknown as Report;
      expect(report.converged, `seed ${seed}`).toBe(true);
      const { scale, shape } = report.params as { scale: number; shape: number };
      // The upper end, -scale / shape, above every value.
      expect(-scale / shape).toBeGreaterThan(Math.max(...short));
    }
  });

  it("censored rows, with the threshold fixed", () => {
    expect(() =>
      fitData(data.slice(0, 50), { dist: "gpd", event: data.slice(0, 50).map((_, i) => i % 2) }),
    ).toThrow(UsageError);
    const censored = fitData(data.slice(0, 200), {
      dist: "gpd",
      fix: { loc: 0 },
      event: data.slice(0, 200).map((_, i) => (i % 5 === 0 ? 0 : 1)),
      seed: 1,
    }) as unknown as Report;
    expect(censored.se?.scale).toBeGreaterThan(0);
  });
});

describe("the GEV", () => {
  it("with shape fixed at 0 is the Gumbel, to 1e-9 (log(1 + t)/t at t = 0)", () => {
    const data = draws("gumbel", [1, 2], 1000, 7);
    const gev = fitData(data, { dist: "gev", fix: { shape: 0 }, seed: 1 }) as unknown as Report;
    const gumbel = fitData(data, { dist: "gumbel", seed: 1 }) as unknown as Report;
    expectRelClose(gev.exact_mle.params.loc as number, gumbel.exact_mle.params.loc as number, 1e-9);
    expectRelClose(
      gev.exact_mle.params.scale as number,
      gumbel.exact_mle.params.scale as number,
      1e-9,
    );
    expectRelClose(gev.se?.scale as number, gumbel.se?.scale as number, 1e-8);
    expectRelClose(gev.loglik, gumbel.loglik, 1e-12);
  });

  it("states that Wald does not apply at shape ≤ -0.5, and bootstraps instead", () => {
    const data = draws("gev", [10, 2, -0.7], 1000, 3);
    const report = fitData(data, { dist: "genextreme", seed: 3 }) as unknown as Report;
    expect(report.exact_mle.params.shape).toBeLessThan(-0.5);
    expect(report.non_regular).toMatch(/shape -0\.\d+ is at or below -0.5.*Smith 1985/);
    expect(report.se).toBeNull();
    expect(report.bootstrap?.automatic).toBe(true);
    const [lo, hi] = report.bootstrap?.ci.shape ?? [Number.NaN, Number.NaN];
    expect(lo < -0.7 && -0.7 < hi).toBe(true);
  });

  it("below shape -1 there is no maximum: exit 3, saying so", async () => {
    // A J-shaped sample with a sharp upper end (the beta's shape2 < 1): the GEV's density there
    // grows without bound as its upper end nears the largest value.
    const data = draws("beta", [2, 0.4], 500, 2);
    expect(() => fitData(data, { dist: "gev", seed: 1 })).toThrow(
      /gev: the shape ran to -1 or below \(to -1\.\d+\), where the likelihood has no maximum/,
    );
    const outcome = await runCli(["--dist", "gev", "--seed", "1"], `${data.join("\n")}\n`);
    expect(outcome.code).toBe(3);
  });

  it("log-CDF, log-survival and quantile agree with the CDF, on both sides of shape 0", () => {
    for (const name of ["gev", "generalized-pareto"]) {
      const family = named(name);
      for (const params of [
        [0, 1.5, 0.3],
        [0, 1.5, -0.3],
        [0, 1.5, 1e-12],
      ]) {
        const leaves = params.map((p) => new Value(p));
        for (const p of [0.001, 0.2, 0.5, 0.9, 0.999]) {
          const x = family.quantile?.(p, params) as number;
          expectRelClose(family.cdf(x, params), p, 1e-12);
          expectRelClose(Math.exp(family.logCdf?.(x, leaves).data as number), p, 1e-12);
          expectRelClose(Math.exp(family.logSf?.(x, leaves).data as number), 1 - p, 1e-11);
        }
      }
    }
  });
});
