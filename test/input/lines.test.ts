import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { textLines } from "../../src/input/lines.js";
import type { ByteStream } from "../../src/input/sniff.js";

const stream = (chunks: string[]) =>
  Readable.from(chunks.map((c) => Buffer.from(c))) as unknown as ByteStream;

async function lines(chunks: string[]) {
  const out: [number, string][] = [];
  for await (const { text, line } of textLines(stream(chunks))) out.push([line, text]);
  return out;
}

describe("textLines", () => {
  it("numbers every line, blank ones too, whatever the line ends", async () => {
    expect(await lines(["a\n\nb\r\nc\rd"])).toEqual([
      [1, "a"],
      [2, ""],
      [3, "b"],
      [4, "c"],
      [5, "d"],
    ]);
  });

  it("keeps a \\r\\n split between two chunks one line end, and drops a byte-order mark", async () => {
    expect(await lines(["\uFEFFa\r", "\nb\r", "\nc\r"])).toEqual([
      [1, "a"],
      [2, "b"],
      [3, "c"],
    ]);
    expect(await lines(["a\r", "b"])).toEqual([
      [1, "a"],
      [2, "b"],
    ]);
  });
});
