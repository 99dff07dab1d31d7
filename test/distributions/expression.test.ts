import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { uniformStream } from "../../src/data/random.js";
import { compileExpression } from "../../src/distributions/expression/compile.js";
import { expressionFamily } from "../../src/distributions/expression/family.js";
import { parseExpression } from "../../src/distributions/expression/parse.js";
import type { Family } from "../../src/distributions/family.js";
import { FAMILIES, familyByName } from "../../src/distributions/index.js";
import { Value } from "../../src/engine/value.js";
import { UsageError } from "../../src/errors.js";
import { exactFit } from "../../src/fit/exact.js";
import { runCli } from "../cli/fake-io.js";
import { expectRelClose } from "../helpers.js";

type Report = {
  exact_mle: { params: Record<string, number> };
  se: Record<string, number>;
  ci: Record<string, [number, number]>;
  loglik: number;
  aic: number;
  gof: {
    ks: { statistic: number } | null;
    cvm: { statistic: number } | null;
    ad: { statistic: number } | null;
    method: string;
  };
  converged: boolean;
};

function draws(name: string, params: number[], n: number, seed: number): Float64Array {
  const family = familyByName(name);
  if (family === undefined) throw new Error(name);
  return Float64Array.from({ length: n }, family.sampler(params, uniformStream(seed, name)));
}

/** The hand-written fit equals the family's: estimates, SEs and log-likelihood to 1e-9. */
function expectSameFit(ours: Report, theirs: Report, names: [string, string][]) {
  for (const [mine, family] of names) {
    expectRelClose(
      ours.exact_mle.params[mine] as number,
      theirs.exact_mle.params[family] as number,
      1e-9,
    );
    expectRelClose(ours.se[mine] as number, theirs.se[family] as number, 1e-9);
  }
  expectRelClose(ours.loglik, theirs.loglik, 1e-12);
  expectRelClose(ours.aic, theirs.aic, 1e-12);
  expect(ours.converged).toBe(true);
}

