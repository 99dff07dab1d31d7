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
