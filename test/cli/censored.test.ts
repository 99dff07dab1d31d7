import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fit as fitLibrary } from "../../src/api/fit.js";
import { censorable } from "../../src/distributions/censored.js";
import { FAMILIES } from "../../src/distributions/index.js";
import { expectRelClose, unwrap } from "../helpers.js";
import { runCli } from "./fake-io.js";

interface Case {
  name: string;
  family: string;
  rows: [number | null, number | null][];
  mle: string[];
  loglik: string;
}
const references = JSON.parse(
  readFileSync(new URL("../fixtures/censored/references.json", import.meta.url), "utf8"),
) as { cases: Case[] };
const byName = (name: string) => references.cases.find((c) => c.name === name) as Case;

/** fitdistcens's data frame as CSV: an empty left bound, NA as a missing right one. */
function boundsCsv(rows: readonly [number | null, number | null][]): string {
  return `low,high\n${rows.map(([l, r]) => `${l ?? ""},${r ?? "NA"}`).join("\n")}\n`;
}

/** Surv(time, status) and a Weibull fit. */
const AML_WEIBULL = ["--column", "time", "--event", "status", "--dist", "weibull"];

const AML = "time,status\n9,1\n13,1\n13,0\n18,1\n23,1\n28,0\n31,1\n34,1\n45,0\n48,1\n161,0\n";

