import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { draw } from "../../src/data/generate.js";
import { uniformStream } from "../../src/data/random.js";
import { familyByName } from "../../src/distributions/index.js";
import { runCli } from "../cli/fake-io.js";
import { expectRelClose } from "../helpers.js";

const family = (name: string) => {
  const found = familyByName(name);
  if (found === undefined) throw new Error(name);
  return found;
};
const sample = (name: string, params: number[], n = 500, seed = 1) =>
  draw(family(name), params, n, uniformStream(seed, "data"));
const mean = (x: Float64Array) => x.reduce((s, v) => s + v, 0) / x.length;

describe("--fix name=value (issue 13, item 1; R's fitdist fix.arg)", () => {
  it("Normal, loc fixed: scale is sqrt(mean((x - loc)²)), its SE scale / sqrt(2n), AIC and BIC with k = 1", () => {
    const x = sample("normal", [-4, 2]);
    const report = fitData(x, { fix: { loc: -3.5 }, seed: 1 });
    const scale = Math.sqrt(mean(x.map((v) => (v + 3.5) ** 2)));
    expect(Object.keys(report.params)).toEqual(["scale"]);
    expect(report.fixed).toEqual({ loc: -3.5 });
    expectRelClose(report.exact_mle.params.scale as number, scale, 1e-9);
    expectRelClose(report.se?.scale as number, scale / Math.sqrt(2 * x.length), 1e-6);
    const loglik = -x.length * (Math.log(scale) + 0.5 * Math.log(2 * Math.PI) + 0.5);
    expectRelClose(report.loglik, loglik, 1e-10);
    expectRelClose(report.aic, 2 - 2 * loglik, 1e-10);
    expectRelClose(report.bic, Math.log(x.length) - 2 * loglik, 1e-10);
    // SGD reaches it too, by default.
    expect(Math.abs(report.gap_se?.scale as number)).toBeLessThanOrEqual(0.05);
  });

  it("Normal, scale fixed: loc is the mean", () => {
    const x = sample("normal", [-4, 2]);
    const report = fitData(x, { fix: { scale: 3 }, seed: 1 });
    expectRelClose(report.exact_mle.params.loc as number, mean(x), 1e-12);
    expectRelClose(report.se?.loc as number, 3 / Math.sqrt(x.length), 1e-9);
  });

  it("Gamma, shape fixed: rate = shape / mean; Weibull, shape fixed: scale = mean(x^k)^(1/k)", () => {
    const g = sample("gamma", [2, 0.5]);
    const gamma = fitData(g, { dist: "gamma", fix: { shape: 2.5 }, seed: 1 });
    expectRelClose(gamma.exact_mle.params.rate as number, 2.5 / mean(g), 1e-9);
    const w = sample("weibull", [1.5, 3]);
    const weibull = fitData(w, { dist: "weibull", fix: { shape: 1.7 }, seed: 1 });
    const scale = mean(w.map((v) => v ** 1.7)) ** (1 / 1.7);
    expectRelClose(weibull.exact_mle.params.scale as number, scale, 1e-9);
  });

  it("Laplace: scale fixed gives the median; loc fixed gives the mean |x - loc|", () => {
    const x = sample("laplace", [1, 2], 501);
    const sorted = Float64Array.from(x).sort();
    const median = sorted[250] as number;
    const byScale = fitData(x, { dist: "laplace", fix: { scale: 2 }, seed: 1 });
    expect(byScale.exact_mle.params.loc).toBeCloseTo(median, 9);
    expect(Math.abs(byScale.params.loc as number) - Math.abs(median)).toBeCloseTo(0, 9);
    const byLoc = fitData(x, { dist: "laplace", fix: { loc: 0.5 }, seed: 1 });
    expectRelClose(
      byLoc.exact_mle.params.scale as number,
      mean(x.map((v) => Math.abs(v - 0.5))),
      1e-9,
    );
  });

  it("Student t with df fixed fits loc and scale (df = 1 is the Cauchy)", () => {
    const x = sample("cauchy", [1, 2], 400);
    const t = fitData(x, { dist: "student-t", fix: { df: 1 }, seed: 1 });
    const cauchy = fitData(x, { dist: "cauchy", seed: 1 });
    expectRelClose(t.exact_mle.params.loc as number, cauchy.exact_mle.params.loc as number, 1e-8);
    expectRelClose(
      t.exact_mle.params.scale as number,
      cauchy.exact_mle.params.scale as number,
      1e-8,
    );
    expectRelClose(t.loglik, cauchy.loglik, 1e-12);
  });

  it("the command line says the same as the library, and names what is fixed", async () => {
    const outcome = await runCli([
      "--n",
      "300",
      "--seed",
      "2",
      "--fix",
      "loc=-4",
      "--json",
      "--no-timing",
    ]);
    expect(outcome.code).toBe(0);
    const json = JSON.parse(outcome.stdout);
    expect(json.fixed).toEqual({ loc: -4 });
    expect(Object.keys(json.se)).toEqual(["scale"]);
    const text = await runCli(["--n", "300", "--seed", "2", "--fix", "loc=-4", "--no-timing"]);
    expect(text.stdout).toMatch(/^Normal \(loc = -4 fixed\) fit by minibatch SGD, n = 300\n/);
  });

  it("refuses what cannot be fixed, before reading any data (exit 2, one line)", async () => {
    const cases: [string[], string][] = [
      [
        ["--fix", "mu=1"],
        'mle-fit: --fix mu: normal has no parameter "mu" (its parameters: loc, scale)\n',
      ],
      [
        ["--fix", "scale=0"],
        "mle-fit: --fix scale=0: normal's scale must be a finite number above 0\n",
      ],
      [
        ["--fix", "loc=0", "--fix", "scale=1"],
        "mle-fit: --fix: every parameter of normal is fixed (loc, scale); leave at least one to fit\n",
      ],
      [["--fix", "loc=0", "--init-loc", "1"], "mle-fit: --init-loc: loc is fixed by --fix loc=0\n"],
      [
        ["--dist", "auto", "--fix", "loc=0"],
        "mle-fit: --fix applies to one family's fit; a comparison (--dist auto or a list) has exact fits only (choose one --dist to use --fix)\n",
      ],
      [
        ["--fix", "loc"],
        'mle-fit: --fix must be name=value with a finite number, such as shape=2 (or shape=2,rate=0.5), got "loc"\n',
      ],
      [
        ["--fix", "loc=0,scale"],
        'mle-fit: --fix must be name=value with a finite number, such as shape=2 (or shape=2,rate=0.5), got "loc=0,scale"\n',
      ],
      [
        ["--fix", "loc=0,scale=1"],
        "mle-fit: --fix: every parameter of normal is fixed (loc, scale); leave at least one to fit\n",
      ],
    ];
    for (const [args, stderr] of cases) {
      const outcome = await runCli(["--n", "100", "--seed", "1", ...args]);
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({
        args,
        code: 2,
        stderr,
      });
    }
    expect(() => fitData([1, 2, 3], { dist: "auto", fix: { loc: 0 } })).toThrow(
      /^fix applies to one family's fit/,
    );
  });
});
