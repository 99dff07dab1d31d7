import { describe, expect, it } from "vitest";
import { fit as fitValues } from "../../src/api/fit.js";
import { draw } from "../../src/data/generate.js";
import { uniformStream } from "../../src/data/random.js";
import { familyByName } from "../../src/distributions/index.js";
import { runCli } from "../cli/fake-io.js";
import { FAMILY_SETTINGS } from "../family-settings.js";
import { expectRelClose } from "../helpers.js";

/** Distinct values and integer weights, and the same data expanded: each value w times. */
function weightedAndExpanded(name: string, rows: number, seed: number) {
  const family = familyByName(name);
  if (family === undefined) throw new Error(name);
  const values = draw(family, FAMILY_SETTINGS[name] ?? [], rows, uniformStream(seed, "data"));
  const uniform = uniformStream(seed, "weights");
  const weights = Float64Array.from(values, () => Math.floor(uniform() * 4));
  weights[0] = 2; // some weight
  const expanded = Float64Array.from(
    Array.from(values).flatMap((x, i) => Array.from({ length: weights[i] as number }, () => x)),
  );
  return { values, weights, expanded };
}

describe("--weights: frequency weights (issue 13, item 2)", () => {
  for (const name of Object.keys(FAMILY_SETTINGS)) {
    it(`${name}: the weighted fit equals the fit of the data repeated w times (1e-9)`, () => {
      const { values, weights, expanded } = weightedAndExpanded(name, 150, 3);
      let repeated: ReturnType<typeof fitValues>;
      try {
        repeated = fitValues(expanded, { dist: name, seed: 1 });
      } catch (error) {
        // No maximum on these data (a t whose df runs off): the weighted fit says the same.
        expect(() => fitValues(values, { dist: name, seed: 1, weights })).toThrow(
          (error as Error).message.split(" (past")[0],
        );
        return;
      }
      const report = fitValues(values, { dist: name, seed: 1, weights });
      for (const [p, v] of Object.entries(repeated.exact_mle.params)) {
        expectRelClose(report.exact_mle.params[p] as number, v as number, 1e-9);
        // A non-regular fit (an end of the support) has none: null in both.
        if (repeated.se === null) expect(report.se).toBeNull();
        else expectRelClose(report.se?.[p] as number, repeated.se?.[p] as number, 1e-7);
      }
      expectRelClose(report.loglik, repeated.loglik, 1e-10);
      expectRelClose(report.aic, repeated.aic, 1e-10);
      expectRelClose(report.bic, repeated.bic, 1e-10);
      expect(report.gof.ks?.statistic).toBeCloseTo(repeated.gof.ks?.statistic as number, 9);
      expect(report.weights).toEqual({ total: expanded.length, rows: values.length });
      // SGD reaches the weighted MLE by default too.
      for (const gap of Object.values(report.gap_se ?? {}))
        expect(Math.abs(gap)).toBeLessThanOrEqual(0.05);
    });
  }

  it("a weight of 0 leaves its value out; bad weights are refused", () => {
    const values = [1.2, 3.4, 2.2, 5.9, 100];
    const weights = [1, 2, 1, 3, 0];
    const weightedFit = fitValues(values, { weights, seed: 1 });
    const expanded = fitValues([1.2, 3.4, 3.4, 2.2, 5.9, 5.9, 5.9], { seed: 1 });
    expectRelClose(
      weightedFit.exact_mle.params.loc as number,
      expanded.exact_mle.params.loc as number,
      1e-9,
    );
    expect(() => fitValues(values, { weights: [1, 2, 3] })).toThrow(
      "weights: 3 weights for 5 values",
    );
    expect(() => fitValues(values, { weights: [1, -2, 1, 1, 1] })).toThrow(
      "weights[1]: -2 is not a weight (a finite number, 0 or more)",
    );
    expect(() => fitValues(values, { weights: [0, 0, 0, 0, 0] })).toThrow(
      "weights: every weight is 0",
    );
    expect(() => fitValues(values, { weights, bootstrap: 10 })).toThrow(
      /bootstraps do not take weights/,
    );
  });

  it("the command line reads --weights COL beside --column, as the library", async () => {
    const rows = [
      [1.2, 1],
      [3.4, 2],
      [2.2, 1],
      [5.9, 3],
      [4.1, 0],
    ];
    const csv = `x,w\n${rows.map((r) => r.join(",")).join("\n")}\n`;
    const outcome = await runCli(["--column", "x", "--weights", "w", "--seed", "1", "--json"], csv);
    expect(outcome.code).toBe(0);
    const json = JSON.parse(outcome.stdout);
    const library = fitValues(
      rows.map((r) => r[0] as number),
      { weights: rows.map((r) => r[1] as number), seed: 1 },
    );
    expect(json.exact_mle).toEqual(library.exact_mle);
    expect(json.weights).toEqual({ total: 7, rows: 5 });
    const text = await runCli(["--column", "x", "--weights", "w", "--seed", "1"], csv);
    expect(text.stdout).toMatch(/weights {4}frequency weights: 7 observations over 5 values/);
    for (const [extra, what] of [
      [["--plot"], "--plot and --plot-file"],
      [["--bootstrap", "10"], "the bootstraps"],
      [["--skip-invalid"], ""],
    ] as const) {
      const refused = await runCli(["--column", "x", "--weights", "w", ...extra], csv);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(
        what === "" ? /--skip-invalid with --weights/ : new RegExp(`--weights with ${what}`),
      );
    }
    const noColumn = await runCli(["--weights", "w"], csv);
    expect(noColumn.stderr).toBe(
      "mle-fit: --weights needs --column: the column of the values they weigh\n",
    );
    const outside = await runCli(["--column", "x", "--weights", "w", "--dist", "poisson"], csv);
    expect(outside.code).toBe(65);
    expect(outside.stderr).toMatch(
      /^mle-fit: <stdin>: column "x", value 1: 1\.2 is outside the poisson family's support/,
    );
    const auto = await runCli(["--column", "x", "--weights", "w", "--dist", "auto"], csv);
    expect(auto.code).toBe(2);
    const negative = await runCli(["--column", "x", "--weights", "w"], "x,w\n1,1\n2,-1\n3,1\n");
    expect(negative.code).toBe(65);
    expect(negative.stderr).toBe(
      'mle-fit: <stdin>: column "w", value 2: -1 is not a weight (a finite number, 0 or more)\n',
    );
  });
});