describe("--logpdf: a log-density written by hand is the family it writes", () => {
  it("the Weibull by hand reproduces --dist weibull to 1e-9, goodness of fit included", () => {
    const data = draws("weibull", [1.7, 2.5], 800, 3);
    const ours = fitData(data, {
      logpdf: "log(k) - log(s) + (k - 1) * log(x / s) - (x / s)^k",
      start: { k: 1, s: 1 },
      positive: ["k", "s"],
      seed: 1,
    }) as unknown as Report;
    const theirs = fitData(data, { dist: "weibull", seed: 1 }) as unknown as Report;
    expectSameFit(ours, theirs, [
      ["k", "shape"],
      ["s", "scale"],
    ]);
    // The numerically integrated CDF gives the same EDF statistics as the closed-form one.
    for (const test of ["ks", "cvm", "ad"] as const) {
      expectRelClose(
        ours.gof[test]?.statistic as number,
        theirs.gof[test]?.statistic as number,
        1e-9,
      );
    }
  });

  it("on a million values, Newton stops where the sums round (it ran 500 iterations before)", () => {
    const data = draws("weibull", [1.5, 3], 1_000_000, 1);
    const twin = expressionFamily(
      {
        text: "log(k) - log(s) + (k - 1) * log(x / s) - (x / s)^k",
        mass: "pdf",
        start: [
          ["k", 1],
          ["s", 1],
        ],
        positive: ["k", "s"],
      },
      FAMILIES,
    );
    const ours = exactFit(twin, data);
    const theirs = exactFit(familyByName("weibull") as Family, data);
    expect(Number(/\((\d+) iterations\)/.exec(ours.method)?.[1])).toBeLessThan(20);
    ours.params.forEach((p, j) => {
      expectRelClose(p, theirs.params[j] as number, 1e-9);
    });
  });

  it("the gamma by hand (shape, rate, lgamma) reproduces --dist gamma to 1e-9", () => {
    const data = draws("gamma", [0.7, 0.4], 600, 5);
    const ours = fitData(data, {
      logpdf: "a * log(b) - lgamma(a) + (a - 1) * log(x) - b * x",
      start: { a: 1, b: 1 },
      positive: ["a", "b"],
      seed: 1,
    }) as unknown as Report;
    const theirs = fitData(data, { dist: "gamma", seed: 1 }) as unknown as Report;
    expectSameFit(ours, theirs, [
      ["a", "shape"],
      ["b", "rate"],
    ]);
    expectRelClose(ours.gof.ad?.statistic as number, theirs.gof.ad?.statistic as number, 1e-8);
  });

  it("a family's own log-density by name, and a log-mass function of counts by hand", () => {
    const normal = draws("normal", [-4, 2], 500, 7);
    const byName = fitData(normal, {
      logpdf: "normal_logpdf(x, m, s)",
      start: { m: 0, s: 1 },
      positive: ["s"],
      seed: 1,
    }) as unknown as Report;
    const theirs = fitData(normal, { seed: 1 }) as unknown as Report;
    expectSameFit(byName, theirs, [
      ["m", "loc"],
      ["s", "scale"],
    ]);
    const counts = draws("poisson", [3.2], 500, 9);
    const pmf = fitData(counts, {
      logpmf: "x * log(l) - l - lgamma(x + 1)",
      start: { l: 1 },
      positive: ["l"],
      seed: 1,
    }) as unknown as Report;
    const poisson = fitData(counts, { dist: "poisson", seed: 1 }) as unknown as Report;
    expectSameFit(pmf, poisson, [["l", "lambda"]]);
    expectRelClose(pmf.gof.ks?.statistic as number, poisson.gof.ks?.statistic as number, 1e-9);
  });

  it("--bounds keeps a probability inside (0, 1): the geometric's MLE is 1 / (1 + mean)", () => {
    const counts = Float64Array.from([0, 0, 1, 3, 0, 2, 5, 1, 0, 0, 4, 1]);
    const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
    const report = fitData(counts, {
      logpmf: "log(p) + x * log(1 - p)",
      start: { p: 0.5 },
      bounds: { p: [0, 1] },
      seed: 1,
    }) as unknown as Report;
    expectRelClose(report.exact_mle.params.p as number, 1 / (1 + mean), 1e-10);
    // The observed information of the geometric: n / (p² (1 - p)).
    const p = 1 / (1 + mean);
    expectRelClose(report.se.p as number, Math.sqrt((p * p * (1 - p)) / counts.length), 1e-8);
    const [lo, hi] = report.ci.p as [number, number];
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeLessThan(1);
  });

  it("a density that does not integrate to 1 has no goodness of fit, and says so", () => {
    const data = draws("normal", [0, 1], 200, 11);
    // The Normal without its constant: the same estimates, but not a density.
    const report = fitData(data, {
      logpdf: "-((x - m) / s)^2 / 2 - log(s)",
      start: { m: 0, s: 1 },
      positive: ["s"],
      seed: 1,
    }) as unknown as Report;
    expect(report.gof.ks).toBeNull();
    expect(report.gof.method).toMatch(/not available: your density integrates to 2\.5066\d* over/);
  });

  it("logsumexp: a two-component Normal mixture's log-likelihood equals a direct sum", () => {
    const data = Float64Array.from([
      ...draws("normal", [-2, 0.5], 150, 13),
      ...draws("normal", [3, 1], 250, 17),
    ]);
    const report = fitData(data, {
      logpdf: "logsumexp(log(w) + normal_logpdf(x, m1, s1), log(1 - w) + normal_logpdf(x, m2, s2))",
      start: { w: 0.5, m1: -1, s1: 1, m2: 1, s2: 1 },
      positive: ["s1", "s2"],
      bounds: { w: [0, 1] },
      seed: 1,
    }) as unknown as Report;
    const { w, m1, s1, m2, s2 } = report.exact_mle.params as {
      w: number;
      m1: number;
      s1: number;
      m2: number;
      s2: number;
    };
    const phi = (x: number, m: number, s: number) =>
      Math.exp(-0.5 * ((x - m) / s) ** 2) / (s * Math.sqrt(2 * Math.PI));
    let direct = 0;
    for (const x of data) direct += Math.log(w * phi(x, m1, s1) + (1 - w) * phi(x, m2, s2));
    expectRelClose(report.loglik, direct, 1e-12);
    expectRelClose(w, 150 / 400, 0.2);
  });
});

