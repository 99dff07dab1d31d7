import type { Family } from "../distributions/family.js";
import { fixParameters } from "../distributions/fixed.js";
import { IEEE_EXP, POSTGRES, sqlNumber } from "../engine/sql.js";
import { InterruptedError } from "../errors.js";
import { allEdges } from "../fit/edges.js";
import type { RemoteRows } from "../fit/pushdown.js";
import { aggregatePlan } from "../likelihood/aggregate.js";
import type { Io } from "./io.js";

// What the database fits share (database.ts, one family; database-compare.ts, --dist auto): the
// condition of a finite row, the sample's size, the source's type, a family's support in SQL.

/** The largest double: x BETWEEN -M AND M holds for every finite x, never NULL, NaN or ±∞. */
export const FINITE = "x BETWEEN -1.7976931348623157e308 AND 1.7976931348623157e308";
/** Rows the engine samples for the start and the goodness of fit. */
export const SAMPLE = 20_000;

export type Source = Awaited<ReturnType<typeof import("../input/sql-source.js").duckdbSource>>;

/**
 * A UsageError (exit 2) for a family whose likelihood cannot be written in SQL. With edges, it
 * is the other parameters' (the edges held, at any values) that must be.
 */
export function checkPushable(family: Family): void {
  if (family.edges === undefined) {
    aggregatePlan(family);
    return;
  }
  if (allEdges(family)) return;
  const placeholders = Object.fromEntries(
    family.edges.map((edge) => [family.params[edge.param] as string, 1]),
  );
  aggregatePlan(fixParameters(family, placeholders));
}

/** The data's summary for the reports: the engine, the source, the rows skipped, the queries. */
export function dataSummary(
  source: { engine: "duckdb" | "postgresql"; name: string; column: string },
  skipped: number,
  queries: number,
) {
  return {
    source: "database" as const,
    engine: source.engine,
    name: source.name,
    column: { name: source.column, index: 0 },
    skipped,
    queries,
  };
}

/** The family's support as an SQL condition on x. */
export function supportSql(family: Family): string {
  switch (family.support) {
    case "positive":
      return "x > 0";
    case "nonnegative":
      return "x >= 0";
    case "unit":
      return "x > 0 AND x < 1";
    case "count":
      return "x >= 0 AND x = FLOOR(x)";
    default:
      return "1 = 1";
  }
}

/** The middle value of a sample (the lower middle of an even count). */
export function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

/** "DuckDB", "PostgreSQL": the engine's name in reports and messages. */
export function engineName(source: Source): string {
  return source.engine === "duckdb" ? "DuckDB" : "PostgreSQL";
}

/**
 * Runs work on a source with Ctrl-C cancelling the engine's running query: the work then fails
 * with exit 130, said in one line.
 */
export async function cancellable<T>(
  source: Source,
  io: Io,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const interrupts = io.watchInterrupts();
  interrupts.signal.addEventListener("abort", () => {
    source.cancel().catch(() => {});
  });
  try {
    return await work(interrupts.signal);
  } catch (error) {
    if (interrupts.signal.aborted) {
      throw new InterruptedError(
        `interrupted: ${engineName(source)}'s query was cancelled (Ctrl-C)`,
      );
    }
    throw error;
  } finally {
    interrupts.dispose();
  }
}

/**
 * The aggregate queries of a family's plan over the rows `from` (the datum in x): a centred plan
 * reads x - c, c the sample's median, so that sums of data like 1e12 + noise keep their digits;
 * PostgreSQL's SQL guards EXP's underflow and fences its layers, DuckDB's need not.
 */
export function remoteSums(
  source: Source,
  family: Family,
  from: string,
  sample: Float64Array,
): Pick<RemoteRows, "aggregate" | "centre" | "dialect"> {
  const centre = aggregatePlan(family).centred ? median(sample) : 0;
  const centred = centre === 0 ? from : `(SELECT x - ${sqlNumber(centre)} AS x FROM ${from}) AS e`;
  return {
    centre,
    dialect: source.engine === "duckdb" ? IEEE_EXP : POSTGRES,
    aggregate: (selectList, bound, wrap) =>
      source.aggregate(selectList, bound, wrap ? wrap(centred) : centred),
  };
}
