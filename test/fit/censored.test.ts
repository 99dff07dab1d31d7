import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { censorable } from "../../src/distributions/censored.js";
import type { Family } from "../../src/distributions/family.js";
import { FAMILIES, familyByName } from "../../src/distributions/index.js";
import { exactFit } from "../../src/fit/exact.js";
import { fitFamily } from "../../src/fit/fit.js";
import { infer } from "../../src/inference/infer.js";
import { censoredFamily } from "../../src/likelihood/censored-family.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import { censoringOf, fromBounds, fromEvents } from "../../src/stats/censoring.js";
import { weighted } from "../../src/stats/weights.js";
import { expectRelClose } from "../helpers.js";

interface Case {
  name: string;
  family: string;
  note: string;
  rows: [number | null, number | null][];
  mle: string[];
  loglik: string;
  scipy: { params: number[]; loglik: string };
}

// 40-digit solutions by mpmath and scipy's censored fits (make-references.py beside the file).
const references = JSON.parse(
  readFileSync(new URL("../fixtures/censored/references.json", import.meta.url), "utf8"),
) as { cases: Case[] };

/** Rows of (left, right) bounds, null for none, as fitdistcens's data frame. */
function rowsData(rows: readonly [number | null, number | null][]): Float64Array {
  const made = fromBounds(
    Float64Array.from(rows, ([l]) => l ?? Number.NaN),
    Float64Array.from(rows, ([, r]) => r ?? Number.NaN),
  );
  if (!("values" in made)) throw new Error(made.problem);
  return made.values;
}

const named = (name: string) => familyByName(name) as Family;

