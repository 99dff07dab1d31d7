import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { familyByName } from "../../src/distributions/index.js";
import { SPECIAL, type SpecialName } from "../../src/engine/special.js";
import { IEEE_EXP, POSTGRES, rolesOf, SqlWriter } from "../../src/engine/sql.js";
import { Value } from "../../src/engine/value.js";
import { aggregatePlan } from "../../src/likelihood/aggregate.js";
import { expectRelClose } from "../helpers.js";

/**
 * The SQL of log1p(t), and of L(t) = log(1 + t)/t and its two derivatives (engine/sql.ts), which
 * the GEV's and generalized Pareto's pushed-down fits need, computes what the engine's own
 * functions do
 * (special.ts, themselves tested against 40-digit mpmath in test/engine/special.test.ts): on both
 * sides of the series' switch at |t| = 0.1, near t = -1 and far out. In DuckDB always; in
 * PostgreSQL when there is one (MLE_FIT_PG_URL).
 */
const T = [
  1e-20, -0.999, -0.9, -0.5, -0.1000001, -0.1, -0.0999999, -0.03, -1e-3, -1e-9, 0, 1e-12, 1e-4,
  0.05, 0.0999999, 0.1, 0.1000001, 0.3, 1, 2, 50, 1e3, 1e8,
];
const NAMES: SpecialName[] = ["log1p", "log1pOver", "log1pOver1", "log1pOver2"];
/**
 * Below |t| = 0.1 the SQL sums the engine's series in the engine's order. Above, the closed forms
 * are the engine's, with log1p(t) written with LN (Goldberg's trick, a few ulps): they agree to
 * the last bits except where L'' cancels (near |t| = 0.1: measured 3e-14 of each other, both
 * within 1.1e-13 of 50-digit mpmath; plain LN(1 + t) was 3.7e-13 off).
 */
const TOLERANCE: Record<string, number> = {
  log1p: 5e-16,
  log1pOver: 5e-16,
  log1pOver1: 5e-15,
  log1pOver2: 1e-13,
};

function sqlOf(name: SpecialName): string {
  const t = new Value(0);
  const node = t.special(name);
  const writer = new SqlWriter(rolesOf([node], t, []), "t", () => {
    throw new Error("no parameters here");
  });
  return writer.expression(node);
}

const query = `SELECT ${NAMES.map(sqlOf).join(", ")} FROM (VALUES ${T.map((t) => `(CAST(${t} AS DOUBLE PRECISION))`).join(", ")}) AS v(t)`;

function check(rows: readonly (readonly unknown[])[]): void {
  expect(rows.length).toBe(T.length);
  rows.forEach((row, i) => {
    const t = T[i] as number;
    NAMES.forEach((name, j) => {
      const expected = SPECIAL[name](t);
      expectRelClose(Number(row[j]), expected, TOLERANCE[name] as number);
    });
  });
}

describe("L(t) = log(1 + t)/t and its derivatives in SQL", () => {
  let duck: Awaited<ReturnType<Awaited<ReturnType<typeof DuckDBInstance.create>>["connect"]>>;
  beforeAll(async () => {
    duck = await (await DuckDBInstance.create(":memory:")).connect();
  });
  afterAll(() => duck.closeSync());

  it("DuckDB computes the engine's values, on both sides of the series at |t| = 0.1", async () => {
    // Rows in the order of T: DuckDB keeps a VALUES list's order without ORDER BY here.
    const reader = await duck.runAndReadAll(query);
    check(reader.getRows());
  });

  it.runIf(process.env.MLE_FIT_PG_URL !== undefined)("so does PostgreSQL", async () => {
    const client = new pg.Client({ connectionString: process.env.MLE_FIT_PG_URL });
    await client.connect();
    try {
      const result = await client.query({ text: query, rowMode: "array" });
      check(result.rows as unknown[][]);
    } finally {
      await client.end();
    }
  });
});

describe("PostgreSQL's layers of per-row columns", () => {
  it("each end in OFFSET 0, so the planner keeps them (pulled up, every use of a column is its whole expression again)", () => {
    const gev = familyByName("gev");
    if (gev === undefined) throw new Error("gev");
    const fenced = aggregatePlan(gev, POSTGRES).wrap("t");
    const layers = fenced.match(/\) AS l[1-9]\d*/g)?.length ?? 0;
    expect(layers).toBeGreaterThan(1);
    expect(fenced.match(/ OFFSET 0\) AS l[1-9]\d*/g)?.length).toBe(layers);
    // DuckDB's optimizer needs no fence, and the portable text (--print-sql) has none.
    expect(aggregatePlan(gev, IEEE_EXP).wrap("t")).not.toContain("OFFSET");
    expect(aggregatePlan(gev).wrap("t")).not.toContain("OFFSET");
  });
});
