import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { DataError, ExitCode, UsageError, UserError } from "../errors.js";

/**
 * Data where they live (issue 14): a column of a Parquet file, a glob of them, a compressed CSV
 * or a query, read by DuckDB (embedded); or a query or table of a PostgreSQL server. The fit asks
 * the engine for sums over rows (one aggregate query per pass), for a sample, or for the rows
 * streamed in chunks; it never holds n values. DuckDB and pg load only when a source needs them.
 */
export interface SqlSource {
  engine: "duckdb" | "postgresql";
  /** How reports name the data: a file, a glob, "a query", a table. */
  name: string;
  /** The column fitted (its name in the source). */
  column: string;
  /** A relation with the datum as a DOUBLE in column x, NULLs and non-finite values included. */
  relation: string;
  /** One row of numbers: SELECT <selectList> FROM <from>, with $1, $2, ... bound. */
  aggregate(
    selectList: readonly string[],
    bound: readonly number[],
    from: string,
  ): Promise<number[]>;
  /** Rows of one DOUBLE column, as they come, in chunks. */
  stream(sql: string, onChunk: (values: Float64Array) => void): Promise<void>;
  /** Every row of one DOUBLE column. */
  column1(sql: string): Promise<Float64Array>;
  /** Every row of two DOUBLE columns (a histogram: value, count). */
  columns2(sql: string): Promise<[Float64Array, Float64Array]>;
  /** A uniform sample of `size` rows of the relation's x (seeded), as the engine draws it. */
  sampleSql(from: string, size: number, seed: number): string;
  /** Cancels the running query (Ctrl-C): it then fails, and so does the fit. */
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** An unreachable server or a refused login: sysexits' EX_UNAVAILABLE. */
export class UnavailableError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.unavailable);
    this.name = "UnavailableError";
  }
}

/** "name" with its quotes doubled: an identifier SQL cannot misread, whatever it holds. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** 'text' with its quotes doubled: a string literal (a file path), never code. */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

const requireHere = createRequire(import.meta.url);

function loadOptional<T>(name: string, why: string): T {
  try {
    return requireHere(name) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw error;
    throw new UsageError(`${why} needs the optional package ${name} (npm install ${name})`);
  }
}

