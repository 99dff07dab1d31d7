import fc from "fast-check";
import { expect } from "vitest";

/**
 * Asserts |actual - expected| <= rel · scale, where scale defaults to |expected|. Pass the size of
 * the terms that were added when the expected value comes from a cancellation.
 */
export function expectRelClose(
  actual: number,
  expected: number,
  rel: number,
  scale = Math.abs(expected),
): void {
  const error = Math.abs(actual - expected);
  if (!(error <= rel * scale)) {
    expect.fail(
      `expected ${actual} to be within ${rel} × ${scale} of ${expected} (off by ${error})`,
    );
  }
}

/** Central finite difference of f at x with step h. */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}

/** Bytes that make CSV hard: digits, signs, separators, line ends, quotes, NUL, invalid UTF-8, and any byte at all. */
export const hostileByte = fc.oneof(
  fc.constantFrom(
    0x30,
    0x31,
    0x35,
    0x2e,
    0x2d,
    0x65,
    0x2c,
    0x0a,
    0x0d,
    0x22,
    0x20,
    0x00,
    0xff,
    0xc3,
    0xa9,
    0x09,
    0x61,
  ),
  fc.integer({ min: 0, max: 255 }),
);

/** A report with its wrapped lines joined again (a line's continuation is indented): for prose. */
export function unwrap(text: string): string {
  return text.replace(/\n +(?=\S)/g, " ");
}
