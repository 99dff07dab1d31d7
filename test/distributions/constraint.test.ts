import { describe, expect, it } from "vitest";
import {
  type Constraint,
  fromFree,
  fromFreeValue,
  slopes,
  toFree,
  within,
} from "../../src/distributions/constraint.js";
import { Value } from "../../src/engine/value.js";
import { expectRelClose } from "../helpers.js";

const CASES: [Constraint, number[]][] = [
  ["real", [-1e6, -3, 0, 2.5]],
  ["positive", [1e-300, 0.5, 3, 1e300]],
  [{ lower: 0, upper: 1 }, [1e-12, 0.2, 0.5, 0.999999]],
  [{ lower: -2, upper: 7 }, [-1.999, 0, 6.5]],
];

describe("constraints: each parameter's free coordinate u and back", () => {
  for (const [c, values] of CASES) {
    const name = typeof c === "object" ? `(${c.lower}, ${c.upper})` : c;
    it(`${name}: θ → u → θ to 1e-12; θ'(u) and θ''(u) match central differences`, () => {
      for (const theta of values) {
        expect(within(c, theta)).toBe(true);
        const u = toFree(c, theta);
        expectRelClose(fromFree(c, u), theta, 1e-12, Math.abs(theta) || 1);
        expectRelClose(fromFreeValue(c, new Value(u)).data, theta, 1e-12, Math.abs(theta) || 1);
        const h = 1e-5;
        const [d1, d2] = slopes(c, theta);
        const f = (v: number) => fromFree(c, v);
        const fd1 = (f(u + h) - f(u - h)) / (2 * h);
        const h2 = 1e-3;
        const fd2 = (f(u + h2) - 2 * f(u) + f(u - h2)) / (h2 * h2);
        // Differences of θ round at eps·|θ|: that over h bounds what they can check.
        const rounding = (4 * Number.EPSILON * Math.abs(theta)) / h;
        expect(Math.abs(d1 - fd1)).toBeLessThan(1e-6 * Math.abs(d1) + rounding);
        if (Math.abs(theta) < 1e3 && Math.abs(theta) > 1e-3) {
          const rounding2 = (8 * Number.EPSILON * Math.abs(theta)) / (h2 * h2);
          expect(Math.abs(d2 - fd2)).toBeLessThan(1e-5 * (Math.abs(d1) + Math.abs(d2)) + rounding2);
        }
      }
    });
  }

  it("the ends and beyond are outside; the free coordinate's infinities are the ends", () => {
    const unit = { lower: 0, upper: 1 };
    expect([0, 1, -0.1, Number.NaN].map((v) => within(unit, v))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(within("positive", 0)).toBe(false);
    expect(within("real", Number.POSITIVE_INFINITY)).toBe(false);
    expect(fromFree(unit, Number.NEGATIVE_INFINITY)).toBe(0);
    expect(fromFree(unit, Number.POSITIVE_INFINITY)).toBe(1);
    // Beside either end, θ keeps its digits: 1 - 1e-12 is not rounded to 1.
    expect(fromFree(unit, toFree(unit, 1 - 1e-12))).toBeLessThan(1);
  });
});
