import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parseStrictNumber } from "./parse-number.js";

/** A byte stream the readers take. */
export type ByteStream = AsyncIterable<Buffer | string> & NodeJS.ReadableStream;

/** At most this many bytes are read ahead to decide how a source is laid out. */
const SNIFF_BYTES = 1 << 16;

/** What the first bytes of a source say about it. */
export interface Sniffed {
  /** The source's bytes, decompressed when it was gzip, from the first byte again. */
  stream: ByteStream;
  gzip: boolean;
  /** The first non-blank line, as text (empty when there is none). */
  firstLine: string;
}

/**
 * Reads the head of a source (up to its first line end, or 64 KiB) to see what it is, and gives
 * back a stream of all its bytes: gzip (by its magic bytes 1f 8b, whatever the name) is
 * decompressed as it streams.
 */
export async function sniff(stream: ByteStream): Promise<Sniffed> {
  const { head, rest } = await readHead(stream, 2, true);
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  const whole = replay(head, rest);
  if (!gzip) return { stream: whole, gzip, firstLine: firstNonBlankLine(head) };
  const inflated = whole.pipe(createGunzip()) as unknown as ByteStream;
  const again = await readHead(inflated, 2, true);
  return {
    stream: replay(again.head, again.rest),
    gzip,
    firstLine: firstNonBlankLine(again.head),
  };
}

/** Bytes from the start until at least `min` are read and, with `toLineEnd`, a line has ended. */
async function readHead(
  stream: ByteStream,
  min: number,
  toLineEnd = false,
): Promise<{ head: Buffer; rest: AsyncIterable<Buffer | string> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  for (;;) {
    if (length >= min && (!toLineEnd || endsLine(chunks) || length >= SNIFF_BYTES)) break;
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === "string" ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  return { head: Buffer.concat(chunks), rest: { [Symbol.asyncIterator]: () => iterator } };
}

/** Some chunk holds a line end after a non-blank line. */
function endsLine(chunks: readonly Buffer[]): boolean {
  return firstNonBlankLine(Buffer.concat(chunks), true) !== "";
}

/** The first line with a non-space character (complete only, with `complete`). */
function firstNonBlankLine(head: Buffer, complete = false): string {
  const text = head.toString("utf8").replace(/^\uFEFF/, "");
  const lines = text.split(/\r\n|\n|\r/);
  const last = complete ? lines.length - 1 : lines.length;
  for (let i = 0; i < last; i++) {
    const line = lines[i] as string;
    if (line.trim() !== "") return line;
  }
  return "";
}

async function* chunksOf(head: Buffer, rest: AsyncIterable<Buffer | string>) {
  if (head.length > 0) yield head;
  yield* rest;
}

function replay(head: Buffer, rest: AsyncIterable<Buffer | string>): ByteStream {
  return Readable.from(chunksOf(head, rest)) as unknown as ByteStream;
}

/** How a delimited text's first line says its fields are separated, when no --delimiter says. */
export type SourceLayout =
  | { kind: "delimited"; delimiter: string }
  /** Fields separated by spaces or tabs; a single line of them is a list of values. */
  | { kind: "whitespace" }
  | { kind: "json" }
  | { kind: "jsonl" };

/**
 * The layout from the first non-blank line: a JSON array ("[") or JSON Lines ("{"); else the
 * delimiter it holds, comma first, then tab, then semicolon; else fields split on runs of
 * spaces when it is two or more numbers (`1 2 3`; a header with a space, `my value`, is one
 * field); else one field a line (comma, for the record).
 */
export function layoutOf(firstLine: string, delimiter: string | undefined): SourceLayout {
  const trimmed = firstLine.trimStart();
  if (trimmed.startsWith("[")) return { kind: "json" };
  if (trimmed.startsWith("{")) return { kind: "jsonl" };
  if (delimiter !== undefined) return { kind: "delimited", delimiter };
  for (const candidate of [",", "\t", ";"]) {
    if (firstLine.includes(candidate)) return { kind: "delimited", delimiter: candidate };
  }
  const tokens = firstLine.trim().split(/\s+/);
  if (tokens.length > 1 && tokens.every((t) => parseStrictNumber(t) !== undefined)) {
    return { kind: "whitespace" };
  }
  return { kind: "delimited", delimiter: "," };
}
