import { DataError, UsageError } from "../errors.js";
import { Float64Chunks } from "./float64-chunks.js";
import { textLines } from "./lines.js";
import type { ColumnData, ReadColumnOptions } from "./read-column.js";
import type { ByteStream } from "./sniff.js";

/**
 * The values of a JSON array (`[1, 2.5, ...]`, or objects: `[{"x": 1}, ...]`) or of JSON Lines
 * (one number or one object a line), as the CSV readers give them: `--column` names the key of
 * objects (the only numeric key is taken without it), nulls and non-numbers stop with the place
 * named, or are counted with --skip-invalid. A JSON array is parsed whole (its text is held once);
 * JSON Lines stream a line at a time.
 */
export async function readJsonColumn(
  stream: ByteStream,
  options: ReadColumnOptions,
  kind: "json" | "jsonl",
): Promise<ColumnData> {
  const picker = new Picker(options);
  for await (const next of jsonItems(stream, kind, options.sourceName)) {
    if ("item" in next) {
      picker.add(next.item, next.where, next.line);
      continue;
    }
    if (!options.skipInvalid) throw next.invalid;
    picker.skip(next.line, next.text);
  }
  return picker.result();
}

/**
 * The items of a JSON array (where "[i]") or of JSON Lines (where ":line", blank lines left
 * out); a line of JSON Lines that is not JSON comes as `invalid`, for the caller to throw or skip.
 * A JSON array is parsed whole; JSON Lines stream a line at a time.
 */
export async function* jsonItems(
  stream: ByteStream,
  kind: "json" | "jsonl",
  sourceName: string,
): AsyncGenerator<
  | { item: unknown; where: string; line: number }
  | { invalid: DataError; text: string; line: number }
> {
  if (kind === "json") {
    let text = "";
    for await (const chunk of stream)
      text += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ""));
    } catch (error) {
      throw new DataError(`${sourceName}: not valid JSON (${(error as Error).message})`);
    }
    if (!Array.isArray(parsed)) {
      throw new DataError(`${sourceName}: a JSON input must be an array of numbers or objects`);
    }
    for (const [i, item] of parsed.entries()) yield { item, where: `[${i}]`, line: i + 1 };
    return;
  }
  for await (const { text, line } of textLines(stream)) {
    if (text.trim() === "") continue;
    let item: unknown;
    try {
      item = JSON.parse(text);
    } catch {
      const invalid = new DataError(
        `${sourceName}:${line}: not valid JSON: ${JSON.stringify(text.slice(0, 40))}`,
      );
      yield { invalid, text, line };
      continue;
    }
    yield { item, where: `:${line}`, line };
  }
}

/** Numbers from items, by key for objects, with skips and the first value outside a support. */
class Picker {
  private readonly values: Float64Chunks;
  private key: string | undefined;
  private sawObject = false;
  private skipped = 0;
  private firstSkipped: ColumnData["firstSkipped"];
  private firstOutside: ColumnData["firstOutside"];

  constructor(private readonly options: ReadColumnOptions) {
    this.values = new Float64Chunks(options.capacity);
    if (typeof options.column === "string") this.key = options.column;
    if (typeof options.column === "number") {
      throw new UsageError(
        `--column ${options.column}: a JSON input's values are picked by key name, not number`,
      );
    }
  }

  add(item: unknown, where: string, line = 0): void {
    const value = this.valueOf(item, where);
    if (typeof value === "number" && Number.isFinite(value)) {
      this.values.push(value);
      if (this.firstOutside === undefined && this.options.outside?.(value)) {
        this.firstOutside = { line, value };
      }
      return;
    }
    const shown = JSON.stringify(value) ?? String(value);
    if (!this.options.skipInvalid) {
      throw new DataError(
        `${this.options.sourceName}${where}: ${shown} is not a number${this.key === undefined ? "" : ` (key ${JSON.stringify(this.key)})`}; skip such values with --skip-invalid`,
      );
    }
    this.skip(line, shown);
  }

  skip(line: number, field: string): void {
    this.skipped++;
    this.firstSkipped ??= { line, field };
  }

  private valueOf(item: unknown, where: string): unknown {
    if (item === null || typeof item !== "object" || Array.isArray(item)) return item;
    const record = item as Record<string, unknown>;
    const first = !this.sawObject;
    this.sawObject = true;
    if (this.key === undefined) {
      const numeric = Object.keys(record).filter((k) => typeof record[k] === "number");
      if (numeric.length === 0) {
        throw new DataError(
          `${this.options.sourceName}${where}: an object with no number in it (keys: ${Object.keys(record).join(", ") || "none"})`,
        );
      }
      if (numeric.length !== 1) {
        throw new UsageError(
          `${this.options.sourceName}${where}: objects with keys ${Object.keys(record)
            .map((k) => JSON.stringify(k))
            .join(", ")}: say which with --column KEY`,
        );
      }
      this.key = numeric[0] as string;
    }
    if (!(this.key in record)) {
      // The first object without --column's key: the flag names a key the data do not have
      // (exit 2, as a missing CSV column); a later one: that item is incomplete (exit 65).
      const message = `${this.options.sourceName}${where}: no key ${JSON.stringify(this.key)} (keys: ${Object.keys(record).join(", ") || "none"})`;
      throw first && this.options.column !== undefined
        ? new UsageError(message)
        : new DataError(message);
    }
    return record[this.key];
  }

  result(): ColumnData {
    return {
      values: this.values.toArray(),
      name: this.key,
      index: 1,
      header: false,
      skipped: this.skipped,
      ...(this.firstSkipped ? { firstSkipped: this.firstSkipped } : {}),
      ...(this.firstOutside ? { firstOutside: this.firstOutside } : {}),
    };
  }
}
