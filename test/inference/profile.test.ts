import gammaln from "@stdlib/math-base-special-gammaln";
import { describe, expect, it } from "vitest";
import { fit as fitValues } from "../../src/api/fit.js";
import { draw } from "../../src/data/generate.js";
import { uniformStream } from "../../src/data/random.js";
import { familyByName } from "../../src/distributions/index.js";
import { runCli } from "../cli/fake-io.js";
import { expectRelClose } from "../helpers.js";

const Z = 1.959963984540054; // the standard Normal's 0.975 quantile
const CUT = (Z * Z) / 2;
const sample = (name: string, params: number[], n: number) => {
  const family = familyByName(name);
  if (family === undefined) throw new Error(name);
  return draw(family, params, n, uniformStream(4, "data"));
};
const sum = (x: Float64Array) => x.reduce((s, v) => s + v, 0);

/** A report's interval of a parameter, both ends finite. */
function interval(report: { ci: Record<string, unknown> | null }, name: string): [number, number] {
  const range = report.ci?.[name];
  if (!Array.isArray(range)) throw new Error(`no interval for ${name}`);
  return [Number(range[0]), Number(range[1])];
}

/** The root of f in [lo, hi] (f changes sign there), by plain bisection: the oracle's root-finder. */
function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let [a, b] = [lo, hi];
  const fa = f(a);
  for (let i = 0; i < 300; i++) {
    const m = (a + b) / 2;
    if (Math.sign(f(m)) === Math.sign(fa)) a = m;
    else b = m;
  }
  return (a + b) / 2;
}

describe("--ci profile: profile-likelihood intervals (issue 13, item 4)", () => {
  it("Normal: loc's interval is x̄ ± s·sqrt(exp(z²/n) - 1); scale's solves the profile in σ (1e-6)", () => {
    const x = sample("normal", [-4, 2], 40);
    const n = x.length;
    const mean = sum(x) / n;
    const s = Math.sqrt(sum(x.map((v) => (v - mean) ** 2)) / n);
    const report = fitValues(x, { ci: "profile", seed: 1 });
    expect(report.ci_method).toBe("profile");
    const half = s * Math.sqrt(Math.exp((Z * Z) / n) - 1);
    const [lo, hi] = interval(report, "loc");
    expectRelClose(lo, mean - half, 1e-6);
    expectRelClose(hi, mean + half, 1e-6);
    // Profile in σ: loc at x̄ for every σ, so ℓp(σ) = -n log σ - n s²/(2σ²) - n log(2π)/2.
    const lp = (sigma: number) => -n * Math.log(sigma) - (n * s * s) / (2 * sigma * sigma);
    const f = (sigma: number) => lp(sigma) - (lp(s) - CUT);
    const [slo, shi] = interval(report, "scale");
    expectRelClose(slo, bisect(f, s / 10, s), 1e-6);
    expectRelClose(shi, bisect(f, s, s * 10), 1e-6);
  });

  it("Exponential, one parameter, is its own profile: n log λ - λ Σx", () => {
    const x = sample("exponential", [0.3], 30);
    const n = x.length;
    const rate = n / sum(x);
    const l = (lambda: number) => n * Math.log(lambda) - lambda * sum(x);
    const f = (lambda: number) => l(lambda) - (l(rate) - CUT);
    const report = fitValues(x, { dist: "exponential", ci: "profile", seed: 1 });
    const [lo, hi] = interval(report, "rate");
    expectRelClose(lo, bisect(f, rate / 10, rate), 1e-6);
    expectRelClose(hi, bisect(f, rate, rate * 10), 1e-6);
  });

  it("Gamma: shape's interval against its profile with the rate maximized in closed form (shape / mean)", () => {
    const x = sample("gamma", [2, 1], 60);
    const n = x.length;
    const mean = sum(x) / n;
    const meanLog = sum(x.map(Math.log)) / n;
    // ℓp(a) = n [a log(a / x̄) - lgamma(a) + (a - 1) mean(log x) - a].
    const lp = (a: number) => n * (a * Math.log(a / mean) - gammaln(a) + (a - 1) * meanLog - a);
    const report = fitValues(x, { dist: "gamma", ci: "profile", seed: 1 });
    const shape = report.exact_mle.params.shape as number;
    const f = (a: number) => lp(a) - (lp(shape) - CUT);
    const [lo, hi] = interval(report, "shape");
    expectRelClose(lo, bisect(f, shape / 20, shape), 1e-6);
    expectRelClose(hi, bisect(f, shape, shape * 20), 1e-6);
    // Skewed: the profile interval is not symmetric about the MLE, as Wald's log-scale one is not either,
    // but they differ.
    const wald = interval(fitValues(x, { dist: "gamma", seed: 1 }), "shape");
    expect(Math.abs(wald[0] - lo)).toBeGreaterThan(1e-3);
  });

  it("works with --fix: the free parameters' profiles", () => {
    const x = sample("gamma", [2, 1], 60);
    const n = x.length;
    const meanLog = sum(x.map(Math.log)) / n;
    const rate = 1.2;
    const l = (a: number) =>
      n * (a * Math.log(rate) - gammaln(a) + (a - 1) * meanLog) - rate * sum(x);
    const report = fitValues(x, { dist: "gamma", fix: { rate }, ci: "profile", seed: 1 });
    const shape = report.exact_mle.params.shape as number;
    const f = (a: number) => l(a) - (l(shape) - CUT);
    const [lo, hi] = interval(report, "shape");
    expectRelClose(lo, bisect(f, shape / 20, shape), 1e-6);
    expectRelClose(hi, bisect(f, shape, shape * 20), 1e-6);
  });

  it("the command line prints it, says so, and validates --ci", async () => {
    const text = await runCli(["--n", "40", "--seed", "1", "--ci", "profile", "--no-timing"]);
    expect(text.stdout).toContain("95% profile interval");
    const json = JSON.parse(
      (await runCli(["--n", "40", "--seed", "1", "--ci", "profile", "--json"])).stdout,
    );
    expect(json.ci_method).toBe("profile");
    const auto = await runCli(["--dist", "auto", "--ci", "profile"], "1\n2\n3.5\n");
    expect(auto.code).toBe(2);
    expect(auto.stderr).toMatch(/^mle-fit: --ci profile applies to one family's fit; /);
    const bad = await runCli(["--n", "40", "--ci", "exact"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('mle-fit: --ci must be one of wald, profile, got "exact"\n');
  });
});
