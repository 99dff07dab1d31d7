import { describe, expect, it } from "vitest";
import { scoreInStandardErrors } from "../../src/fit/newton.js";
import { invert, isPositiveDefinite } from "../../src/linalg/linear-algebra.js";

describe("isPositiveDefinite (Cholesky)", () => {
  it("tells a maximum's information from a saddle's, whatever invert says", () => {
    expect(isPositiveDefinite([[2]])).toBe(true);
    expect(
      isPositiveDefinite([
        [4, 2],
        [2, 3],
      ]),
    ).toBe(true);
    // Invertible, but eigenvalues 3 and -1: a saddle.
    const saddle = [
      [1, 2],
      [2, 1],
    ];
    expect(invert(saddle)).toBeDefined();
    expect(isPositiveDefinite(saddle)).toBe(false);
    expect(
      isPositiveDefinite([
        [1, 1],
        [1, 1],
      ]),
    ).toBe(false);
    expect(isPositiveDefinite([[Number.NaN]])).toBe(false);
    // Eigenvalues of a 3×3 with a small negative one (-0.01): the third pivot catches it.
    expect(
      isPositiveDefinite([
        [2, 0, 1],
        [0, 2, 0],
        [1, 0, 0.49],
      ]),
    ).toBe(false);
    expect(
      isPositiveDefinite([
        [2, 0, 1],
        [0, 2, 0],
        [1, 0, 0.51],
      ]),
    ).toBe(true);
  });

  it("the score's distance is infinite at a saddle, where g' I⁻¹ g can be small and positive", () => {
    // I indefinite (eigenvalues 3 and -1), g along the positive direction: g' I⁻¹ g = 6.7e-5,
    // a "distance" of 0.008 standard errors, under the stopping rule's 0.05, at no maximum. SGD
    // on 3 Poissons (test/distributions/mixture.test.ts) stopped at such a point, called
    // converged.
    const at = {
      gradient: [0.01, 0.01],
      hessian: [
        [1, 2],
        [2, 1],
      ],
    };
    const inverse = invert(at.hessian) as number[][];
    const quadratic = at.gradient.reduce(
      (s, g, j) =>
        s + g * (inverse[j] as number[]).reduce((t, v, k) => t + v * (at.gradient[k] as number), 0),
      0,
    );
    expect(Math.sqrt(quadratic)).toBeCloseTo(0.00816, 5);
    expect(scoreInStandardErrors(at)).toBe(Number.POSITIVE_INFINITY);
    expect(
      scoreInStandardErrors({
        gradient: [0.01, 0],
        hessian: [
          [4, 0],
          [0, 1],
        ],
      }),
    ).toBeCloseTo(0.005, 15);
  });
});
