import { Readable } from "node:stream";
import { parse as parseSync } from "csv-parse/sync";
import { DataError } from "../errors.js";
import { parseDecimal } from "./parse-decimal.js";
import {
  asDataError,
  ColumnCollector,
  type ColumnData,
  type Layout,
  type ReadColumnOptions,
  readColumnWithLibrary,
} from "./read-column.js";

const LF = 10;
const CR = 13;
const QUOTE = 34;

/**
 * Reads one numeric column of CSV from a stream of bytes as it arrives, as fast as the bytes
 * allow: records are found with Buffer.indexOf (native), a record without quotes is split on
 * its delimiter bytes in place, and only the selected field becomes a string. Records with quotes
 * go through csv-parse, record by record, and so does everything else the fast path does not
 * handle (see readColumnWithLibrary), so both give the same values, skips and messages (tested
 * side by side on generated and hostile inputs). Memory: the values once (Float64Chunks) and the
 * current partial record; the text is never held whole.
 */
export async function readColumn(
  source: AsyncIterable<Buffer | string> & NodeJS.ReadableStream,
  options: ReadColumnOptions,
): Promise<ColumnData> {
  if (Buffer.byteLength(options.delimiter) !== 1) return readColumnWithLibrary(source, options);
  const iterator = source[Symbol.asyncIterator]();
  const rest = { [Symbol.asyncIterator]: () => iterator };
  // Read up to the first line end (and the byte after a carriage return) before deciding, as
  // csv-parse decides its record delimiter; the head also holds a whole byte-order mark.
  // Each chunk is searched once and joined once: a file with no line end at all is one record.
  const head: Buffer[] = [];
  let headLength = 0;
  let sawCarriageReturn = false;
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = toBuffer(next.value);
    head.push(chunk);
    headLength += chunk.length;
    const lineEnd = chunk.indexOf(LF) >= 0 || sawCarriageReturn;
    const cr = chunk.indexOf(CR);
    sawCarriageReturn ||= cr >= 0;
    if (headLength >= 3 && (lineEnd || (cr >= 0 && cr + 1 < chunk.length))) break;
  }
  const first = Buffer.concat(head);
  const cr = first.indexOf(CR);
  const lf = first.indexOf(LF);
  // Lines ended by a lone carriage return (old Mac files): csv-parse's record delimiter is then
  // "\r", which the fast path does not do.
  if (cr >= 0 && (lf < 0 || cr < lf) && first[cr + 1] !== LF) {
    return readColumnWithLibrary(replay(first, rest), options);
  }
  const reader = new FastReader(options);
  reader.push(stripBom(first));
  for await (const chunk of rest) reader.push(toBuffer(chunk));
  return reader.end();
}

class FastReader {
  private readonly collector: ColumnCollector;
  private readonly delimiter: number;
  /** Pieces of the current record from earlier chunks. */
  private pending: Buffer[] = [];
  private inQuotes = false;
  /** A quote ended the last chunk inside a quoted field: "" or a closing quote? */
  private quoteAtChunkEnd = false;
  private recordHasQuote = false;
  /** The current record has a quote inside an unquoted field. */
  private strayQuote = false;
  private chunkHasCarriageReturn = false;
  /** The buffer nextDelimiter belongs to, and the first delimiter at or after the last record. */
  private delimiterChunk: Buffer | undefined;
  private nextDelimiter = -1;
  /** The line the current record starts on. */
  private line = 1;

  constructor(private readonly options: ReadColumnOptions) {
    this.collector = new ColumnCollector(options);
    this.delimiter = Buffer.from(options.delimiter)[0] as number;
  }

