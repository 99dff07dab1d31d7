import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { AUTO_FAMILIES, FAMILIES, familyByName } from "../../src/distributions/index.js";
import { normal } from "../../src/distributions/normal.js";
import { gamma } from "../../src/distributions/positive.js";
import { DataError } from "../../src/errors.js";
import { exactFit } from "../../src/fit/exact.js";
import { fitFamily } from "../../src/fit/fit.js";
import { compareFamilies } from "../../src/inference/compare.js";
import { infer } from "../../src/inference/infer.js";
import { normalMle } from "../../src/stats/moments.js";
import { runCli } from "../cli/fake-io.js";
import { generateNormal } from "../normal-fit.js";

describe("the Normal is an ordinary family", () => {
  const data = generateNormal(500, -4, 2, uniformStream(1, "data"));
  const options = { literal: false, lr: 0.02, batchSize: 10, epochs: 2 };

  it("fits through the one pipeline: its closed form is the exact MLE, Newton agrees to 1e-9", () => {
    const fit = fitFamily(normal, data, { ...options, uniform: uniformStream(1, "shuffle") });
    const { loc, scale } = normalMle(data);
    expect(fit.exact.params).toEqual([loc, scale]);
    expect(fit.exact.method).toBe("closed form: mean, and standard deviation with divisor n");
    // The same family with its closed form hidden goes through Newton's method.
    const { closedForm: _, ...withoutClosedForm } = normal;
    const newton = exactFit(withoutClosedForm, data);
    expect(newton.method).toMatch(/^Newton's method/);
    newton.params.forEach((p, j) => {
      expect(Math.abs(p - (fit.exact.params[j] as number))).toBeLessThan(1e-9 * scale);
    });
  });

  it("infers through the one inference: its GOF p-values come from its tables hook", () => {
    const fit = fitFamily(normal, data, { ...options, uniform: uniformStream(1, "shuffle") });
    const inference = infer(data, fit, { level: 0.95, engine: "compiled" });
    expect(inference.gof.method).toMatch(/^approximations for estimated parameters/);
    expect(inference.gof.ks?.pValue).toEqual(expect.any(Number));
    const lognormal = familyByName("lognormal");
    if (lognormal === undefined) throw new Error("lognormal is a family");
    const positive = data.map((x) => Math.exp(x / 4));
    const other = infer(
      positive,
      fitFamily(lognormal, positive, { ...options, uniform: uniformStream(1, "shuffle") }),
      { level: 0.95, engine: "compiled" },
    );
    expect(other.gof.ks).toMatchObject({ pValue: null });
  });
});

describe("support is checked below the command line", () => {
  it("exactFit(gamma, [-1, 2, 3]) is a support error, not 'log-likelihood at the start is NaN'", () => {
    const fit = () => exactFit(gamma, Float64Array.of(-1, 2, 3));
    expect(fit).toThrow(DataError);
    expect(fit).toThrow("data[0]: -1 is outside the gamma family's support (values above 0)");
  });

  it("compareFamilies(FAMILIES, 8 non-integer values) fits no count family: they are unsupported", () => {
    const data = Float64Array.of(0.5, 1.25, 2.5, 3.75, 1.5, 2.25, 0.75, 4.5);
    const comparison = compareFamilies(FAMILIES, data);
    const ranked = comparison.ranked.map((c) => c.family.name);
    expect(ranked).not.toContain("poisson");
    expect(ranked).not.toContain("negbin");
    expect(comparison.unsupported.map((f) => f.name)).toEqual([
      "beta",
      "poisson",
      "negbin",
      "geometric",
      "zip",
      "binomial",
    ]);
    expect(comparison.failed.map((f) => f.family.name)).not.toContain("poisson");
  });
});

describe("--help", () => {
  it("says what --quiet prints for any family, not loc,scale alone", async () => {
    const stdout = (await runCli(["--help"])).stdout.replace(/\s+/g, " ");
    expect(stdout).toContain("print only the SGD estimates, comma-separated in the family's order");
    expect(stdout).not.toContain("print only loc,scale");
  });
});

describe("names from the anchors", () => {
  it("accepts R's and scipy's name for every family", async () => {
    const { canonicalFamilyName } = await import("../../src/distributions/names.js");
    const names: Record<string, string[]> = {
      normal: ["norm"],
      lognormal: ["lnorm", "lognorm"],
      exponential: ["exp", "expon"],
      gamma: ["gamma"],
      weibull: ["weibull", "weibull_min"],
      logistic: ["logis", "logistic"],
      laplace: ["laplace"],
      cauchy: ["cauchy"],
      "student-t": ["t"],
      poisson: ["pois", "poisson"],
      negbin: ["nbinom"],
    };
    for (const [family, aliases] of Object.entries(names)) {
      for (const alias of aliases) expect(canonicalFamilyName(alias), alias).toBe(family);
      expect(familyByName(family)?.name).toBe(family);
    }
    const outcome = await runCli(
      ["--dist", "weibull_min,lognorm,expon", "--quiet"],
      "1\n2\n4\n7\n",
    );
    expect(outcome.code).toBe(0);
  });
});

describe("--quiet", () => {
  it("prints the estimates and no warning; --max-gap-se still fails the run", async () => {
    const quiet = await runCli(["--seed", "1", "--quiet"]);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toMatch(/^-?[\d.e-]+,[\d.e-]+\n$/);
    const fixed = await runCli(["--seed", "1", "--epochs", "2", "--quiet"]);
    expect(fixed.stderr).toBe("");
    const loud = await runCli(["--seed", "1", "--epochs", "2"]);
    expect(loud.stderr).toMatch(/^mle-fit: warning: after 2 epochs, the SGD estimate of scale is/);
    const strict = await runCli(["--seed", "1", "--epochs", "2", "--quiet", "--max-gap-se", "1"]);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toBe(fixed.stdout);
  });
});

describe("exact fits next to a huge outlier (scale-aware convergence)", () => {
  const data = Float64Array.from([...generateNormal(999, 10, 1, uniformStream(1, "data")), 1e12]);

  /** Cauchy MLE by EM (the t family's weights with one degree of freedom), to a fixed point. */
  function cauchyByEm(x: Float64Array): [number, number] {
    let loc = 10;
    let scale = 1;
    for (let iteration = 0; iteration < 100_000; iteration++) {
      let sw = 0;
      let swx = 0;
      for (const v of x) {
        const z = (v - loc) / scale;
        const w = 1 / (1 + z * z);
        sw += w;
        swx += w * v;
      }
      const nextLoc = swx / sw;
      let ss = 0;
      for (const v of x) {
        const z = (v - loc) / scale;
        ss += (v - nextLoc) ** 2 / (1 + z * z);
      }
      const nextScale = Math.sqrt((2 * ss) / x.length);
      const done = nextLoc === loc && nextScale === scale;
      loc = nextLoc;
      scale = nextScale;
      if (done) break;
    }
    return [loc, scale];
  }

  it("Cauchy: Newton converges (it stopped 'not converged' at relative gradient 1e-5) and equals EM to 1e-9", async () => {
    const { cauchy } = await import("../../src/distributions/location-scale.js");
    const fitted = exactFit(cauchy, data);
    const [loc, scale] = cauchyByEm(data);
    expect(Math.abs((fitted.params[0] as number) - loc)).toBeLessThan(1e-9 * scale);
    expect(Math.abs((fitted.params[1] as number) / scale - 1)).toBeLessThan(1e-9);
  });

  it("Student t converges too, and --dist auto ranks both", async () => {
    const { studentT } = await import("../../src/distributions/location-scale.js");
    expect(exactFit(studentT, data).method).toMatch(/^Newton's method/);
    const comparison = compareFamilies(AUTO_FAMILIES, data);
    const ranked = comparison.ranked.map((c) => c.family.name);
    expect(ranked.slice(0, 2)).toEqual(["student-t", "cauchy"]);
    expect(comparison.failed).toEqual([]);
  });
});

describe("--init-loc and --init-scale for any family with a loc or a scale", () => {
  it("start the logistic's SGD where asked; a family without them is exit 2", async () => {
    const outcome = await runCli([
      ...["--dist", "logistic", "--param", "loc=1", "--param", "scale=2", "--n", "200"],
      ...["--init-loc", "0.5", "--init-scale", "3", "--seed", "1", "--json"],
    ]);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).optimizer.start).toEqual({ loc: 0.5, scale: 3 });
    const gamma = await runCli(["--dist", "gamma", "--init-loc", "1"], "1\n2\n3\n");
    expect(gamma.code).toBe(2);
    expect(gamma.stderr).toBe(
      "mle-fit: --init-loc: --dist gamma has no parameter loc (its parameters: shape, rate)\n",
    );
  });
});
