import { parse } from "csv-parse";
import { UsageError } from "../errors.js";
import { jsonItems } from "./json-column.js";
import { whitespaceRecords } from "./lines.js";
import { asDataError, ColumnCollector, type ReadColumnOptions } from "./read-column.js";
import type { InputSource, SourceOptions } from "./readers.js";
import { type ByteStream, layoutOf, sniff } from "./sniff.js";

export interface SeriesOptions extends Omit<SourceOptions, "column"> {
  /** The columns to fit, each by header name or 1-based number: one fit per column. */
  columns: readonly (number | string)[];
  /** The column whose values split the rows into groups: one fit per group (and column). */
  groupBy?: number | string;
}

/** The values of one fit: a column, a group, or a group's column. */
export interface Series {
  /** How the results table names it: the group's key, the column's name, or both. */
  label: string;
  group?: string;
  column: string;
  /** The column's 1-based number, and its header name (undefined without a header). */
  index: number;
  name: string | undefined;
  values: Float64Array;
  skipped: number;
}

/**
 * Several columns, or one column split by the values of another (datamash's groupby), read in
 * one pass: each series holds only its values (a Float64Array per group and column), records
 * stream through. Each (group, column) has its own ColumnCollector, so every rule and message of
 * the one-column readers holds (headers, strict numbers, --skip-invalid); groups keep the order
 * in which they first appear.
 */
export async function readSeries(source: InputSource, options: SeriesOptions): Promise<Series[]> {
  const sniffed = await sniff(source.stream);
  const layout = layoutOf(sniffed.firstLine, options.delimiter);
  if (layout.kind === "json" || layout.kind === "jsonl") {
    // Objects: the keys named by --column and --group-by make the header, each object a record.
    const keys = [options.groupBy, ...options.columns].filter((k) => k !== undefined);
    if (!keys.every((k) => typeof k === "string")) {
      throw new UsageError(
        `${source.name}: JSON objects' values are picked by key name, not number (--column KEY, --group-by KEY)`,
      );
    }
    const names = keys as string[];
    const reader = new SeriesReader(source.name, { ...options, header: true });
    reader.add(names, 1);
    for await (const next of jsonItems(sniffed.stream, layout.kind, source.name)) {
      if (!("item" in next)) throw next.invalid;
      const { item, line } = next;
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        throw new UsageError(
          `${source.name}:${line}: --group-by and several --column need JSON objects, found ${JSON.stringify(item)}`,
        );
      }
      const record = item as Record<string, unknown>;
      reader.add(
        names.map((k) => (record[k] === undefined ? "" : String(record[k]))),
        line,
      );
    }
    return reader.result();
  }
  const reader = new SeriesReader(source.name, options);
  const records =
    layout.kind === "whitespace"
      ? whitespaceRecords(sniffed.stream)
      : delimitedRecords(sniffed.stream, layout.delimiter, source.name);
  for await (const { record, line } of records) reader.add(record, line);
  return reader.result();
}

class SeriesReader {
  private header: string[] | undefined;
  private decided = false;
  private groupIndex: number | undefined;
  private readonly collectors = new Map<string, ColumnCollector[]>();

  constructor(
    private readonly sourceName: string,
    private readonly options: SeriesOptions,
  ) {}

  add(record: string[], line: number): void {
    if (record.length === 1 && (record[0] as string).trim() === "") return;
    if (!this.decided) {
      this.decided = true;
      if (this.isHeader(record)) {
        this.header = record;
        this.groupIndex = this.indexOf(this.options.groupBy, record);
        return;
      }
      this.groupIndex = this.indexOf(this.options.groupBy, undefined, record.length);
    }
    const group = this.groupIndex === undefined ? "" : (record[this.groupIndex] ?? "").trim();
    let collectors = this.collectors.get(group);
    if (collectors === undefined) {
      collectors = this.options.columns.map((column) => {
        const options: ReadColumnOptions = {
          ...this.options,
          sourceName: this.sourceName,
          delimiter: this.options.delimiter ?? ",",
          column,
          header: this.header !== undefined,
        };
        const collector = new ColumnCollector(options);
        if (this.header !== undefined) collector.addRecord(this.header, 1);
        return collector;
      });
      this.collectors.set(group, collectors);
    }
    for (const collector of collectors) collector.addRecord(record, line);
  }

  /** A header when told so, or when a selected or grouping column is named or not a number. */
  private isHeader(first: string[]): boolean {
    if (this.options.header !== "auto") return this.options.header;
    const named = [...this.options.columns, this.options.groupBy].some(
      (c) => typeof c === "string",
    );
    if (named) return true;
    return this.options.columns.some((c) => {
      const field = (first[(c as number) - 1] ?? "").trim();
      return field === "" || !Number.isFinite(Number(field));
    });
  }

  private indexOf(
    column: number | string | undefined,
    header: string[] | undefined,
    width = header?.length ?? 0,
  ): number | undefined {
    if (column === undefined) return undefined;
    if (typeof column === "number") {
      if (column > width) {
        throw new UsageError(
          `${this.sourceName} has ${width} columns: --group-by ${column} is out of range`,
        );
      }
      return column - 1;
    }
    const index = header?.findIndex((name) => name.trim() === column) ?? -1;
    if (index < 0) {
      throw new UsageError(
        `${this.sourceName} has no column "${column}" to group by; its columns are: ${(header ?? []).join(", ")}`,
      );
    }
    return index;
  }

  result(): Series[] {
    const series: Series[] = [];
    const several = this.options.columns.length > 1;
    for (const [group, collectors] of this.collectors) {
      for (const collector of collectors) {
        const data = collector.result();
        const column = data.name ?? `column ${data.index}`;
        const grouped = this.groupIndex !== undefined;
        series.push({
          label: grouped ? (several ? `${group}, ${column}` : group) : column,
          ...(grouped ? { group } : {}),
          column,
          index: data.index,
          name: data.name,
          values: data.values,
          skipped: data.skipped,
        });
      }
    }
    return series;
  }
}

async function* delimitedRecords(stream: ByteStream, delimiter: string, sourceName: string) {
  const parser = parse({
    bom: true,
    delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  stream.pipe(parser);
  stream.on("error", (error) => parser.destroy(error));
  try {
    for await (const row of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      yield { record: row.record, line: row.info.lines };
    }
  } catch (error) {
    throw asDataError(error, sourceName);
  }
}
