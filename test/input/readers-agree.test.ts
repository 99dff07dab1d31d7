import { Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readColumn } from "../../src/input/fast-column.js";
import { parseStrictNumber } from "../../src/input/parse-number.js";
import { type ReadColumnOptions, readColumnWithLibrary } from "../../src/input/read-column.js";
import { hostileByte } from "../helpers.js";

/** What a reader did: its result, or its error's class and message. */
async function outcome(
  reader: typeof readColumn,
  bytes: Buffer,
  cuts: number[],
  options: ReadColumnOptions,
) {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = [0, ...points, bytes.length]
    .slice(1)
    .map((end, i, ends) => bytes.subarray(i === 0 ? 0 : (ends[i - 1] as number), end))
    .filter((chunk) => chunk.length > 0);
  try {
    const result = await reader(Readable.from(chunks), options);
    return { ok: { ...result, values: Array.from(result.values) } };
  } catch (error) {
    return { error: `${(error as Error).name}: ${(error as Error).message}` };
  }
}

const field = fc.oneof(
  { weight: 6, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map(String) },
  { weight: 4, arbitrary: fc.integer({ min: -1000, max: 1000 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("1.5", " 2 ", "-0", ".5", "5.", "1e3", "1E-2", "+7") },
  {
    weight: 1,
    arbitrary: fc.constantFrom("abc", "NaN", "inf", "NA", "", " ", "0x1F", "1e999", "x", "é"),
  },
  { weight: 1, arbitrary: fc.constantFrom('"1.5"', '"1,5"', '"a""b"', '"x\ny"', '""') },
);

const csv = fc
  .record({
    width: fc.integer({ min: 1, max: 3 }),
    header: fc.boolean(),
    rows: fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { maxLength: 30 }),
    blank: fc.array(fc.nat(40), { maxLength: 3 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    trailingNewline: fc.boolean(),
  })
  .map(({ width, header, rows, blank, crlf, bom, trailingNewline }) => {
    const lines = rows.map((row) => row.slice(0, width).join(","));
    if (header) lines.unshift(Array.from({ length: width }, (_, i) => `c${i + 1}`).join(","));
    for (const at of blank) lines.splice(at % (lines.length + 1), 0, "");
    const eol = crlf ? "\r\n" : "\n";
    const text = lines.join(eol) + (trailingNewline ? eol : "");
    return { text: (bom ? "\ufeff" : "") + text, width };
  });

const options = fc.record({
  column: fc.option(fc.oneof(fc.integer({ min: 1, max: 3 }), fc.constantFrom("c1", "c2", "nope")), {
    nil: undefined,
  }),
  header: fc.constantFrom<boolean | "auto">("auto", true, false),
  skipInvalid: fc.boolean(),
});

/** The line a message names (1 for a usage error, which is about the first record). */
function lineOf(message: string): number {
  const match = /^\w+: data\.csv:(\d+):/.exec(message);
  return match ? Number(match[1]) : 1;
}

/**
 * Same result, or the same error. One difference is allowed: csv-parse's stream can report a
 * malformed-CSV error further on before an earlier record's problem reaches its reader, while the
 * fast reader reports problems in file order.
 */
function expectAgreement(
  fast: Awaited<ReturnType<typeof outcome>>,
  library: Awaited<ReturnType<typeof outcome>>,
) {
  if (fast.error === undefined || library.error === undefined || fast.error === library.error) {
    expect(fast).toEqual(library);
    return;
  }
  expect(library.error).toMatch(/malformed CSV/);
  expect(lineOf(fast.error)).toBeLessThanOrEqual(lineOf(library.error));
}

function toReadOptions(opts: {
  column: number | string | undefined;
  header: boolean | "auto";
  skipInvalid: boolean;
}): ReadColumnOptions {
  return {
    sourceName: "data.csv",
    delimiter: ",",
    header: opts.header,
    skipInvalid: opts.skipInvalid,
    ...(opts.column === undefined ? {} : { column: opts.column }),
  };
}

describe("the fast reader and csv-parse agree", () => {
  it("on generated CSV, cut into random chunks: same values, skips and errors (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        csv,
        options,
        fc.array(fc.nat(), { maxLength: 6 }),
        async ({ text }, opts, cuts) => {
          const readOptions = toReadOptions(opts);
          const bytes = Buffer.from(text);
          const fast = await outcome(readColumn, bytes, cuts, readOptions);
          const library = await outcome(readColumnWithLibrary, bytes, cuts, readOptions);
          expectAgreement(fast, library);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 1500),
        seed: Number(process.env.FUZZ_SEED ?? 20261126),
      },
    );
  });

  it("on hostile bytes (NUL, invalid UTF-8, stray quotes and line ends): a value or a one-line error, never a number that is not in the input (fast-check)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileByte, { maxLength: 300 }),
        options,
        fc.array(fc.nat(), { maxLength: 6 }),
        async (bytes, opts, cuts) => {
          const readOptions = toReadOptions(opts);
          const buffer = Buffer.from(bytes);
          const result = await outcome(readColumn, buffer, cuts, readOptions);
          if (result.error !== undefined) {
            // A user's error: one line, no stack, and a kind the command maps to exit 65 or 2.
            expect(result.error).toMatch(/^(DataError|UsageError): [^\n]+$/);
            return;
          }
          // An independent parse: every token between separators that reads as a number.
          const tokens = new Set(
            buffer
              .toString("utf8")
              .replace(/^\ufeff/, "")
              .split(/[,\r\n"]/)
              .map((t) => parseStrictNumber(t))
              .filter((v) => v !== undefined)
              .map((v) => (Object.is(v, -0) ? "-0" : String(v))),
          );
          for (const v of result.ok?.values ?? [])
            expect(tokens.has(Object.is(v, -0) ? "-0" : String(v))).toBe(true);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 1500),
        seed: Number(process.env.FUZZ_SEED ?? 20261126),
      },
    );
  });
});