describe("censored data: the exact MLE against 40-digit solutions and scipy's fits (issue 13, item 3)", () => {
  for (const c of references.cases) {
    it(`${c.name} (${c.family}): ${c.note}`, () => {
      const family = censoredFamily(named(c.family));
      const data = rowsData(c.rows);
      const fit = exactFit(family, data);
      const mle = c.mle.map(Number);
      // The exact MLE to 1e-9 of each parameter's size (a location: of the scale's).
      fit.params.forEach((v, j) => {
        const size =
          family.constraints[j] === "positive" ? Math.abs(mle[j] as number) : (mle[1] ?? 1);
        expectRelClose(v, mle[j] as number, 1e-9, size);
      });
      expectRelClose(fit.logLik, Number(c.loglik), 1e-12);
      // scipy's optimizer (as R's) stops short: ours is at least as high.
      expect(fit.logLik).toBeGreaterThanOrEqual(
        Number(c.scipy.loglik) - 1e-12 * Math.abs(fit.logLik),
      );
      expect(fit.method).toMatch(c.family === "laplace" ? /^coordinate ascent/ : /^Newton/);
    });
  }

  it("the exponential with right censoring: the closed form events / Σ t (AML, maintained)", () => {
    const aml = references.cases.find((c) => c.name === "aml-maintained-exponential") as Case;
    const data = rowsData(aml.rows);
    const fit = exactFit(censoredFamily(named("exponential")), data);
    expectRelClose(fit.params[0] as number, 7 / 423, 1e-13);
  });

  it("the Value engine (a graph per row) gives the compiled kernels' likelihood, gradient and Hessian", () => {
    for (const c of references.cases) {
      const family = censoredFamily(named(c.family));
      const data = rowsData(c.rows);
      const at = c.mle.map(Number);
      const compiled = likelihoodEvaluator(family, "compiled")(data, at);
      const plain = likelihoodEvaluator(family, "value")(data, at);
      expectRelClose(plain.logLik, compiled.logLik, 1e-12);
      plain.gradient.forEach((g, j) => {
        expectRelClose(g, compiled.gradient[j] as number, 1e-9, Math.abs(compiled.logLik));
      });
      plain.hessian.forEach((row, j) => {
        row.forEach((h, k) => {
          expectRelClose(h, compiled.hessian[j]?.[k] as number, 1e-9, Math.abs(h) + 1);
        });
      });
    }
  });

  it("gradient and Hessian equal central differences of the log-likelihood", () => {
    for (const c of references.cases) {
      const family = censoredFamily(named(c.family));
      if (family.name === "laplace") continue; // kinked at exact values
      const data = rowsData(c.rows);
      const evaluate = likelihoodEvaluator(family, "compiled");
      const at = c.mle.map((v) => Number(v) * 1.05 + 0.01);
      const here = evaluate(data, at);
      at.forEach((v, j) => {
        const h = 1e-5 * Math.max(Math.abs(v), 1e-2);
        const moved = (d: number) => at.map((w, k) => (k === j ? w + d : w));
        const up = evaluate(data, moved(h));
        const down = evaluate(data, moved(-h));
        const fd = (up.logLik - down.logLik) / (2 * h);
        expectRelClose(here.gradient[j] as number, fd, 1e-5, Math.abs(fd) + 1);
        up.gradient.forEach((g, k) => {
          const fdh = -(g - (down.gradient[k] as number)) / (2 * h);
          expectRelClose(here.hessian[k]?.[j] as number, fdh, 1e-4, Math.abs(fdh) + 1);
        });
      });
    }
  });

  it("an interval in the far upper tail keeps its digits (log S, never log(1 - F))", () => {
    // Normal(0, 1) on [9, 10]: S(9) - S(10) = 1.128512207423599e-19 (mpmath), F rounds to 1 there;
    // with [-1, 1], log(1.128512207423599e-19) + log(Φ(1) - Φ(-1)) = -44.009931778582949.
    const family = censoredFamily(named("normal"));
    const data = rowsData([
      [9, 10],
      [-1, 1],
    ]);
    const { logLik } = likelihoodEvaluator(family, "compiled")(data, [0, 1]);
    expectRelClose(logLik, -44.00993177858295, 1e-14);
    // Left-censored far in the lower tail: log Φ(-40) = -804.6084420137538.
    const left = rowsData([[null, -40]]);
    expectRelClose(
      likelihoodEvaluator(family, "compiled")(left, [0, 1]).logLik,
      -804.6084420137538,
      1e-14,
    );
  });

  it("Surv(time, event): event 1 is exact, 0 right-censored; other events are refused", () => {
    const made = fromEvents(Float64Array.of(3, 5, 7), Float64Array.of(1, 0, 1));
    if (!("values" in made)) throw new Error(made.problem);
    expect(Array.from(censoringOf(made.values)?.kind ?? [])).toEqual([0, 2, 0]);
    expect(fromEvents(Float64Array.of(3), Float64Array.of(2))).toMatchObject({
      row: 0,
      problem: "the event 2 is neither 1 (observed) nor 0 (right-censored)",
    });
    expect(fromBounds(Float64Array.of(Number.NaN), Float64Array.of(Number.NaN))).toMatchObject({
      problem: "both bounds are missing",
    });
    expect(fromBounds(Float64Array.of(3), Float64Array.of(2))).toMatchObject({
      problem: "the left bound 3 is above the right bound 2",
    });
  });

  it("weights and censoring together: the fit of the rows repeated w times, to 1e-9", () => {
    const rows: [number | null, number | null][] = [
      [1.2, 1.2],
      [null, 0.5],
      [2, 3],
      [4, null],
      [0.7, 0.7],
      [1.9, 1.9],
    ];
    const w = [3, 1, 2, 4, 0, 2];
    const expanded = rows.flatMap((row, i) => Array.from({ length: w[i] as number }, () => row));
    for (const name of ["weibull", "lognormal", "normal", "logistic"]) {
      const family = censoredFamily(named(name));
      const one = exactFit(family, weighted(rowsData(rows), Float64Array.from(w)));
      const many = exactFit(family, rowsData(expanded));
      one.params.forEach((v, j) => {
        expectRelClose(v, many.params[j] as number, 1e-9);
      });
      expectRelClose(one.logLik, many.logLik, 1e-12);
    }
  });

  it("a family without log-CDFs is refused, naming those with them", () => {
    expect(() => censoredFamily(named("gamma"))).toThrow(
      "gamma cannot fit censored data yet (its log-CDF needs the incomplete gamma or beta function's derivatives in its parameters); the families that can: normal, lognormal, exponential, weibull, logistic, laplace, cauchy, gumbel, gev, log-logistic, generalized-pareto",
    );
    expect(FAMILIES.filter(censorable).map((f) => f.name)).toEqual([
      "normal",
      "lognormal",
      "exponential",
      "weibull",
      "logistic",
      "laplace",
      "cauchy",
      "gumbel",
      "gev",
      "log-logistic",
      "generalized-pareto",
    ]);
  });

  it("rows a family cannot score are data errors, named by row", () => {
    const family = censoredFamily(named("lognormal"));
    expect(() =>
      exactFit(
        family,
        rowsData([
          [1, 1],
          [null, 0],
          [2, 2],
        ]),
      ),
    ).toThrow(
      "row 2 (at most 0): a value at or below 0 has probability 0 under the lognormal family",
    );
    expect(() =>
      exactFit(
        family,
        rowsData([
          [1, 1],
          [-1, -1],
          [2, 2],
        ]),
      ),
    ).toThrow("row 2 (-1): -1 is outside the lognormal family's support");
    // (0, 3] is left-censored at 3 for a positive family; right-censored at 0 says nothing.
    const fit = exactFit(
      family,
      rowsData([
        [0, 3],
        [0, null],
        [1, 1],
        [2, 2],
        [5, 5],
      ]),
    );
    const same = exactFit(
      family,
      rowsData([
        [null, 3],
        [1, 1],
        [2, 2],
        [5, 5],
      ]),
    );
    fit.params.forEach((v, j) => {
      expectRelClose(v, same.params[j] as number, 1e-12);
    });
  });
});

