import { describe, expect, it } from "vitest";
import { fit } from "../../src/api/fit.js";
import { DataError, UsageError } from "../../src/errors.js";
import { runCli } from "../cli/fake-io.js";
import { expectValidOutput } from "../json-schema.js";

const waits = [4.2, 7.9, 3.1, 12.5, 6.0, 2.4, 9.8, 5.5, 3.9, 15.2, 6.7, 4.8, 8.3, 2.9, 7.1, 10.4];

/** The CLI's --json for the same values on stdin, without timing and without `data`. */
async function cliJson(args: string[]) {
  const outcome = await runCli([...args, "--json", "--no-timing"], `${waits.join("\n")}\n`);
  expect(outcome.code).toBe(0);
  const { data: _, ...rest } = JSON.parse(outcome.stdout);
  return rest;
}

describe("fit(data, options): the library", () => {
  for (const [dist, extra] of [
    ["gamma", {}],
    ["normal", { bootstrap: 20 }],
    ["weibull", { literal: true, lr: 0.0005 }],
    ["lnorm", { optimizer: "adam", schedule: "inverse", average: true, epochs: 20 }],
    ["cauchy", { epochs: "auto", batchSize: 4 }],
  ] as const) {
    it(`returns the object --json prints (${dist}), field for field, and it follows the schema`, async () => {
      const result = fit(waits, { dist, seed: 3, ...extra });
      expectValidOutput(result);
      expect(result.data).toEqual({ source: "array" });
      const { data: _, ...rest } = result;
      const flags = Object.entries(extra).flatMap(([k, v]) => {
        const flag = `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        return v === true ? [flag] : [flag, String(v)];
      });
      expect(rest).toEqual(await cliJson(["--dist", dist, "--seed", "3", ...flags]));
    });
  }

  it("compares families with dist auto or a list, as --dist auto --json does", async () => {
    const result = fit(waits, { dist: "auto", seed: 1 });
    expectValidOutput(result);
    expect(result.schema).toBe("mle-fit/comparison@2");
    const { data: _, ...rest } = result;
    expect(rest).toEqual(await cliJson(["--dist", "auto", "--seed", "1"]));
    const listed = fit(waits, { dist: ["gamma", "weibull_min", "lognorm"] });
    expect(listed.ranked.map((r) => r.distribution).sort()).toEqual([
      "gamma",
      "lognormal",
      "weibull",
    ]);
  });

  it("leaves the caller's array as it was (the epochs shuffle fit's own copy)", () => {
    const data = Float64Array.from(waits);
    fit(data, { seed: 1, epochs: 3 });
    expect(data).toEqual(Float64Array.from(waits));
  });

  it("checks support and throws the command line's errors", () => {
    expect(() => fit([-1, 2, 3], { dist: "gamma" })).toThrow(DataError);
    expect(() => fit([-1, 2, 3], { dist: "gamma" })).toThrow(
      "data[0]: -1 is outside the gamma family's support (values above 0); families that accept these data: normal, logistic, laplace, cauchy, student-t",
    );
    expect(() => fit([1, Number.NaN, 3])).toThrow("data[1]: NaN is not a finite number");
    expect(() => fit([1, 2, 3], { dist: "frechet" })).toThrow(UsageError);
    expect(() => fit([1, 2, 3], { dist: "frechet" })).toThrow(/^dist "frechet": no such family/);
    expect(() => fit([1, 2, 3], { lr: -1 })).toThrow("lr -1: must be a positive number");
    expect(() => fit([1, 2, 3], { epochs: 0 })).toThrow(
      'epochs 0: must be a positive whole number, or "auto"',
    );
    // The defaults: --epochs auto, and the post's 2 epochs in literal mode.
    expect(fit(waits, { seed: 1 }).optimizer.epochs).toBe("auto");
    expect(fit(waits, { seed: 1, literal: true }).optimizer.epochs).toBe(2);
    expect(() => fit([1, 2, 3], { init: { shape: 2 } })).toThrow(
      'init shape: normal has no parameter "shape" (its parameters: loc, scale)',
    );
    expect(() => fit([5, 5, 5])).toThrow(
      "all 3 values are equal (5): a Normal fit needs values that differ",
    );
    expect(() => fit([1], { dist: "auto" })).toThrow("only one value to compare families on");
    expect(() => fit([1, 2, 3], { dist: [] })).toThrow(
      'dist: an empty list of families (give names, or "auto")',
    );
    expect(() => fit([1, 2, 3], { dist: "auto", gofBootstrap: 10 })).toThrow(
      'gofBootstrap applies to one family\'s fit; a comparison (dist "auto" or a list) has exact fits only',
    );
    // bootstrap with dist auto: the Cullen and Frey cloud (descdist's boot).
    const cloud = fit([1, 2, 3, 5, 8, 13, 4, 2], { dist: "auto", bootstrap: 20, seed: 1 }) as {
      cullen_frey: { bootstrap: { samples: number } | null } | null;
    };
    expect(cloud.cullen_frey?.bootstrap?.samples).toBe(20);
    expect(() => fit([-1, 2], { dist: ["gamma", "weibull"] })).toThrow(
      "none of gamma, weibull accepts these data; families that do: normal, logistic, laplace, cauchy, student-t, gumbel",
    );
  });
});
