import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { negativeBinomial, poisson } from "../../src/distributions/counts.js";
import { FitError } from "../../src/errors.js";
import { exactFit } from "../../src/fit/exact.js";
import { runCli } from "../cli/fake-io.js";

/**
 * The negative binomial's size has a finite MLE exactly when the variance (divisor n) exceeds the
 * mean (Anscombe 1950). On data that are not overdispersed the likelihood only rises towards the
 * Poisson's: every such fit must say so, never report a finite size.
 */
const LIMIT =
  /^negbin: size grows without bound: the variance .* is not above the mean .* \(no overdispersion\), so the likelihood has no maximum, only a limit: the Poisson, as size grows \(try --dist poisson\)$/;

/** R's airquality$Month: May to September, 31, 30, 31, 31 and 30 days. */
const month = Float64Array.from(
  [
    [5, 31],
    [6, 30],
    [7, 31],
    [8, 31],
    [9, 30],
  ].flatMap(([m, days]) => Array.from({ length: days as number }, () => m as number)),
);

/** n draws of Binomial(size, p), seeded: under-dispersed (variance np(1-p) < mean np). */
function binomial(n: number, size: number, p: number, seed: number): Float64Array {
  const uniform = uniformStream(seed, "binomial");
  return Float64Array.from({ length: n }, () => {
    let k = 0;
    for (let i = 0; i < size; i++) if (uniform() < p) k++;
    return k;
  });
}

describe("negbin on data that are not overdispersed", () => {
  const cases: [string, Float64Array][] = [
    ["1, 3", Float64Array.of(1, 3)],
    ["airquality's Month", month],
    ...[1, 2, 3, 4, 5].map((seed): [string, Float64Array] => [
      `Binomial(10, 0.3) draws, seed ${seed}`,
      binomial(500, 10, 0.3, seed),
    ]),
    ["equidispersed: 0, 2 (mean 1, variance 1)", Float64Array.of(0, 2)],
  ];
  for (const [name, data] of cases) {
    it(`${name}: the Poisson is the limit, every time`, () => {
      expect(() => exactFit(negativeBinomial, data)).toThrow(FitError);
      expect(() => exactFit(negativeBinomial, data)).toThrow(LIMIT);
      // The Poisson itself fits them.
      expect(Number.isFinite(exactFit(poisson, data).logLik)).toBe(true);
    });
  }

  it("the command says it in one line, exit 3; --dist auto lists negbin as not fitted", async () => {
    const outcome = await runCli(["--dist", "negbin"], "1\n3\n");
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toMatch(/^mle-fit: negbin: size grows without bound/);
    expect(outcome.stderr.split("\n")).toHaveLength(2);
    const auto = await runCli(["--dist", "auto", "--json"], `${month.join("\n")}\n`);
    const report = JSON.parse(auto.stdout);
    const negbin = report.not_fitted.find(
      (f: { distribution: string }) => f.distribution === "negbin",
    );
    expect(negbin.reason).toMatch(
      /^size grows without bound: the variance 1.99342 is not above the mean 6.99346/,
    );
  });

  it("overdispersed counts still fit, with a log-likelihood above the Poisson's", () => {
    const data = Float64Array.of(0, 0, 1, 1, 2, 3, 5, 8, 13, 0, 1, 4);
    const nb = exactFit(negativeBinomial, data);
    expect(nb.params[0]).toBeLessThan(10);
    expect(nb.logLik).toBeGreaterThan(exactFit(poisson, data).logLik);
  });
});
