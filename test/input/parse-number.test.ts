import { describe, expect, it } from "vitest";
import { parseStrictNumber } from "../../src/input/parse-number.js";

describe("parseStrictNumber", () => {
  const valid: [string, number][] = [
    ["0", 0],
    ["-4", -4],
    ["+2.5", 2.5],
    [" 3.25 ", 3.25],
    ["\t7\t", 7],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["-4.5E-3", -0.0045],
    ["1e-400", 0],
    ["1.7976931348623157e308", Number.MAX_VALUE],
  ];
  for (const [text, value] of valid) {
    it(`reads ${JSON.stringify(text)} as ${value}`, () =>
      expect(parseStrictNumber(text)).toBe(value));
  }

  const invalid = [
    "",
    " ",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "Infinity",
    "0x1F",
    "1,5",
    "NA",
    "1_000",
    "1e",
    "e5",
    ".",
    "-",
    "1.2.3",
    "12abc",
    "1e999",
    "١٢",
  ];
  for (const text of invalid) {
    it(`rejects ${JSON.stringify(text)}`, () => expect(parseStrictNumber(text)).toBeUndefined());
  }
});
