import { readColumn } from "./fast-column.js";
import type { ColumnData, ReadColumnOptions } from "./read-column.js";

/**
 * The formats mle-fit reads, and the one place where a source's reader is chosen: a new format
 * (compressed CSV, JSON Lines, Parquet, a database) is one more entry here, and every caller
 * gets it. Today every source is delimited text.
 */
export type InputFormat = "csv";

/** A source to read: its name (a path, or "<stdin>"), its bytes, and its size when known. */
export interface InputSource {
  name: string;
  stream: AsyncIterable<Buffer | string> & NodeJS.ReadableStream;
  /** Bytes in the source, when it is a file: lets the reader size its array once. */
  size?: number;
}

/** The format of a source, from its name; anything not recognized is read as delimited text. */
export function formatOf(_source: Pick<InputSource, "name">): InputFormat {
  return "csv";
}

const READERS: Record<
  InputFormat,
  (source: InputSource, options: Omit<ReadColumnOptions, "sourceName">) => Promise<ColumnData>
> = {
  csv: (source, options) =>
    readColumn(source.stream, {
      ...options,
      sourceName: source.name,
      // A value takes at least two bytes (a digit, and a line end or separator) but the last.
      ...(source.size === undefined ? {} : { capacity: Math.floor(source.size / 2) + 1 }),
    }),
};

/** The column of values of a source, by the reader of its format. */
export function readSource(
  source: InputSource,
  options: Omit<ReadColumnOptions, "sourceName">,
): Promise<ColumnData> {
  return READERS[formatOf(source)](source, options);
}
