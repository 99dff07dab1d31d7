import { DataError } from "../errors.js";
import { readColumn } from "./fast-column.js";
import { readJsonColumn } from "./json-column.js";
import type { ColumnData, ReadColumnOptions } from "./read-column.js";
import { type ByteStream, layoutOf, sniff } from "./sniff.js";
import { readWhitespaceColumn } from "./whitespace-column.js";

/**
 * The one place where a source's reader is chosen, from its first bytes (sniff.ts): gzip is
 * decompressed as it streams, whatever its name; then a JSON array or JSON Lines, or delimited
 * text, with the delimiter from --delimiter or from the first line (comma, tab or semicolon), or
 * fields separated by spaces. A new format (Parquet, a database) is one more entry here.
 */
export type InputFormat = "csv" | "json" | "jsonl" | "whitespace";

/** A source to read: its name (a path, or "<stdin>"), its bytes, and its size when known. */
export interface InputSource {
  name: string;
  stream: ByteStream;
  /** Bytes in the source, when it is a file: lets the reader size its array once. */
  size?: number;
}

/** How to read a source: the CSV options, with the delimiter undefined to detect it. */
export type SourceOptions = Omit<ReadColumnOptions, "sourceName" | "delimiter"> & {
  delimiter?: string;
};

/** The column of values of a source, by the reader of its format. */
export async function readSource(
  source: InputSource,
  options: SourceOptions,
): Promise<ColumnData & { format: InputFormat; gzip: boolean }> {
  try {
    return await readSniffed(source, options);
  } catch (error) {
    throw gzipError(error, source.name) ?? error;
  }
}

async function readSniffed(
  source: InputSource,
  options: SourceOptions,
): Promise<ColumnData & { format: InputFormat; gzip: boolean }> {
  const sniffed = await sniff(source.stream);
  const layout = layoutOf(sniffed.firstLine, options.delimiter);
  const common = { ...options, sourceName: source.name };
  // A value takes at least two bytes (a digit, and a line end or separator) but the last; a
  // compressed file's size says nothing of its values.
  const capacity =
    source.size === undefined || sniffed.gzip ? {} : { capacity: Math.floor(source.size / 2) + 1 };
  switch (layout.kind) {
    case "json":
    case "jsonl": {
      const column = await readJsonColumn(
        sniffed.stream,
        { ...common, delimiter: "," },
        layout.kind,
      );
      return { ...column, format: layout.kind, gzip: sniffed.gzip };
    }
    case "whitespace": {
      const column = await readWhitespaceColumn(sniffed.stream, { ...common, delimiter: " " });
      return { ...column, format: "whitespace", gzip: sniffed.gzip };
    }
    case "delimited": {
      const column = await readColumn(sniffed.stream, {
        ...common,
        ...capacity,
        delimiter: layout.delimiter,
      });
      return { ...column, format: "csv", gzip: sniffed.gzip };
    }
  }
}

/** A corrupt or truncated gzip stream: zlib's Z_* errors, as bad data (exit 65), one line. */
function gzipError(error: unknown, name: string): DataError | undefined {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (typeof code !== "string" || !code.startsWith("Z_")) return undefined;
  return new DataError(`${name}: not a valid gzip stream (${(error as Error).message})`);
}
