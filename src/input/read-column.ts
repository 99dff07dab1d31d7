import { CsvError, parse } from "csv-parse";
import { DataError, UsageError } from "../errors.js";
import { Float64Chunks } from "./float64-chunks.js";
import { parseStrictNumber } from "./parse-number.js";

export interface ReadColumnOptions {
  /** The input's name in messages: a file name or `<stdin>`. */
  sourceName: string;
  /** A 1-based column number, or a header name; undefined when the input has one column. */
  column?: number | string;
  /** Whether the first line is a header; "auto" decides from its selected field. */
  header: boolean | "auto";
  delimiter: string;
  /** Skip invalid values (and count them) instead of stopping at the first. */
  skipInvalid: boolean;
  /** At most this many values will come (a file: half its size in bytes, plus one). */
  capacity?: number;
  /**
   * Values a fit cannot take (outside a family's support): the first one's line is noted in
   * `firstOutside`, so the error can name it; reading goes on.
   */
  outside?: (x: number) => boolean;
  /**
   * Keep missing values instead of refusing them: an empty field, NA, NaN, null, none or "-" is
   * NaN, and inf / -inf are ±Infinity (censoring bounds, where missing means unbounded).
   */
  missing?: boolean;
}

export interface ColumnData {
  values: Float64Array;
  /** The column's header name, or undefined without a header. */
  name: string | undefined;
  /** 1-based. */
  index: number;
  header: boolean;
  skipped: number;
  firstSkipped?: { line: number; field: string };
  /** The first value `outside` flagged, and its line. */
  firstOutside?: { line: number; value: number };
}

interface Row {
  record: string[];
  info: { lines: number };
}

const MISSING = /^(?:nan|-?inf(?:inity)?|na|n\/a|null|none|-)$/i;

/**
 * A column's values as records arrive, one record (its fields as text) at a time: the header and
 * column are chosen from the first non-blank record, blank records are skipped, and an invalid
 * value stops with a DataError naming the line, or is counted with `skipInvalid`. Both readers
 * feed it, so they agree on every rule and message.
 */
export class ColumnCollector {
  layout: Layout | undefined;
  private readonly values: Float64Chunks;
  private skipped = 0;
  private firstSkipped: ColumnData["firstSkipped"];
  private firstOutside: ColumnData["firstOutside"];

  constructor(private readonly options: ReadColumnOptions) {
    this.values = new Float64Chunks(options.capacity);
  }

  addRecord(record: string[], line: number): void {
    if (record.length === 1 && (record[0] as string).trim() === "") return;
    if (this.layout === undefined) {
      this.layout = chooseLayout(record, this.options);
      if (this.layout.header) return;
    }
    const problem = checkRow(record, this.layout, this.options);
    if (problem === undefined) {
      this.pushValue(parseStrictNumber(record[this.layout.index] as string) as number, line);
      return;
    }
    const kept = this.options.missing ? missingValue(record, this.layout) : undefined;
    if (kept !== undefined) {
      this.values.push(kept);
      return;
    }
    if (!this.options.skipInvalid) {
      throw new DataError(`${this.options.sourceName}:${line}: ${problem}`);
    }
    this.skipped++;
    this.firstSkipped ??= { line, field: record.join(this.options.delimiter) };
  }

  /** A value the fast path read and checked itself (a valid field of a full-width record). */
  pushValue(value: number, line: number): void {
    this.values.push(value);
    if (this.firstOutside === undefined && this.options.outside?.(value)) {
      this.firstOutside = { line, value };
    }
  }

  /**
   * The fast path once the layout is known: the selected field's text and the record's field
   * count. Anything but a plain valid value goes through addRecord with all the fields.
   */
  addField(field: string, fieldCount: number, line: number, fields: () => string[]): void {
    const value =
      fieldCount === (this.layout as Layout).width ? parseStrictNumber(field) : undefined;
    if (value !== undefined) this.pushValue(value, line);
    else this.addRecord(fields(), line);
  }

  result(): ColumnData {
    const { layout, skipped, firstSkipped, firstOutside } = this;
    if (layout === undefined) {
      return { values: new Float64Array(0), name: undefined, index: 1, header: false, skipped };
    }
    return {
      values: this.values.toArray(),
      name: layout.name,
      index: layout.index + 1,
      header: layout.header,
      skipped,
      ...(firstSkipped ? { firstSkipped } : {}),
      ...(firstOutside ? { firstOutside } : {}),
    };
  }
}

/**
 * The reference reader: csv-parse, record by record. The fast reader (fast-column.ts) is checked
 * against it, and uses it for what it does not handle itself (a delimiter of several bytes, or
 * lines ended by carriage returns alone).
 */