describe("censored data: round trips, the default SGD, and inference", () => {
  const SETTINGS: Record<string, number[]> = {
    normal: [-4, 2],
    lognormal: [0.5, 0.8],
    exponential: [0.3],
    weibull: [1.5, 3],
    logistic: [1, 2],
    laplace: [1, 2],
    cauchy: [1, 2],
  };
  /** n draws, below the 10th percentile left-censored there, above the 80th right-censored, every 7th an interval of width 0.3 sd-ish. */
  function censoredDraws(family: Family, truth: number[], n: number, seed: number) {
    const draw = family.sampler(truth, uniformStream(seed, family.name));
    const values = Float64Array.from({ length: n }, draw);
    const sorted = Float64Array.from(values).sort();
    const q10 = sorted[Math.floor(0.1 * n)] as number;
    const q80 = sorted[Math.floor(0.8 * n)] as number;
    const width =
      ((sorted[Math.floor(0.75 * n)] as number) - (sorted[Math.floor(0.25 * n)] as number)) / 4;
    const rows = Array.from(values, (x, i): [number | null, number | null] => {
      if (x < q10) return [null, q10];
      if (x > q80) return [q80, null];
      // An interval around x (its lower end at most down to 0 for a positive family).
      if (i % 7 === 0)
        return [
          family.support === "real" ? x - width / 2 : Math.max(x - width / 2, 0),
          x + width / 2,
        ];
      return [x, x];
    });
    return rowsData(rows);
  }

  for (const [name, truth] of Object.entries(SETTINGS)) {
    it(`${name}: the exact MLE lands within 4 SE of the truth, and the default SGD within 0.05 SE of the MLE`, () => {
      const family = censoredFamily(named(name));
      const data = censoredDraws(family, truth, 2000, 7);
      const fit = fitFamily(family, data, {
        literal: false,
        lr: 0.02,
        batchSize: 10,
        epochs: "auto",
        optimizer: "sgd",
        schedule: "constant",
        average: false,
        uniform: uniformStream(1, "shuffle"),
      });
      const inference = infer(data, fit, { level: 0.95, engine: "compiled" });
      const se = inference.exact.wald?.se as number[];
      truth.forEach((t, j) => {
        expect(Math.abs(((fit.exact.params[j] as number) - t) / (se[j] as number))).toBeLessThan(4);
        expect(Math.abs(inference.gapSe?.[j] as number)).toBeLessThan(0.05);
      });
      expect(fit.capped).toBe(false);
      expect(inference.converged).toBe(true);
    });
  }
});
