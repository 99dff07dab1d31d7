import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { normal } from "../../src/distributions/normal.js";
import {
  andersonDarlingPValue,
  cramerVonMisesPValue,
  lillieforsPValue,
} from "../../src/distributions/normal-gof-tables.js";
import { bootstrap } from "../../src/inference/bootstrap.js";
import { type GofOptions, gof } from "../../src/inference/gof.js";
import { edfFromLogTails, randomSample } from "../../src/stats/edf.js";
import { normalMle } from "../../src/stats/moments.js";
import { normalLogTails } from "../../src/stats/normal-tails.js";
import { FIXTURES, fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";
import { generateNormal } from "../normal-fit.js";

interface ScipySet {
  n: number;
  ks: number;
  cvm: number;
  ad: number;
  anderson_ddof1: { statistic: number; critical_values: number[]; significance_level: number[] };
}
const scipy = JSON.parse(readFileSync(`${FIXTURES}gof-scipy.json`, "utf8")) as {
  sets: Record<string, ScipySet>;
};

/** The Normal's goodness of fit at its exact MLE. */
function normalGof(data: Float64Array, options: GofOptions = {}) {
  const { loc, scale } = normalMle(data);
  const result = gof(normal, data, [loc, scale], options);
  const { ks, cvm, ad } = result;
  if (ks === null || cvm === null || ad === null) {
    throw new Error("a continuous family has all three statistics");
  }
  return { ...result, ks, cvm, ad };
}

/** The EDF statistics against Normal(loc, scale), from its exact tails. */
function edfStatistics(sorted: Float64Array, loc: number, scale: number) {
  return edfFromLogTails(sorted, (x, out) => normalLogTails((x - loc) / scale, out));
}

describe("normal goodness of fit", () => {
  for (const [name, set] of Object.entries(reference)) {
    it(`${name}: KS, CvM and AD against the fitted Normal equal scipy's to 1e-10`, () => {
      const expected = scipy.sets[name] as ScipySet;
      const gof = normalGof(fixtureColumn(set));
      expectRelClose(gof.ks.statistic, expected.ks, 1e-10);
      expectRelClose(gof.cvm.statistic, expected.cvm, 1e-10);
      expectRelClose(gof.ad.statistic, expected.ad, 1e-10);
    });

    it(`${name}: the AD p-value's statistic is scipy.stats.anderson's (sd with n - 1), and its p-value agrees with scipy's critical values`, () => {
      const expected = (scipy.sets[name] as ScipySet).anderson_ddof1;
      const data = fixtureColumn(set);
      const sorted = data.slice().sort();
      const { loc, scale } = normalMle(sorted);
      const n = data.length;
      const withSampleSd = edfStatistics(sorted, loc, scale * Math.sqrt(n / (n - 1)));
      expectRelClose(withSampleSd.ad, expected.statistic, 1e-10);
      const p = andersonDarlingPValue(withSampleSd.ad, n);
      // Above the 1% critical value the p-value is below 1%; below the 15% one, above 15%.
      const critical = expected.critical_values;
      if (withSampleSd.ad > (critical[4] as number)) expect(p).toBeLessThan(0.01);
      if (withSampleSd.ad < (critical[0] as number)) expect(p).toBeGreaterThan(0.15);
    });
  }

  it("gives large p-values for Normal data and tiny ones for exponential data", () => {
    const normalData = generateNormal(500, 3, 2, uniformStream(8, "data"));
    const gof = normalGof(normalData);
    for (const test of [gof.ks, gof.cvm, gof.ad])
      expect(test.pValue as number).toBeGreaterThan(0.01);
    const uniform = uniformStream(9, "data");
    const skewed = Float64Array.from({ length: 500 }, () => -Math.log(1 - uniform()));
    const bad = normalGof(skewed);
    for (const test of [bad.ks, bad.cvm, bad.ad]) expect(test.pValue as number).toBeLessThan(1e-4);
    expect(gof.method).toMatch(/^approximations for estimated parameters/);
  });

  it("p-value approximations sit at the published critical values", () => {
    // Lilliefors's test, n = 20: 5% and 1% critical values about 0.190 and 0.231 (Lilliefors 1967;
    // Dallal and Wilkinson 1986 put them slightly higher).
    expect(lillieforsPValue(0.19, 20)).toBeGreaterThan(0.04);
    expect(lillieforsPValue(0.19, 20)).toBeLessThan(0.07);
    expect(lillieforsPValue(0.231, 20)).toBeGreaterThan(0.005);
    expect(lillieforsPValue(0.231, 20)).toBeLessThan(0.02);
    // Stephens (1986), table 4.7: modified A² 0.752 and W² 0.126 at 5%.
    expect(andersonDarlingPValue(0.752, 1e9)).toBeCloseTo(0.05, 2);
    expect(cramerVonMisesPValue(0.126, 1e9)).toBeCloseTo(0.05, 2);
    expect(lillieforsPValue(0.01, 50)).toBe(1);
  });

  it("leaves the p-value out where n is too small for the approximation", () => {
    const gof = normalGof(Float64Array.of(1, 2, 3, 5, 8, 13));
    expect(gof.ks.pValue).not.toBeNull();
    expect(gof.cvm.pValue).toBeNull();
    expect(gof.ad.pValue).toBeNull();
    expect(gof.method).toBe(
      "approximations for estimated parameters, as R's nortest (Lilliefors, Stephens); none for n < 8 (KS: n < 5)",
    );
  });

  it("bootstraps p-values, seeded: the same seed gives the same p-values, within the B + 1 grid", () => {
    const data = generateNormal(100, 0, 1, uniformStream(3, "data"));
    const run = (seed: number) => {
      return normalGof(data, {
        bootstrap: { replicates: 199, uniform: uniformStream(seed, "gof-bootstrap") },
      });
    };
    const a = run(1);
    expect(run(1)).toEqual(a);
    expect(a.method).toBe("parametric bootstrap, 199 samples refitted by maximum likelihood");
    for (const test of [a.ks, a.cvm, a.ad]) {
      const k = (test.pValue as number) * 200;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
      expect(test.pValue as number).toBeGreaterThan(0.01);
    }
  });
});

describe("bootstrap of the Normal", () => {
  const data = generateNormal(400, -4, 2, uniformStream(4, "data"));
  const mle = normalMle(data);
  for (const method of ["parametric", "nonparametric"] as const) {
    it(`${method}: percentile intervals close to the Wald ones (within 15% in width), medians near the MLE`, () => {
      const result = bootstrap(normal, data, [mle.loc, mle.scale], {
        replicates: 1000,
        method,
        level: 0.95,
        uniform: uniformStream(5, "bootstrap"),
      });
      const waldWidth = [
        2 * 1.96 * (mle.scale / Math.sqrt(400)),
        2 * 1.96 * (mle.scale / Math.sqrt(800)),
      ];
      result.ci.forEach(([lo, hi], j) => {
        expectRelClose(hi - lo, waldWidth[j] as number, 0.15);
      });
      expect(Math.abs((result.median[0] as number) - mle.loc)).toBeLessThan(0.02);
      expect(result.replicates).toBe(1000);
    });
  }
});

describe("randomSample and large n", () => {
  it("draws k distinct values of the data, each index about equally often", () => {
    const data = Float64Array.from({ length: 20 }, (_, i) => i);
    const counts = new Float64Array(20);
    const uniform = uniformStream(11, "gof-sample");
    const runs = 20_000;
    for (let t = 0; t < runs; t++) {
      const sample = randomSample(data, 5, uniform);
      expect(new Set(sample).size).toBe(5);
      for (const v of sample) counts[v] = (counts[v] as number) + 1;
    }
    // Each count is Binomial(20000, 1/4): mean 5000, sd 61; 5 sd is 306.
    for (const c of counts) expect(Math.abs(c - runs / 4)).toBeLessThan(306);
  });

  it("computes goodness of fit on a random sample above the size, and says so", () => {
    const data = generateNormal(5000, 0, 1, uniformStream(12, "data"));
    const gof = normalGof(data, {
      sample: { size: 1000, uniform: uniformStream(1, "gof-sample") },
    });
    expect(gof.sampleSize).toBe(1000);
    expect(gof.method).toMatch(/; on a uniform random sample of 1000 of the 5000 values$/);
    expect(normalGof(data).sampleSize).toBe(5000);
  });
});
