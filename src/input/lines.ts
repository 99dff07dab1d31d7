import type { ByteStream } from "./sniff.js";

/**
 * A stream's lines as text, numbered from 1, blank ones too (so that numbers count them): ended
 * by "\n", "\r\n" or "\r", also when a "\r\n" is split between two chunks; a byte-order mark
 * before the first is dropped. Only the current line is held.
 */
export async function* textLines(
  stream: ByteStream,
): AsyncGenerator<{ text: string; line: number }> {
  let pending = "";
  let line = 0;
  let first = true;
  for await (const chunk of stream) {
    pending += typeof chunk === "string" ? chunk : chunk.toString("utf8");
    if (first) {
      pending = pending.replace(/^\uFEFF/, "");
      first = false;
    }
    // A final "\r" may be the first half of a "\r\n": it waits for the next chunk.
    const held = pending.endsWith("\r") ? 1 : 0;
    const lines = pending.slice(0, pending.length - held).split(/\r\n|\n|\r/);
    pending = (lines.pop() as string) + (held ? "\r" : "");
    for (const text of lines) yield { text, line: ++line };
  }
  const rest = pending.replace(/\r$/, "");
  if (rest !== "") yield { text: rest, line: ++line };
}

/** The non-blank lines' fields, split on runs of spaces and tabs (as `datamash -W`). */
export async function* whitespaceRecords(
  stream: ByteStream,
): AsyncGenerator<{ record: string[]; line: number }> {
  for await (const { text, line } of textLines(stream)) {
    const trimmed = text.trim();
    if (trimmed !== "") yield { record: trimmed.split(/\s+/), line };
  }
}
