import { describe, expect, it } from "vitest";
import { integrate } from "../../src/stats/quadrature.js";
import { expectRelClose } from "../helpers.js";

describe("adaptive Gauss-Kronrod quadrature", () => {
  it("integrates closed forms to 1e-12", () => {
    expectRelClose(integrate(Math.sin, 0, Math.PI), 2, 1e-12);
    expectRelClose(integrate(Math.exp, -1, 3), Math.exp(3) - Math.exp(-1), 1e-12);
    // A narrow peak inside a wide interval: the panels find it by halving.
    const peak = (x: number) =>
      Math.exp(-0.5 * ((x - 0.3) / 0.02) ** 2) / (0.02 * Math.sqrt(2 * Math.PI));
    expectRelClose(integrate(peak, -1, 1), 1, 1e-10);
    // An integrable singularity at an end, which is never evaluated: ∫₀¹ x^(-1/2) = 2.
    expectRelClose(
      integrate((x) => x ** -0.5, 0, 1, 1e-12),
      2,
      1e-7,
    );
  });

  it("counts values that are not numbers as 0, and swaps reversed ends", () => {
    expectRelClose(
      integrate((x) => Math.sqrt(x), -1, 1),
      2 / 3,
      1e-6,
    );
    expectRelClose(
      integrate((x) => x * x, 1, 0),
      -1 / 3,
      1e-14,
    );
    expect(integrate(Math.exp, 2, 2)).toBe(0);
  });
});
