import { describe, expect, it } from "vitest";
import { runCli } from "../cli/fake-io.js";

/** The README's recipe, for every family: SGD within 0.1 standard errors of the exact MLE. */
const RECIPE = "--optimizer adam --lr 0.02 --schedule inverse --average --epochs 100".split(" ");

const SETTINGS: Record<string, string[]> = {
  lognormal: ["meanlog=0.5", "sdlog=0.8"],
  exponential: ["rate=0.3"],
  gamma: ["shape=2", "rate=0.5"],
  weibull: ["shape=1.5", "scale=3"],
  logistic: ["loc=1", "scale=2"],
  laplace: ["loc=1", "scale=2"],
  cauchy: ["loc=1", "scale=2"],
  "student-t": ["loc=1", "scale=2", "df=4"],
  poisson: ["lambda=3.5"],
  negbin: ["size=2", "mu=5"],
};

describe("the recipe brings SGD within 0.1 SE of the exact MLE for every family", () => {
  for (const [name, params] of Object.entries(SETTINGS)) {
    it(name, async () => {
      for (const seed of ["1", "2"]) {
        const argv = ["--dist", name, ...params.flatMap((p) => ["--param", p])];
        const outcome = await runCli([...argv, "--n", "1000", "--seed", seed, ...RECIPE, "--json"]);
        expect(outcome.code).toBe(0);
        expect(outcome.stderr).toBe("");
        const gaps = Object.values(JSON.parse(outcome.stdout).gap_se) as number[];
        for (const gap of gaps) expect(Math.abs(gap), `${name} seed ${seed}`).toBeLessThan(0.1);
      }
    });
  }
});