describe("censored data on the command line (issue 13, item 3)", () => {
  it("--left/--right: fitdistcens's bounds; the exact MLE and the counts in the JSON", async () => {
    const c = byName("normal-mixed");
    const out = await runCli(
      ["--left", "low", "--right", "high", "--seed", "1", "--json"],
      boundsCsv(c.rows),
    );
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expectRelClose(json.exact_mle.params.loc, Number(c.mle[0]), 1e-9);
    expectRelClose(json.exact_mle.params.scale, Number(c.mle[1]), 1e-9);
    expectRelClose(json.loglik, Number(c.loglik), 1e-12);
    expect(json.censoring).toEqual({ exact: 153, left: 12, right: 19, interval: 16 });
    expect(json.data.censored_by).toEqual({ left: "low", right: "high" });
    expect(json.gof.ks).toBeNull();
    expect(json.gof.method).toMatch(/^not available for censored data/);
    expect(json.converged).toBe(true);
  });

  it("--event with --column: Surv(time, status) on the AML maintained group; exponential = 7 / 423", async () => {
    const out = await runCli(
      ["--column", "time", "--event", "status", "--dist", "exp", "--seed", "1", "--json"],
      AML,
    );
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    expectRelClose(json.exact_mle.params.rate, 7 / 423, 1e-12);
    expect(json.censoring).toEqual({ exact: 7, left: 0, right: 4, interval: 0 });
    const weibull = JSON.parse(
      (
        await runCli(
          ["--column", "time", "--event", "status", "--dist", "weibull", "--json", "--seed", "1"],
          AML,
        )
      ).stdout,
    );
    const ref = byName("aml-maintained-weibull");
    expectRelClose(weibull.exact_mle.params.shape, Number(ref.mle[0]), 1e-9);
    expectRelClose(weibull.exact_mle.params.scale, Number(ref.mle[1]), 1e-9);
  });

  it("Laplace: loc by its exact maximum; SEs from the observed information, exact values' loc curvature at 1/scale²", async () => {
    const c = byName("laplace-mixed");
    const out = await runCli(
      ["--left", "low", "--right", "high", "--dist", "laplace", "--seed", "1", "--json"],
      boundsCsv(c.rows),
    );
    const json = JSON.parse(out.stdout);
    expectRelClose(json.exact_mle.params.loc, Number(c.mle[0]), 1e-12);
    expectRelClose(json.exact_mle.params.scale, Number(c.mle[1]), 1e-9);
    // Its censored rows lie beyond loc (log F, log S linear in loc there): the 88 exact values
    // alone inform loc, 88 / scale²; scale's observed information is 25.44812592267061 (mpmath).
    expectRelClose(json.se.loc, json.exact_mle.params.scale / Math.sqrt(88), 1e-9);
    expectRelClose(json.se.scale, 1 / Math.sqrt(25.44812592267061), 1e-9);
  });

  it("--plot-file draws the Turnbull estimate against the fitted CDFs (fitdistrplus's cdfcompcens)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-censored-"));
    const path = join(dir, "aml.svg");
    const out = await runCli([...AML_WEIBULL, "--seed", "1", "--plot-file", path, "--quiet"], AML);
    expect(out.code).toBe(0);
    const svg = readFileSync(path, "utf8");
    expect(svg).toContain("Turnbull estimate and fitted CDFs");
    expect(svg).toContain(
      "Weibull fit to 11 censored rows (times time, events status) in &lt;stdin&gt;",
    );
    expect(svg).not.toContain("Q-Q plot");
    rmSync(dir, { recursive: true });
  });

  it("the text report counts the rows and says goodness of fit is not available", async () => {
    const out = await runCli(
      ["--column", "time", "--event", "status", "--dist", "weibull", "--seed", "1"],
      AML,
    );
    expect(out.code).toBe(0);
    const text = unwrap(out.stdout);
    expect(text).toContain("censoring  7 exact, 4 right-censored");
    expect(text).toContain("goodness of fit: not available for censored data");
    expect(text).toContain('<stdin>, times "time" and events "status" (--event)');
  });

  it("--fix and --ci profile work on censored rows", async () => {
    const out = await runCli(
      [...AML_WEIBULL, "--fix", "shape=1", "--ci", "profile", "--json", "--seed", "1"],
      AML,
    );
    expect(out.code).toBe(0);
    const json = JSON.parse(out.stdout);
    // Shape 1 is the exponential: scale = Σ t / events = 423 / 7.
    expectRelClose(json.exact_mle.params.scale, 423 / 7, 1e-10);
    expect(json.fixed).toEqual({ shape: 1 });
    const [lo, hi] = [json.ci.scale[0], json.ci.scale[1]];
    expect(lo).toBeLessThan(423 / 7);
    expect(hi).toBeGreaterThan(423 / 7);
  });

  it("the library takes { left, right } and event, as the command line does", () => {
    const c = byName("lognormal-detection");
    const report = fitLibrary(
      { left: c.rows.map(([l]) => l), right: c.rows.map(([, r]) => r) },
      { dist: "lnorm", seed: 1 },
    );
    expectRelClose(report.exact_mle.params.meanlog as number, Number(c.mle[0]), 1e-9, 1);
    expectRelClose(report.exact_mle.params.sdlog as number, Number(c.mle[1]), 1e-9);
    const times = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161];
    const event = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const exp = fitLibrary(times, { dist: "exponential", event, seed: 1 });
    expectRelClose(exp.exact_mle.params.rate as number, 7 / 423, 1e-12);
  });

  it("refuses what it does not take, one line, exit 2", async () => {
    const cases: [string[], string][] = [
      [["--left", "low"], "--left and --right go together"],
      [["--left", "low", "--right", "high", "--event", "e"], "choose one"],
      [["--event", "status"], "--event needs --column"],
      [["--left", "low", "--right", "high", "--dist", "auto"], "censored data with --dist auto"],
      [
        ["--left", "low", "--right", "high", "--bootstrap", "10"],
        "censored data with the bootstraps",
      ],
      [["--left", "low", "--right", "high", "--plot"], "censored data with --plot"],
      [
        ["--left", "low", "--right", "high", "--dist", "gamma"],
        "gamma cannot fit censored data yet",
      ],
      [
        ["--left", "low", "--right", "high", "--dist", "poisson"],
        "poisson cannot fit censored data yet",
      ],
    ];
    for (const [argv, message] of cases) {
      const out = await runCli(argv, "low,high\n1,2\n3,3\n");
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
      expect(out.stderr).toContain(message);
    }
  });

  it("rows that are no observation are exit 65, named by row", async () => {
    const cases: [string, string[], string][] = [
      [
        "low,high\n1,2\n,NA\n",
        ["--left", "low", "--right", "high"],
        "row 2 of the data: both bounds are missing",
      ],
      [
        "low,high\n3,2\n",
        ["--left", "low", "--right", "high"],
        "left bound 3 is above the right bound 2",
      ],
      ["low,high\n1,x\n", ["--left", "low", "--right", "high"], '"x" is not a number'],
      [
        "low,high\ninf,2\n",
        ["--left", "low", "--right", "high"],
        "not an interval of finite numbers",
      ],
      ["t,e\n3,2\n4,1\n", ["--column", "t", "--event", "e"], "the event 2 is neither 1"],
      ["t,e\n3,NA\n4,1\n", ["--column", "t", "--event", "e"], "is not a number"],
      [
        "low,high\n-1,-1\n2,2\n",
        ["--left", "low", "--right", "high", "--dist", "weibull"],
        "outside the weibull family's support",
      ],
      [
        "low,high\n,0\n2,2\n",
        ["--left", "low", "--right", "high", "--dist", "lognormal"],
        "has probability 0",
      ],
    ];
    for (const [input, argv, message] of cases) {
      const out = await runCli(argv, input);
      expect(out.code, input).toBe(65);
      expect(out.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
      expect(out.stderr).toContain(message);
    }
  });

  it("hostile censoring columns (fast-check): exit 0, 3 or 65, one line on failure", async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        "",
        "NA",
        "NaN",
        "inf",
        "-inf",
        "null",
        "x",
        "1e309",
        "-0",
        "0",
        "1e-300",
        "1e300",
      ),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).map(String),
      fc.integer({ min: -3, max: 30 }).map(String),
    );
    const x = fc.oneof(
      fc.double({ min: 0.01, max: 100, noNaN: true }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0, 1e-300, 1e300),
    );
    // Mostly rows a user would write (exact, interval, left, right; event 0 or 1), some hostile.
    const row = fc.oneof(
      { arbitrary: x.map((v) => [String(v), String(v)] as const), weight: 4 },
      {
        arbitrary: fc
          .tuple(x, x)
          .map(([a, b]) => [String(Math.min(a, b)), String(Math.max(a, b))] as const),
        weight: 2,
      },
      { arbitrary: x.map((v) => ["", String(v)] as const), weight: 1 },
      { arbitrary: x.map((v) => [String(v), "NA"] as const), weight: 1 },
      {
        arbitrary: fc.tuple(x, fc.constantFrom("0", "1")).map(([v, e]) => [String(v), e] as const),
        weight: 3,
      },
      { arbitrary: fc.tuple(cell, cell), weight: 1 },
    );
    // The generalized Pareto fits censored rows only with its threshold fixed (exit 2 without).
    const dists = FAMILIES.filter((f) => censorable(f) && f.edges === undefined).map((f) => f.name);
    const codes = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...dists),
        fc.array(row, { maxLength: 30 }),
        fc.boolean(),
        async (dist, rows, surv) => {
          const argv = surv
            ? ["--column", "a", "--event", "b", "--dist", dist, "--seed", "1"]
            : ["--left", "a", "--right", "b", "--dist", dist, "--seed", "1"];
          const out = await runCli(argv, `a,b\n${rows.map(([a, b]) => `${a},${b}`).join("\n")}\n`);
          expect([0, 3, 65], out.stderr).toContain(out.code);
          codes.set(out.code, (codes.get(out.code) ?? 0) + 1);
          if (out.code !== 0) expect(out.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 200),
        seed: Number(process.env.FUZZ_SEED ?? 20261201),
      },
    );
    // The property is not only about refusals: some of the random tables fit.
    expect(codes.get(0) ?? 0, JSON.stringify([...codes])).toBeGreaterThan(5);
  });
});
