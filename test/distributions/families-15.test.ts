import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { uniformStream } from "../../src/data/random.js";
import { fixParameters } from "../../src/distributions/fixed.js";
import { familyByName } from "../../src/distributions/index.js";
import { Value } from "../../src/engine/value.js";
import { exactFit } from "../../src/fit/exact.js";
import { expectRelClose } from "../helpers.js";

/** make-references.py beside it: scipy's and mpmath's log-densities, mpmath's 40-digit MLEs. */
const REFERENCES = JSON.parse(
  readFileSync(new URL("../fixtures/families-15/references.json", import.meta.url), "utf8"),
) as Record<
  string,
  {
    params: number[];
    logpdf: { x: number; mpmath: number; scipy: number | null }[];
    data: number[];
    fixed: Record<string, number>;
    mle: number[];
    loglik: number;
  }
>;

describe("issue 15's families against scipy and 40-digit mpmath", () => {
  for (const [name, ref] of Object.entries(REFERENCES)) {
    const family = familyByName(name);
    it(`${name}: log-density to 1e-12 of scipy's and mpmath's`, () => {
      if (family === undefined) throw new Error(name);
      const leaves = ref.params.map((p) => new Value(p));
      for (const { x, mpmath, scipy } of ref.logpdf) {
        const ours = family.logProb(x, leaves).data;
        expectRelClose(ours, mpmath, 1e-12, Math.max(1, Math.abs(mpmath)));
        if (scipy !== null) expectRelClose(ours, scipy, 1e-12, Math.max(1, Math.abs(scipy)));
      }
    });

    it(`${name}: exact MLE to 1e-9 of mpmath's, and its log-likelihood to 1e-12`, () => {
      if (family === undefined) throw new Error(name);
      const fitted = Object.keys(ref.fixed).length > 0 ? fixParameters(family, ref.fixed) : family;
      const exact = exactFit(fitted, Float64Array.from(ref.data));
      const expected = family.params.flatMap((p, j) =>
        p in ref.fixed ? [] : [ref.mle[j] as number],
      );
      exact.params.forEach((v, j) => {
        expectRelClose(v, expected[j] as number, 1e-9);
      });
      expectRelClose(exact.logLik, ref.loglik, 1e-12);
    });
  }

  it("each samples what it fits: 20,000 draws recover their parameters within 4 standard errors", () => {
    const settings: [string, number[], Record<string, number>?][] = [
      ["gumbel", [1, 2]],
      ["log-logistic", [3, 2]],
      ["inverse-gaussian", [2, 5]],
      ["beta", [2, 5]],
      ["geometric", [0.3]],
      ["zip", [3, 0.2]],
      ["binomial", [10, 0.3], { size: 10 }],
    ];
    for (const [name, truth, fix] of settings) {
      const family = familyByName(name);
      if (family === undefined) throw new Error(name);
      const data = Float64Array.from(
        { length: 20_000 },
        family.sampler(truth, uniformStream(21, name)),
      );
      const report = fitData(data, { dist: name, seed: 1, ...(fix ? { fix } : {}) }) as unknown as {
        exact_mle: { params: Record<string, number> };
        se: Record<string, number>;
        converged: boolean;
      };
      expect(report.converged, name).toBe(true);
      family.params.forEach((p, j) => {
        if (fix?.[p] !== undefined) return;
        const gap = Math.abs((report.exact_mle.params[p] as number) - (truth[j] as number));
        expect(gap / (report.se[p] as number), `${name} ${p}`).toBeLessThan(4);
      });
      // The CDF and the sampler agree: the mean of F(x) over draws is about 1/2.
      let sum = 0;
      for (const x of data) sum += family.cdf(x, truth);
      const meanF = sum / data.length;
      expect(meanF, name).toBeGreaterThan(family.support === "count" ? 0.45 : 0.49);
      expect(meanF, name).toBeLessThan(family.support === "count" ? 0.8 : 0.51);
    }
  });

  it("the Gumbel's and the log-logistic's log-CDF and log-survival (censored data) are the CDF's logs", () => {
    for (const [name, params, xs] of [
      ["gumbel", [1, 2], [-30, -3, 1, 9, 60]],
      ["log-logistic", [3, 2], [1e-4, 0.5, 2, 9, 1e4]],
    ] as const) {
      const family = familyByName(name);
      if (family?.logCdf === undefined || family.logSf === undefined) throw new Error(name);
      const leaves = params.map((p) => new Value(p));
      for (const x of xs) {
        const F = family.cdf(x, params);
        expectRelClose(Math.exp(family.logCdf(x, leaves).data), F, 1e-12, Math.max(F, 1e-300));
        // log S in the far tail is exact where 1 - F has no digits left: compare where it has.
        if (F < 0.999) expectRelClose(Math.exp(family.logSf(x, leaves).data), 1 - F, 1e-12);
      }
    }
  });

  it("the zero-inflated Poisson without excess zeros has no maximum inside: pi goes to 0", () => {
    const zip = familyByName("zip");
    if (zip === undefined) throw new Error("zip");
    // Mean 2: a Poisson has e^-2 = 13.5% zeros; 1 of 10 is fewer, 4 of 10 more.
    const few = Float64Array.of(0, 1, 2, 2, 3, 1, 4, 2, 3, 2);
    expect(() => exactFit(zip, few)).toThrow(/pi goes to 0: 1 zeros of 10 values/);
    const many = Float64Array.of(0, 0, 0, 0, 3, 4, 2, 5, 3, 3);
    const fit = exactFit(zip, many);
    expect(fit.params[1]).toBeGreaterThan(0.2);
  });

  it("R's and scipy's names reach them; the binomial's size must be fixed", () => {
    const names: [string, string][] = [
      ["gumbel_r", "gumbel"],
      ["fisk", "log-logistic"],
      ["llogis", "log-logistic"],
      ["invgauss", "inverse-gaussian"],
      ["geom", "geometric"],
      ["binom", "binomial"],
      ["zipois", "zip"],
      ["beta", "beta"],
    ];
    for (const [alias, name] of names) expect(familyByName(alias)?.name).toBe(name);
    expect(() => fitData([1, 2, 3], { dist: "binomial" })).toThrow(/size is known, not fitted/);
  });
});