export async function readColumnWithLibrary(
  source: AsyncIterable<Buffer | string> & NodeJS.ReadableStream,
  options: ReadColumnOptions,
): Promise<ColumnData> {
  const parser = parse({
    bom: true,
    delimiter: options.delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  source.pipe(parser);
  source.on("error", (error) => parser.destroy(error));
  const collector = new ColumnCollector(options);
  try {
    for await (const row of parser as AsyncIterable<Row>)
      collector.addRecord(row.record, row.info.lines);
  } catch (error) {
    throw asDataError(error, options.sourceName);
  }
  return collector.result();
}

/** csv-parse's errors as one-line DataErrors; anything else unchanged. */
export function asDataError(error: unknown, sourceName: string, line?: number): unknown {
  if (!(error instanceof CsvError)) return error;
  const at = line ?? (error as CsvError & { lines?: number }).lines;
  return new DataError(`${sourceName}:${at ?? "?"}: malformed CSV: ${describeCsvError(error)}`);
}

export interface Layout {
  header: boolean;
  /** 0-based index of the selected column. */
  index: number;
  name: string | undefined;
  width: number;
}

/** Decides from the first non-blank line whether it is a header and which column to read. */
function chooseLayout(first: string[], options: ReadColumnOptions): Layout {
  const { column, sourceName } = options;
  const width = first.length;
  if (typeof column === "string") {
    if (options.header === false) {
      throw new UsageError(
        `--column "${column}" names a header, but --no-header says there is none: give the column's number instead`,
      );
    }
    const index = first.findIndex((name) => name.trim() === column);
    if (index < 0) {
      throw new UsageError(
        `${sourceName} has no column "${column}"; its columns are: ${listNames(first)}`,
      );
    }
    return { header: true, index, name: first[index], width };
  }
  if (column === undefined && width > 1) {
    // The data are not the one column expected: a data error (exit 65), like any other shape.
    const header = options.header === true || (options.header === "auto" && !allNumbers(first));
    throw new DataError(
      header
        ? `${sourceName} has ${width} columns (${listNames(first)}): choose one with --column NAME or --column N`
        : `${sourceName} has ${width} columns and no header: choose one with --column N (1 to ${width})`,
    );
  }
  const index = (column ?? 1) - 1;
  if (index >= width) {
    throw new UsageError(
      `${sourceName} has ${width} column${width === 1 ? "" : "s"}: --column ${column} is out of range`,
    );
  }
  const header =
    options.header === "auto"
      ? parseStrictNumber(first[index] as string) === undefined
      : options.header;
  return { header, index, name: header ? first[index] : undefined, width };
}

/** Why a data row gives no value, or undefined when it gives one. */
function checkRow(
  record: string[],
  layout: Layout,
  options: ReadColumnOptions,
): string | undefined {
  const label =
    layout.name === undefined ? `column ${layout.index + 1}` : `column ${quote(layout.name)}`;
  if (record.length !== layout.width) {
    const text = record.join(options.delimiter);
    const hint =
      layout.width === 1 && /^\s*[+-]?\d+,\d+\s*$/.test(text)
        ? "a decimal comma? write numbers with a point, such as 1.5"
        : "every row needs the same number of fields as the first";
    return `expected ${plural(layout.width, "field")}, found ${record.length} (${quote(text)}): ${hint}`;
  }
  const field = record[layout.index] as string;
  if (parseStrictNumber(field) !== undefined) return undefined;
  return `${label}: ${quote(field)} is not a number${hintFor(field, options)}`;
}

/** A missing field as a number: NaN, or ±Infinity for inf; undefined when it is not missing. */
function missingValue(record: string[], layout: Layout): number | undefined {
  if (record.length !== layout.width) return undefined;
  const text = (record[layout.index] as string).trim();
  if (text !== "" && !MISSING.test(text)) return undefined;
  if (/^\+?inf(?:inity)?$/i.test(text)) return Number.POSITIVE_INFINITY;
  if (/^-inf(?:inity)?$/i.test(text)) return Number.NEGATIVE_INFINITY;
  return Number.NaN;
}

function hintFor(field: string, options: ReadColumnOptions): string {
  const text = field.trim();
  if (text === "") return " (an empty field; --skip-invalid skips missing values)";
  if (MISSING.test(text)) return " (a missing or non-finite value; --skip-invalid skips these)";
  if (/^[+-]?\d+,\d+$/.test(text))
    return " (a decimal comma? write numbers with a point, such as 1.5)";
  if (/^[+-]?0x[0-9a-f]+$/i.test(text)) return " (hexadecimal is not accepted: write decimal)";
  const separator = ["\t", ";", "|", ","].find((s) => s !== options.delimiter && text.includes(s));
  if (separator !== undefined) {
    return ` (several columns? set the delimiter, such as --delimiter ${separator === "\t" ? "tab" : `'${separator}'`})`;
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) {
    return " (too large for a double)";
  }
  if (options.header === false) return " (a header? drop --no-header, or --skip-invalid skips it)";
  return " (--skip-invalid skips invalid values and counts them)";
}

function allNumbers(fields: string[]): boolean {
  return fields.every((f) => parseStrictNumber(f) !== undefined);
}

/** Header names for a message: as written, or quoted with escapes if they hold control characters. */
function listNames(fields: string[]): string {
  const control = (f: string) => [...f].some((c) => c < " " || c === "\u007f");
  const shown = fields.slice(0, 20).map((f) => (control(f) ? quote(f) : f.trim()));
  // A message stays one readable line even for a file with a million columns.
  return fields.length > 20 ? `${shown.join(", ")}, … (${fields.length} in all)` : shown.join(", ");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** A field as it appears in a message: quoted, and cut short when long. */
export function quote(text: string, max = 40): string {
  const shown = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(shown);
}

export function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed";
    case "INVALID_OPENING_QUOTE" as CsvError["code"]: // csv-parse 7 raises it without the CSV_ prefix
      return 'a quote inside an unquoted field: quote the whole field, and write the quote twice ("")';
    case "CSV_INVALID_CLOSING_QUOTE":
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
      return 'text follows a closing quote; a quote inside a quoted field is written twice ("")';
    default:
      return error.message.replace(/\s+/g, " ");
  }
}