  push(chunk: Buffer): void {
    this.chunkHasCarriageReturn = chunk.indexOf(CR) >= 0;
    let start = 0;
    let pos = 0;
    if (this.quoteAtChunkEnd) {
      this.quoteAtChunkEnd = false;
      if (chunk[0] === QUOTE) pos = 1;
      else this.inQuotes = false;
    }
    // The next quote at or after pos (-1: none in this chunk), found once, not once a record.
    let nextQuote = chunk.indexOf(QUOTE, pos);
    while (pos < chunk.length) {
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
      if (this.inQuotes) {
        const quote = chunk.indexOf(QUOTE, pos);
        if (quote < 0) break;
        if (quote + 1 === chunk.length) {
          this.quoteAtChunkEnd = true;
          pos = chunk.length;
          break;
        }
        if (chunk[quote + 1] === QUOTE) pos = quote + 2;
        else {
          this.inQuotes = false;
          pos = quote + 1;
        }
        continue;
      }
      const newline = chunk.indexOf(LF, pos);
      if (nextQuote >= 0 && (newline < 0 || nextQuote < newline)) {
        // A quote opens a quoted field only at a field's start; elsewhere it is an error, which
        // csv-parse reports when the record reaches it.
        const before = nextQuote > start ? chunk[nextQuote - 1] : this.lastPendingByte();
        const fieldStart = before === undefined || before === this.delimiter;
        // After a stray quote the record is an error; later quotes must not hide its end.
        if (fieldStart && !this.strayQuote) this.inQuotes = true;
        else this.strayQuote = true;
        this.recordHasQuote = true;
        pos = nextQuote + 1;
        continue;
      }
      if (newline < 0) break;
      this.record(chunk, start, newline);
      start = newline + 1;
      pos = start;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
  }

  private lastPendingByte(): number | undefined {
    const last = this.pending[this.pending.length - 1];
    return last === undefined ? undefined : last[last.length - 1];
  }

  end(): ColumnData {
    if (this.inQuotes && !this.quoteAtChunkEnd) {
      const text = Buffer.concat(this.pending);
      const lines =
        this.line + countIn(text, LF, 0, text.length) - (text[text.length - 1] === LF ? 1 : 0);
      throw new DataError(
        `${this.options.sourceName}:${lines}: malformed CSV: a quoted field is never closed`,
      );
    }
    this.inQuotes = false;
    if (this.pending.length > 0) this.record(Buffer.alloc(0), 0, 0, false);
    return this.collector.result();
  }

  /**
   * One record: chunk[start, end) without its line feed, after the pending pieces. A CR before
   * the line feed is part of the line end; the last record, with no line feed, keeps it.
   */
  private record(chunk: Buffer, start: number, end: number, terminated = true): void {
    let bytes = chunk;
    let from = start;
    let to = end;
    if (this.pending.length > 0) {
      bytes = Buffer.concat([...this.pending, chunk.subarray(start, end)]);
      this.pending = [];
      from = 0;
      to = bytes.length;
    }
    const hasQuote = this.recordHasQuote;
    this.recordHasQuote = false;
    this.strayQuote = false;
    if (terminated && to > from && bytes[to - 1] === CR) to--;
    // Lines as csv-parse counts them: line feeds inside quotes, and carriage returns that end no
    // line (only looked for in chunks that have any).
    let inner = hasQuote ? countIn(bytes, LF, from, to) : 0;
    if (this.chunkHasCarriageReturn || bytes !== chunk) {
      // A carriage return that ends the input ends no line either.
      const last = !terminated && to > from && bytes[to - 1] === CR ? to - 1 : to;
      inner += countIn(bytes, CR, from, last);
    }
    const line = this.line + inner;
    this.line = line + 1;
    if (hasQuote) {
      this.quoted(bytes.subarray(from, to), line);
      return;
    }
    const layout = this.collector.layout;
    if (layout === undefined) {
      this.collector.addRecord(this.split(bytes.subarray(from, to)), line);
      return;
    }
    const [a, b, fields] = this.locate(bytes, from, to, layout);
    if (fields === layout.width) {
      let value = parseDecimal(bytes, a, b);
      if (value === null) value = Number(bytes.toString("latin1", a, b));
      if (value !== undefined && Number.isFinite(value)) {
        this.collector.pushValue(value, line);
        return;
      }
    }
    const field = isAscii(bytes, a, b)
      ? bytes.toString("latin1", a, b)
      : bytes.toString("utf8", a, b);
    this.collector.addField(field, fields, line, () => this.split(bytes.subarray(from, to)));
  }

  /**
   * The byte range of the selected field in bytes[from, to), and the record's field count. The
   * next delimiter of the chunk is found once and reused, so a one-column file, which has none,
   * does not search to the chunk's end for every record.
   */
  private locate(
    bytes: Buffer,
    from: number,
    to: number,
    layout: Layout,
  ): [number, number, number] {
    const d = this.delimiter;
    if (bytes !== this.delimiterChunk || (this.nextDelimiter >= 0 && this.nextDelimiter < from)) {
      this.delimiterChunk = bytes;
      this.nextDelimiter = bytes.indexOf(d, from);
    }
    let fields = 1;
    let fieldStart = from;
    let fieldEnd = to;
    let at = this.nextDelimiter;
    while (at >= 0 && at < to) {
      if (fields === layout.index) fieldStart = at + 1;
      if (fields === layout.index + 1) fieldEnd = at;
      fields++;
      at = bytes.indexOf(d, at + 1);
    }
    this.nextDelimiter = at;
    return fields > layout.index ? [fieldStart, fieldEnd, fields] : [to, to, fields];
  }

  private split(bytes: Buffer): string[] {
    return bytes.toString("utf8").split(this.options.delimiter);
  }

  /** A record with quotes, through csv-parse, so RFC 4180's rules are the library's. */
  private quoted(bytes: Buffer, line: number): void {
    let records: string[][];
    try {
      records = parseSync(bytes.toString("utf8"), {
        delimiter: this.options.delimiter,
        // The record is already cut at its line feed: a carriage return inside is text.
        record_delimiter: "\n",
        relax_column_count: true,
      }) as string[][];
    } catch (error) {
      throw asDataError(error, this.options.sourceName, line);
    }
    this.collector.addRecord(records[0] ?? [""], line);
  }
}

/** Occurrences of a byte in bytes[from, to): a plain loop, for the short span of one record. */
function countIn(bytes: Buffer, byte: number, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (bytes[i] === byte) n++;
  return n;
}

function isAscii(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if ((bytes[i] as number) >= 0x80) return false;
  return true;
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk) : chunk;
}

function stripBom(chunk: Buffer): Buffer {
  return chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? chunk.subarray(3) : chunk;
}

async function* replayChunks(first: Buffer, rest: AsyncIterable<Buffer | string>) {
  yield first;
  yield* rest;
}

/** A stream that gives back the chunk already read, then the rest. */
function replay(first: Buffer, rest: AsyncIterable<Buffer | string>) {
  return Readable.from(replayChunks(first, rest));
}