describe("the expression language: every name and call checked, nothing evaluated", () => {
  const families = FAMILIES;
  const evaluate = (text: string, names: string[], x: number, params: number[]) =>
    compileExpression(
      parseExpression(text, "--logpdf"),
      names,
      families,
      "--logpdf",
    )(
      x,
      params.map((p) => new Value(p)),
    ).data;

  it("has the usual precedence: ^ binds tightest and to the right, -x^2 is -(x^2)", () => {
    expect(evaluate("-x^2 + a", ["a"], 3, [0])).toBe(-9);
    expect(evaluate("2^3^2 * a", ["a"], 0, [1])).toBe(512);
    expect(evaluate("a - 1 - 2", ["a"], 0, [10])).toBe(7);
    expect(evaluate("a / 2 / 5", ["a"], 0, [10])).toBe(1);
    expect(evaluate("a ** -1 * x", ["a"], 3, [2])).toBe(1.5);
    expectRelClose(evaluate("logsumexp(a, a)", ["a"], 0, [1000]), 1000 + Math.LN2, 1e-15);
    expectRelClose(evaluate("expm1(a)", ["a"], 0, [1e-10]), 1.00000000005e-10, 1e-15);
    expectRelClose(evaluate("a * pi", ["a"], 0, [1]), Math.PI, 1e-16);
  });

  const hostile = [
    "process.exit(1)",
    "constructor",
    "__proto__",
    "x.constructor",
    "toString(x)",
    "hasOwnProperty(a)",
    "this",
    "a; process.exit(1)",
    "require('fs')",
    "`a`",
    '"a"',
    "a[0]",
    "x => a",
    "a ? 1 : 2",
    "",
    "a +",
    "log(a,)",
    "log()",
    "normal_logpdf(x, a)",
    "1e999 * a",
    "foo(a)",
    "a b",
    "(a",
    `${"(".repeat(1000)}a${")".repeat(1000)}`,
    "a + ".repeat(5000),
    `a${" + x".repeat(4000)}`,
  ];
  it.each(hostile.map((h) => [h.length > 60 ? `${h.slice(0, 40)}... (${h.length} chars)` : h, h]))(
    "refuses %j with exit 2 and one line",
    async (_label, text) => {
      const out = await runCli(["--logpdf", text as string, "--start", "a=1"], "1\n2\n3\n");
      expect(out.code).toBe(2);
      expect(out.stderr.trim().split("\n")).toHaveLength(1);
      expect(out.stderr).toMatch(/^mle-fit: /);
      expect(out.stdout).toBe("");
    },
  );

  it("random expressions from the grammar compile and evaluate; random token strings compile or are a UsageError", () => {
    const grammar = uniformStream(98, "grammar");
    const pick = <T>(items: readonly T[]) => items[Math.floor(grammar() * items.length)] as T;
    const expression = (depth: number): string => {
      if (depth === 0 || grammar() < 0.3) return pick(["a", "x", "2", "0.5", "pi"]);
      const r = grammar();
      if (r < 0.4)
        return `${expression(depth - 1)} ${pick(["+", "-", "*", "/", "^"])} ${expression(depth - 1)}`;
      if (r < 0.6) return `-(${expression(depth - 1)})`;
      if (r < 0.9)
        return `${pick(["log", "exp", "sqrt", "log1p", "expm1", "abs", "lgamma", "digamma", "logistic"])}(${expression(depth - 1)})`;
      return `logsumexp(${expression(depth - 1)}, ${expression(depth - 1)})`;
    };
    for (let i = 0; i < 500; i++) {
      const text = `a * ${expression(5)}`;
      const logProb = compileExpression(
        parseExpression(text, "--logpdf"),
        ["a"],
        FAMILIES,
        "--logpdf",
      );
      expect(logProb(1.5, [new Value(0.7)])).toBeInstanceOf(Value);
    }
    const pieces = [
      "a",
      "x",
      "b",
      "1",
      "2.5e3",
      "+",
      "-",
      "*",
      "/",
      "^",
      "**",
      "(",
      ")",
      ",",
      "log",
      "exp",
      "lgamma",
      "logsumexp",
      "normal_logpdf",
      "pi",
      "__proto__",
      "constructor",
      ".",
      "[",
      "'",
      " ",
    ];
    const uniform = uniformStream(99, "fuzz");
    let compiled = 0;
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(uniform() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(uniform() * pieces.length)]).join(
        "",
      );
      try {
        const logProb = compileExpression(
          parseExpression(text, "--logpdf"),
          ["a"],
          FAMILIES,
          "--logpdf",
        );
        const value = logProb(1.5, [new Value(0.7)]);
        expect(value).toBeInstanceOf(Value);
        compiled++;
      } catch (error) {
        expect(error, text).toBeInstanceOf(UsageError);
        expect((error as Error).message).not.toContain("\n");
      }
    }
    expect(compiled).toBeGreaterThan(0);
  });

  it("refuses parameters that clash, go unused, or start outside their range", async () => {
    const cases: [string[], RegExp][] = [
      [["--logpdf", "log(a) - a * x", "--start", "x=1"], /--start x: a parameter's name/],
      [["--logpdf", "log(a) - a * x", "--start", "log=1"], /--start log: a parameter's name/],
      [
        ["--logpdf", "log(a) - a * x", "--start", "a=1,b=2"],
        /parameter b \(from --start\) does not appear/,
      ],
      [
        ["--logpdf", "log(a) - a * x", "--start", "a=-1", "--positive", "a"],
        /--start a=-1: it must be a finite number above 0/,
      ],
      [["--logpdf", "log(a) - a * x", "--start", "a=1", "--bounds", "a=2:1"], /--bounds/],
      [["--logpdf", "log(a) - a * x"], /needs --start/],
      [["--logpdf", "log(a) - a * x", "--start", "a=1", "--dist", "gamma"], /choose one/],
      [["--start", "a=1"], /--start, --positive and --bounds are for --logpdf/],
      [
        ["--logpdf", "log(a) - a * x", "--start", "a=1", "--positive", "b"],
        /b \(in --positive or --bounds\) is not a parameter/,
      ],
    ];
    for (const [argv, message] of cases) {
      const out = await runCli(argv, "1\n2\n3\n");
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toMatch(message);
    }
    // The JSON report names the expression (and follows the schema, which runCli checks).
    const json = await runCli(
      ["--logpdf", "log(r) - r * x", "--start", "r=1", "--positive", "r", "--json", "--seed", "1"],
      "1\n2\n3\n",
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      distribution: "logpdf",
      expression: "log(r) - r * x",
    });
    // A value where the log-density is not finite at the start: exit 3, naming it.
    const out = await runCli(
      ["--logpdf", "log(k) + (k - 1) * log(x) - x^k", "--start", "k=1", "--positive", "k"],
      "1\n2\n-1\n3\n",
    );
    expect(out.code).toBe(3);
    expect(out.stderr).toContain("at x = -1 (value 3) --logpdf is NaN with --start k=1");
  });
});
