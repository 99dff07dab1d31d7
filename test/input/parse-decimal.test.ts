import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDecimal } from "../../src/input/parse-decimal.js";
import { parseStrictNumber } from "../../src/input/parse-number.js";

/** As the fast reader uses it: null means convert the (checked) text with Number(), finite only. */
const read = (text: string) => {
  const bytes = Buffer.from(text, "latin1");
  const value = parseDecimal(bytes, 0, bytes.length);
  if (value !== null) return value;
  const converted = Number(text);
  return Number.isFinite(converted) ? converted : undefined;
};

describe("parseDecimal", () => {
  it("gives parseStrictNumber's answer on every ASCII text, -0 included (fast-check)", () => {
    const numeric = fc
      .tuple(
        fc.constantFrom("", " ", "\t"),
        fc.constantFrom("", "+", "-"),
        fc.stringMatching(/^\d{0,20}$/),
        fc.constantFrom("", "."),
        fc.stringMatching(/^\d{0,20}$/),
        fc.constantFrom("", "e", "E", "e+", "e-", "E-"),
        fc.stringMatching(/^\d{0,4}$/),
        fc.constantFrom("", " ", "\r"),
      )
      .map((parts) => parts.join(""));
    const ascii = fc.string({ unit: fc.constantFrom(..."0123456789+-.eE \t\rx,") });
    fc.assert(
      fc.property(fc.oneof(numeric, ascii, fc.double().map(String)), (text) => {
        expect(Object.is(read(text), parseStrictNumber(text))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("reads the shortest round-trip form of any finite double back to that double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // String(-0) is "0", so compare with what the text says.
        expect(Object.is(read(String(x)), Number(String(x)))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it("handles the grammar's edges", () => {
    expect(read("5.")).toBe(5);
    expect(read(".5")).toBe(0.5);
    expect(read("-0")).toBe(-0);
    expect(read("1e-3")).toBe(0.001);
    expect(read("000123.4500")).toBe(123.45);
    for (const bad of ["", ".", "-", "e5", "1e", "1e+", "1.2.3", "0x10", "1,5", "NaN", "--1"]) {
      expect(read(bad)).toBeUndefined();
    }
    expect(parseDecimal(Buffer.from("1234567890123456789"), 0, 19)).toBeNull(); // 19 digits: Number()
    expect(read("1234567890123456789")).toBe(Number("1234567890123456789"));
    expect(read("1e23")).toBe(1e23);
    expect(read("1e999")).toBeUndefined(); // too large for a double, as parseStrictNumber says
  });
});
