import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { FAMILIES } from "../../src/distributions/index.js";
import { IEEE_EXP, PORTABLE } from "../../src/engine/sql.js";
import { aggregatePlan } from "../../src/likelihood/aggregate.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import { FAMILY_SETTINGS } from "../family-settings.js";
import { expectRelClose } from "../helpers.js";

let connection: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>["connect"]>>;

beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:")).connect();
});
afterAll(() => connection.closeSync());

async function totals(
  selectList: string[],
  values: Float64Array,
  bound: number[],
  wrap: (from: string) => string,
): Promise<number[]> {
  await connection.run("CREATE OR REPLACE TABLE d (x DOUBLE)");
  const appender = await connection.createAppender("d");
  for (const v of values) {
    appender.appendDouble(v);
    appender.endRow();
  }
  appender.closeSync();
  const statement = await connection.prepare(`SELECT ${selectList.join(", ")} FROM ${wrap("d")}`);
  bound.forEach((v, i) => {
    statement.bindDouble(i + 1, v);
  });
  const row = (await statement.runAndReadAll()).getRows()[0] as unknown[];
  return row.map((v) => Number(v));
}

// Not pushed down: Laplace (a kink), and the families with an end of the support among their
// parameters (tested below).
const continuous = FAMILIES.filter(
  (f) => f.support !== "count" && f.name !== "laplace" && f.edges === undefined,
);

describe("the engine's graph as SQL: sums in DuckDB give the kernels' likelihood", () => {
  for (const [family, dialect] of continuous.flatMap((f) => [
    [f, PORTABLE] as const,
    [f, IEEE_EXP] as const,
  ])) {
    const which = dialect === PORTABLE ? "portable SQL" : "DuckDB's SQL (EXP unguarded)";
    it(`${family.name}, ${which}: log-likelihood, gradient and Hessian at two points, to 1e-10`, async () => {
      const truth = FAMILY_SETTINGS[family.name] as number[];
      const data = Float64Array.from(
        { length: 500 },
        family.sampler(truth, uniformStream(5, family.name)),
      );
      const plan = aggregatePlan(family, dialect);
      // A support that moves (the GEV's) must still hold every value at the second point.
      const shift = family.inSupport === undefined ? 0.4 : 0.1;
      for (const at of [
        truth,
        truth.map((t, j) => (family.constraints[j] === "positive" ? t * 1.3 : t + shift)),
      ]) {
        expect(data.every((x) => family.inSupport?.(x, at) ?? true)).toBe(true);
        // Rows read as they are: a centred plan's centre is 0.
        const values = plan.centred ? [...at, 0] : at;
        const results = await totals(plan.selectList, data, plan.bind(values), plan.wrap);
        const sql = plan.evaluate(results, values);
        const js = likelihoodEvaluator(family, "compiled")(data, at);
        expectRelClose(sql.logLik, js.logLik, 1e-10);
        sql.gradient.forEach((g, j) => {
          expectRelClose(g, js.gradient[j] as number, 1e-9, Math.abs(js.logLik));
        });
        sql.hessian.forEach((row, j) => {
          row.forEach((h, k) => {
            expectRelClose(h, js.hessian[j]?.[k] as number, 1e-9, Math.abs(h) + 1);
          });
        });
      }
      // Families whose log-density is a polynomial in numbers of the datum need one query.
      // The beta's too: log x and log(1 - x).
      const expected = ["normal", "lognormal", "exponential", "gamma", "beta"].includes(family.name)
        ? "statistics"
        : "newton";
      expect(plan.kind).toBe(expected);
    });
  }

  it("has no plan of its own for the families with an end of the support among their parameters (the fit holds them at MIN and MAX first: test/sql)", () => {
    const edged = FAMILIES.filter((f) => f.edges !== undefined);
    expect(edged.map((f) => f.name).sort()).toEqual(["generalized-pareto", "pareto", "uniform"]);
    for (const family of edged) {
      expect(() => aggregatePlan(family), family.name).toThrow(/held at the rows' MIN and MAX/);
    }
  });

  it("the portable SQL guards EXP's underflow (PostgreSQL raises an error), DuckDB's does not", () => {
    const weibull = FAMILIES.find((f) => f.name === "weibull");
    if (weibull === undefined) throw new Error("weibull");
    const guarded = aggregatePlan(weibull, PORTABLE).wrap("d");
    const plain = aggregatePlan(weibull, IEEE_EXP).wrap("d");
    expect(guarded).toMatch(/CASE WHEN .* < -700e0 THEN 0e0 ELSE EXP\(/);
    expect(plain).not.toContain("CASE");
    expect(plain).toContain("EXP(");
  });
});