/** Whether a path is read through DuckDB: Parquet, a glob, or zstd-compressed text. */
export function duckdbPath(path: string): boolean {
  return /\.parquet$/i.test(path) || /[*?[]/.test(path) || /\.zst$/i.test(path);
}

/** The DuckDB table function that reads a path, by its name. */
function reader(path: string): string {
  const literal = quoteLiteral(path);
  if (/\.parquet$/i.test(path)) return `read_parquet(${literal})`;
  if (/\.(jsonl|ndjson|json)(\.(gz|zst))?$/i.test(path)) return `read_json_auto(${literal})`;
  return `read_csv_auto(${literal})`;
}

type DuckModule = typeof import("@duckdb/node-api");

/**
 * A DuckDB source: a file or glob (its --column, or its first column), or --sql (the query's
 * --column, or its first column), in an in-memory database.
 */
export async function duckdbSource(
  spec: { path: string } | { sql: string },
  column: string | number | undefined,
): Promise<SqlSource> {
  const duck = loadOptional<DuckModule>("@duckdb/node-api", "Parquet files and --sql");
  const instance = await duck.DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const base = "path" in spec ? `SELECT * FROM ${reader(spec.path)}` : spec.sql;
  const name = "path" in spec ? spec.path : "a query (--sql)";
  if ("path" in spec && !/[*?[]/.test(spec.path)) {
    if (!existsSync(spec.path)) {
      connection.closeSync();
      throw new UserError(`${spec.path}: no such file`, ExitCode.noInput);
    }
  }
  let chosen: string;
  try {
    const names = await run(async () => {
      const result = await connection.runAndReadAll(`SELECT * FROM (${base}) AS q LIMIT 0`);
      return result.columnNames();
    }, name);
    chosen = chooseColumn(names, column, name);
  } catch (error) {
    connection.closeSync();
    instance.closeSync();
    throw error;
  }
  return {
    engine: "duckdb",
    name,
    column: chosen,
    relation: `SELECT CAST(${quoteIdentifier(chosen)} AS DOUBLE) AS x FROM (${base}) AS q`,
    aggregate: (selectList, bound, from) =>
      run(async () => {
        const statement = await connection.prepare(`SELECT ${selectList.join(", ")} FROM ${from}`);
        bound.forEach((v, i) => {
          statement.bindDouble(i + 1, v);
        });
        const rows = (await statement.runAndReadAll()).getRows();
        return (rows[0] ?? []).map((v) => (v === null ? Number.NaN : Number(v)));
      }, name),
    stream: (sql, onChunk) =>
      run(async () => {
        const result = await connection.stream(sql);
        for (;;) {
          const chunk = await result.fetchChunk();
          if (chunk === null || chunk.rowCount === 0) break;
          // The vector's own doubles, no boxing (the rows are finite and not NULL: the query's
          // WHERE says so); the values one by one where a version of the API hides them.
          const items = (chunk.getColumnVector(0) as unknown as { items?: Float64Array }).items;
          onChunk(
            items instanceof Float64Array
              ? items.subarray(0, chunk.rowCount)
              : Float64Array.from(chunk.getColumnValues(0) as number[]),
          );
        }
      }, name),
    column1: (sql) =>
      run(async () => {
        const result = await connection.runAndReadAll(sql);
        return Float64Array.from(result.getColumns()[0] as number[]);
      }, name),
    columns2: (sql) =>
      run(async () => {
        const [a, b] = (await connection.runAndReadAll(sql)).getColumns() as number[][];
        return [Float64Array.from(a ?? [], Number), Float64Array.from(b ?? [], Number)];
      }, name),
    sampleSql: (from, size, seed) =>
      `SELECT x FROM ${from} USING SAMPLE reservoir(${Math.floor(size)} ROWS) REPEATABLE (${seed % 2 ** 31})`,
    cancel: async () => {
      connection.interrupt();
    },
    close: async () => {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

type PgModule = typeof import("pg");

/**
 * A PostgreSQL source: --sql, or --table (schema.table) with --column, on the server of a
 * postgresql:// URL. Everything runs in one read-only transaction; identifiers are quoted and
 * values bound. Ctrl-C cancels the running query (the server's pg_cancel_backend, through pg).
 */
export async function postgresSource(
  url: string,
  spec: { sql: string } | { table: string },
  column: string | number | undefined,
): Promise<SqlSource> {
  if (!/^postgres(ql)?:\/\//i.test(url)) {
    throw new UsageError(
      `--db ${url}: a PostgreSQL URL, postgresql://user@host:port/database (other servers: --print-sql gives the queries)`,
    );
  }
  const pg = loadOptional<PgModule>("pg", "--db postgresql://");
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new UnavailableError(`--db: ${describePgConnect(error, url)}`);
  }
  const base =
    "sql" in spec
      ? spec.sql
      : `SELECT * FROM ${spec.table.split(".").map(quoteIdentifier).join(".")}`;
  const name = "sql" in spec ? "a query (--sql)" : `table ${spec.table}`;
  let chosen: string;
  try {
    await client.query("BEGIN TRANSACTION READ ONLY");
    const names = await run(async () => {
      const result = await client.query(`SELECT * FROM (${base}) AS q LIMIT 0`);
      return result.fields.map((f) => f.name);
    }, name);
    chosen = chooseColumn(names, column, name);
  } catch (error) {
    // A failure before the source is handed over closes the connection: nothing else would.
    await client.end();
    throw error;
  }
  const cursorCount = { n: 0 };
  return {
    engine: "postgresql",
    name,
    column: chosen,
    relation: `SELECT CAST(${quoteIdentifier(chosen)} AS DOUBLE PRECISION) AS x FROM (${base}) AS q`,
    aggregate: (selectList, bound, from) =>
      run(async () => {
        const result = await client.query({
          text: `SELECT ${selectList.join(", ")} FROM ${from}`,
          values: [...bound],
          rowMode: "array",
        });
        return (result.rows[0] as unknown[]).map((v) => (v === null ? Number.NaN : Number(v)));
      }, name),
    stream: (sql, onChunk) =>
      run(async () => {
        const cursor = `mle_fit_${cursorCount.n++}`;
        await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`);
        for (;;) {
          const result = await client.query({
            text: `FETCH FORWARD 10000 FROM ${cursor}`,
            rowMode: "array",
          });
          if (result.rows.length === 0) break;
          onChunk(Float64Array.from(result.rows as unknown[][], (r) => Number(r[0])));
        }
        await client.query(`CLOSE ${cursor}`);
      }, name),
    column1: (sql) =>
      run(async () => {
        const result = await client.query({ text: sql, rowMode: "array" });
        return Float64Array.from(result.rows as unknown[][], (r) => Number(r[0]));
      }, name),
    columns2: (sql) =>
      run(async () => {
        const rows = (await client.query({ text: sql, rowMode: "array" })).rows as unknown[][];
        return [
          Float64Array.from(rows, (r) => Number(r[0])),
          Float64Array.from(rows, (r) => Number(r[1])),
        ];
      }, name),
    // setseed takes [-1, 1]; ORDER BY random() LIMIT k keeps k rows in a heap.
    sampleSql: (from, size, seed) =>
      `SELECT x FROM (SELECT x, random() AS r FROM ${from}, (SELECT setseed(${((seed % 1000) / 1000).toFixed(3)})) AS s) AS t ORDER BY r LIMIT ${Math.floor(size)}`,
    // The server cancels a backend's query when asked from another connection.
    cancel: async () => {
      const killer = new pg.Client({ connectionString: url });
      try {
        await killer.connect();
        await killer.query("SELECT pg_cancel_backend($1)", [
          (client as unknown as { processID: number }).processID,
        ]);
      } finally {
        await killer.end();
      }
    },
    close: async () => {
      try {
        await client.query("ROLLBACK");
      } finally {
        await client.end();
      }
    },
  };
}

/** The column to fit: --column by name or 1-based number, else the first. */
function chooseColumn(
  names: readonly string[],
  column: string | number | undefined,
  where: string,
): string {
  if (column === undefined) {
    const first = names[0];
    if (first === undefined) throw new DataError(`${where}: no columns`);
    return first;
  }
  if (typeof column === "number") {
    const named = names[column - 1];
    if (named === undefined) {
      throw new UsageError(
        `${where} has ${names.length} columns: --column ${column} is out of range`,
      );
    }
    return named;
  }
  if (!names.includes(column)) {
    throw new UsageError(
      `${where} has no column ${JSON.stringify(column)}; its columns are: ${names.join(", ")}`,
    );
  }
  return column;
}

/** An engine's error as one line: bad SQL, a value that is not a number: exit 65. */
async function run<T>(body: () => Promise<T>, where: string): Promise<T> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof UserError) throw error;
    const message = ((error as Error).message ?? String(error)).split("\n")[0] ?? "";
    // No file behind a path or a glob: the input is missing (66), as for a CSV file.
    if (/^IO Error: (No files found|Cannot open file)/.test(message)) {
      throw new UserError(`${where}: the database said: ${message}`, ExitCode.noInput);
    }
    const hint = /convert|invalid input syntax for type double/i.test(message)
      ? " (--column picks a column of numbers)"
      : "";
    throw new DataError(`${where}: the database said: ${message}${hint}`);
  }
}

function describePgConnect(error: unknown, url: string): string {
  const e = error as NodeJS.ErrnoException & { code?: string };
  let shown = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    shown = parsed.toString();
  } catch {}
  if (
    e.code === "ECONNREFUSED" ||
    e.code === "ENOTFOUND" ||
    e.code === "EHOSTUNREACH" ||
    e.code === "ETIMEDOUT"
  ) {
    return `cannot reach the server at ${shown} (${e.code})`;
  }
  if (e.code === "28P01" || e.code === "28000")
    return `the server at ${shown} refused the login: ${e.message}`;
  if (e.code === "3D000") return `the server at ${shown} has no such database: ${e.message}`;
  return `cannot connect to ${shown}: ${e.message}`;
}
