import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { uniformStream } from "../../src/data/random.js";
import { familyByName, mixtureOf } from "../../src/distributions/index.js";
import { emNormalMixture } from "../../src/distributions/mixture.js";
import { FitError } from "../../src/errors.js";
import { exactFit } from "../../src/fit/exact.js";
import { runCli } from "../cli/fake-io.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";

/** make-references.py beside it: EM from 200 starts, polished in mpmath at 30 digits. */
const REFERENCES = JSON.parse(
  readFileSync(new URL("../fixtures/mixture/references.json", import.meta.url), "utf8"),
) as Record<string, { params: number[]; loglik: number }>;

const eruptions = fixtureColumn(
  reference.faithful_eruptions as Parameters<typeof fixtureColumn>[0],
);

describe("--mixture K: mixtures of Normals (mclust's model V)", () => {
  for (const k of [2, 3]) {
    it(`faithful eruptions, K = ${k}: the global MLE of an independent 200-start search, to 1e-9`, () => {
      const ref = REFERENCES[String(k)] as { params: number[]; loglik: number };
      const exact = exactFit(mixtureOf(k), eruptions);
      // Any optimizer's log-likelihood (mclust's too) is at most the maximum: ours reaches it.
      expect(exact.logLik).toBeGreaterThanOrEqual(ref.loglik - 1e-9);
      exact.params.forEach((v, j) => {
        expectRelClose(v, ref.params[j] as number, 1e-7);
      });
    });
  }

  it("EM's seeded starts give the same answer every run, components ordered by location", () => {
    const a = emNormalMixture(eruptions, 3);
    const b = emNormalMixture(eruptions, 3);
    expect(a).toEqual(b);
    expect([...a.locs].sort((x, y) => x - y)).toEqual(a.locs);
    expectRelClose(
      a.weights.reduce((s, w) => s + w, 0),
      1,
      1e-15,
    );
  });

  it("two distinct values: every start collapses a component onto a point, a fit failure (exit 3)", () => {
    const twoValues = Float64Array.from([1, 1, 1, 1, 2, 2, 2, 2]);
    expect(() => emNormalMixture(twoValues, 2)).toThrow(FitError);
    expect(() => emNormalMixture(twoValues, 2)).toThrow("every start collapsed");
  });

  it("draws from a known mixture give back its parameters within 4 standard errors", () => {
    const family = mixtureOf(2);
    const truth = [0.3, -2, 0.5, 3, 1.5];
    const data = Float64Array.from(
      { length: 4000 },
      family.sampler(truth, uniformStream(8, "mix")),
    );
    const report = fitData(data, { dist: "normal-mixture-2", seed: 1 }) as unknown as {
      exact_mle: { params: Record<string, number> };
      se: Record<string, number>;
      converged: boolean;
      mixture: { weights: number[]; weights_se: number[] };
    };
    expect(report.converged).toBe(true);
    family.params.forEach((name, j) => {
      const z =
        ((report.exact_mle.params[name] as number) - (truth[j] as number)) /
        (report.se[name] as number);
      expect(Math.abs(z), name).toBeLessThan(4);
    });
    // Two weights: the second's delta-method SE is the first's.
    expect(report.mixture.weights_se[1]).toBeCloseTo(report.mixture.weights_se[0] as number, 12);
    expectRelClose(
      (report.mixture.weights[0] as number) + (report.mixture.weights[1] as number),
      1,
      1e-15,
    );
  });

  it("the command: the weights line, K compared by AIC, --dist auto adds the mixture", async () => {
    const file = new URL("../fixtures/faithful_eruptions.csv", import.meta.url).pathname;
    const aics: number[] = [];
    for (const k of [1, 2, 3]) {
      const argv = [file, "--column", "eruptions", "--seed", "1", "--json"];
      const out = await runCli(k === 1 ? argv : [...argv, "--mixture", String(k)]);
      expect(out.code, out.stderr).toBe(0);
      aics.push(JSON.parse(out.stdout).aic);
    }
    // Two components are far better than one; a third still lowers AIC on these data.
    expect(aics[1]).toBeLessThan((aics[0] as number) - 200);
    expect(aics[2]).toBeLessThan(aics[1] as number);
    const text = await runCli([file, "--column", "eruptions", "--seed", "1", "--mixture", "2"]);
    expect(text.stdout).toContain(
      "mixing weights at the exact MLE: w1 0.3484 (SE 0.0292), w2 0.6516",
    );
    // Five parameters: the correlations as the lower triangle of a table, not ten lines.
    expect(text.stdout).toMatch(
      /correlations at the exact MLE:\n +w1 +loc1 +scale1 +loc2\nloc1 +0\.0530\n/,
    );
    const auto = await runCli([
      file,
      "--column",
      "eruptions",
      "--dist",
      "auto",
      "--mixture",
      "2",
      "--json",
    ]);
    expect(JSON.parse(auto.stdout).ranked[0].distribution).toBe("normal-mixture-2");
    expect(familyByName("normal-mixture-3")?.params.length).toBe(8);
    for (const [argv, message] of [
      [["--mixture", "1"], /--mixture must be a number of components from 2 to 9/],
      [["--mixture", "2", "--dist", "binomial"], /binomial cannot be mixed/],
      [["--mixture", "2", "--dist", "uniform"], /uniform cannot be mixed: an end of its support/],
    ] as const) {
      const out = await runCli([file, "--column", "eruptions", ...argv]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });
});

/** make-family-references.py beside it: L-BFGS-B from 100 random starts, polished in mpmath. */
const FAMILY_REFERENCES = JSON.parse(
  readFileSync(new URL("../fixtures/mixture/families.json", import.meta.url), "utf8"),
) as Record<string, { params: number[]; loglik: number }>;

describe("--mixture K --dist NAME: mixtures of any continuous family", () => {
  for (const name of ["gamma", "weibull"]) {
    it(`faithful eruptions, 2 ${name}s: the MLE of an independent 100-start search, to 1e-7`, () => {
      const ref = FAMILY_REFERENCES[name] as { params: number[]; loglik: number };
      const family = mixtureOf(2, familyByName(name));
      expect(family.name).toBe(`${name}-mixture-2`);
      const exact = exactFit(family, eruptions);
      expect(exact.logLik).toBeGreaterThanOrEqual(ref.loglik - 1e-9);
      expectRelClose(exact.logLik, ref.loglik, 1e-12);
      exact.params.forEach((v, j) => {
        expectRelClose(v, ref.params[j] as number, 1e-7);
      });
    });
  }

  it("lognormal components are Normal ones on log x: the same MLE, log-likelihood less Σ log x", () => {
    const logs = eruptions.map(Math.log);
    const lognormal = exactFit(mixtureOf(2, familyByName("lnorm")), eruptions);
    const normal = exactFit(mixtureOf(2), logs);
    lognormal.params.forEach((v, j) => {
      expectRelClose(v, normal.params[j] as number, 1e-7);
    });
    const jacobian = logs.reduce((s, v) => s + v, 0);
    expectRelClose(lognormal.logLik, normal.logLik - jacobian, 1e-10);
  });

  it("names: NAME-mixture-K, R's and scipy's names for NAME too", () => {
    expect(familyByName("lnorm-mixture-2")?.name).toBe("lognormal-mixture-2");
    expect(familyByName("weibull_min-mixture-3")?.params).toEqual([
      "w1",
      "w2",
      "shape1",
      "scale1",
      "shape2",
      "scale2",
      "shape3",
      "scale3",
    ]);
    expect(familyByName("pois-mixture-2")?.name).toBe("poisson-mixture-2");
    expect(() => familyByName("binom-mixture-2")).toThrow(/binomial cannot be mixed/);
    expect(familyByName("frechet-mixture-2")).toBeUndefined();
  });

  it("the command: --mixture 2 --dist gamma, SGD converged to the MLE, components drawn", async () => {
    const file = new URL("../fixtures/faithful_eruptions.csv", import.meta.url).pathname;
    const argv = [file, "--column", "eruptions", "--seed", "1", "--mixture", "2", "--dist"];
    const out = await runCli([...argv, "gamma", "--json"]);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.distribution).toBe("gamma-mixture-2");
    expect(report.converged).toBe(true);
    expect(report.mixture.weights[0]).toBeCloseTo(0.35609, 5);
    // A Student t mixture on clusters that look Normal: each t's df runs off (exit 3, said).
    const t = await runCli([...argv, "student-t"]);
    expect(t.code).toBe(3);
    expect(t.stderr).toMatch(/every start failed \(the last: .*df grows without bound/);
  });

  it("draws from a known gamma mixture give back its parameters within 4 standard errors", () => {
    expectRoundTrip("gamma", [0.4, 3, 2, 20, 2], uniformStream(9, "g"));
  });
});

/** make-count-references.py beside it: L-BFGS-B from 200 random starts, polished in mpmath. */
const COUNT_REFERENCES = JSON.parse(
  readFileSync(new URL("../fixtures/mixture/counts.json", import.meta.url), "utf8"),
) as Record<string, { params: number[]; loglik: number }>;
const countsFile = new URL("../fixtures/mixture/poisson-counts.csv", import.meta.url).pathname;
const counts = Float64Array.from(
  readFileSync(countsFile, "utf8").trim().split("\n").slice(1).map(Number),
);

describe("mixtures of count families: --mixture K --dist poisson", () => {
  for (const k of [2, 3]) {
    it(`${k} Poissons on 600 counts: the MLE of an independent 200-start search, to 1e-7`, () => {
      const ref = COUNT_REFERENCES[`poisson-mixture-${k}`] as { params: number[]; loglik: number };
      const exact = exactFit(mixtureOf(k, familyByName("poisson")), counts);
      expect(exact.logLik).toBeGreaterThanOrEqual(ref.loglik - 1e-9);
      expectRelClose(exact.logLik, ref.loglik, 1e-12);
      exact.params.forEach((v, j) => {
        expectRelClose(v, ref.params[j] as number, 1e-7);
      });
    });
  }

  it("the SGD estimate's components are in the exact MLE's order, not a relabelled copy", async () => {
    // Three Poissons: the third a small component beside the second. With shuffle seeds 2 and 5
    // (of 1 to 12) SGD wandered into the copy with the two swapped (the same likelihood), which
    // the report showed as gaps of 4.8 standard errors.
    const out = await runCli([
      countsFile,
      "--dist",
      "poisson",
      "--mixture",
      "3",
      "--seed",
      "2",
      "--json",
    ]);
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout);
    expect(report.converged).toBe(true);
    const { lambda1, lambda2, lambda3 } = report.params;
    expect(lambda1 < lambda2 && lambda2 < lambda3).toBe(true);
    for (const [name, gap] of Object.entries(report.gap_se)) {
      expect(Math.abs(gap as number), name).toBeLessThan(0.5);
    }
  });

  it("SGD's full-batch steps do not stop at a saddle: the 2-component solution inside the 3", async () => {
    // Shuffle seed 1: the minibatch epoch ends near lambda2 = lambda3 = 9 (the 2-component fit,
    // log-likelihood -1545.10), a stationary point whose information is not positive definite.
    // The stopping rule took its small g' I⁻¹ g there for convergence; now the steps go on to
    // the MLE (-1544.61).
    const out = await runCli([
      countsFile,
      "--dist",
      "poisson",
      "--mixture",
      "3",
      "--seed",
      "1",
      "--json",
    ]);
    const report = JSON.parse(out.stdout);
    expect(report.converged).toBe(true);
    // Within the stopping rule's 0.05 standard errors: a log-likelihood within 0.05²/2 of the
    // maximum's (the saddle was 0.49 below).
    expect(report.loglik - report.sgd.loglik).toBeLessThan(0.00125);
    expect(report.sgd.se).not.toBeNull();
  });

  it("orders components whose medians tie by their parameters", () => {
    const family = mixtureOf(2, familyByName("poisson"));
    // Means 2.4 and 2.1: both medians 2.
    expect(family.canonical?.([0.3, 2.4, 2.1])).toEqual([0.7, 2.1, 2.4]);
  });

  it("draws from a known Poisson mixture give back its parameters within 4 standard errors", () => {
    expectRoundTrip("poisson", [0.3, 1.5, 7], uniformStream(10, "p"));
  });
});

/** make-censored-references.py beside it: L-BFGS-B from 100 random starts, polished in mpmath. */
const CENSORED_REFERENCES = JSON.parse(
  readFileSync(new URL("../fixtures/mixture/censored.json", import.meta.url), "utf8"),
) as Record<string, { params: number[]; loglik: number; censored: number }>;
const censoredFile = new URL("../fixtures/mixture/censored.csv", import.meta.url).pathname;
/** The command line of a 2-component mixture of `dist` on a column of censored.csv. */
const censoredArgs = (column: string, dist: string) => [
  censoredFile,
  "--column",
  column,
  "--event",
  `${column}_event`,
  "--dist",
  dist,
  "--mixture",
  "2",
];

describe("mixtures of censored rows (--event, --left/--right)", () => {
  for (const name of ["normal", "weibull"]) {
    it(`2 ${name}s, right-censored at 6: the MLE of an independent 100-start search, to 1e-7`, async () => {
      const ref = CENSORED_REFERENCES[name] as {
        params: number[];
        loglik: number;
        censored: number;
      };
      const out = await runCli([...censoredArgs(name, name), "--seed", "1", "--json"]);
      expect(out.code, out.stderr).toBe(0);
      const report = JSON.parse(out.stdout);
      expect(report.censoring.right).toBe(ref.censored);
      expect(report.loglik).toBeGreaterThanOrEqual(ref.loglik - 1e-9);
      expectRelClose(report.loglik, ref.loglik, 1e-12);
      Object.values(report.exact_mle.params).forEach((v, j) => {
        expectRelClose(v as number, ref.params[j] as number, 1e-7);
      });
      expect(report.converged).toBe(true);
    });
  }

  it("SGD converges on every shuffle seed of 1 to 8 (2 Weibulls, censored)", async () => {
    // Before: half the seeds diverged (a Weibull shape to 1e77, where logAddExp cancelled to a
    // log-density of 0), or lost a component from the exact rows' EM start.
    for (let seed = 1; seed <= 8; seed++) {
      const out = await runCli([
        ...censoredArgs("weibull", "weibull"),
        "--seed",
        String(seed),
        "--json",
      ]);
      const report = JSON.parse(out.stdout);
      expect(report.converged, `seed ${seed}`).toBe(true);
      for (const gap of Object.values(report.gap_se))
        expect(Math.abs(gap as number)).toBeLessThan(0.1);
    }
  });

  it("with every row exact, equals the uncensored fit", async () => {
    const lines = readFileSync(censoredFile, "utf8").trim().split("\n").slice(1);
    const exact = `x,event\n${lines.map((l) => `${l.split(",")[0]},1`).join("\n")}\n`;
    const censored = await runCli(
      ["--column", "x", "--event", "event", "--mixture", "2", "--seed", "1", "--json"],
      exact,
    );
    const plain = await runCli(["--column", "x", "--mixture", "2", "--seed", "1", "--json"], exact);
    const [a, b] = [JSON.parse(censored.stdout), JSON.parse(plain.stdout)];
    for (const [name, value] of Object.entries(b.exact_mle.params)) {
      expectRelClose(a.exact_mle.params[name], value as number, 1e-9);
    }
    expectRelClose(a.loglik, b.loglik, 1e-12);
  });

  it("a family without a log-CDF in its parameters cannot (the gamma's): exit 2, said", async () => {
    const out = await runCli(censoredArgs("weibull", "gamma"));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mle-fit: gamma-mixture-2 cannot fit censored data yet/);
  });
});

/** 3,000 draws from a mixture of 2 `base`s at `truth`: the exact MLE within 4 SEs of each. */
function expectRoundTrip(base: string, truth: readonly number[], uniform: () => number): void {
  const family = mixtureOf(2, familyByName(base));
  const data = Float64Array.from({ length: 3000 }, family.sampler(truth, uniform));
  const report = fitData(data, { dist: `${base}-mixture-2`, seed: 1 }) as unknown as {
    exact_mle: { params: Record<string, number> };
    se: Record<string, number>;
  };
  family.params.forEach((p, j) => {
    const z =
      ((report.exact_mle.params[p] as number) - (truth[j] as number)) / (report.se[p] as number);
    expect(Math.abs(z), p).toBeLessThan(4);
  });
}
