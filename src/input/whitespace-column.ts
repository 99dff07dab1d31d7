import { whitespaceRecords } from "./lines.js";
import { parseStrictNumber } from "./parse-number.js";
import { ColumnCollector, type ColumnData, type ReadColumnOptions } from "./read-column.js";
import type { ByteStream } from "./sniff.js";

/**
 * Fields separated by runs of spaces or tabs, as `datamash -W` reads them: each line a record.
 * One line of numbers and no --column (`echo 1 2 3 | mle-fit`) is a list of values, not one row
 * of three columns.
 */
export async function readWhitespaceColumn(
  stream: ByteStream,
  options: ReadColumnOptions,
): Promise<ColumnData> {
  const collector = new ColumnCollector({ ...options, delimiter: " " });
  // The first record waits: alone, and all numbers, it is a list of values.
  let first: { fields: string[]; line: number } | undefined;
  let more = false;
  for await (const { record: fields, line } of whitespaceRecords(stream)) {
    if (first === undefined) {
      first = { fields, line };
      continue;
    }
    if (!more) collector.addRecord(first.fields, first.line);
    more = true;
    collector.addRecord(fields, line);
  }
  if (first !== undefined && !more) {
    const list =
      options.column === undefined &&
      first.fields.every((field) => parseStrictNumber(field) !== undefined);
    if (list) for (const field of first.fields) collector.addRecord([field], first.line);
    else collector.addRecord(first.fields, first.line);
  }
  return collector.result();
}
