import { describe, expect, it } from "vitest";
import { normalLogProb } from "../../src/distributions/normal.js";
import { Value } from "../../src/engine/value.js";
import { expectRelClose } from "../helpers.js";

const HALF_LOG_TWO_PI = 0.9189385332046728; // log(2π)/2, from Python's 0.5 * math.log(2 * math.pi)

/**
 * The closed forms, written independently of the engine:
 * log p = -z²/2 - log σ - log(2π)/2, ∂/∂loc = z/σ, ∂/∂σ = (z² - 1)/σ, with z = (x - loc)/σ.
 * Where a result is a difference of terms (the log-density, ∂/∂σ near |z| = 1), the tolerance of
 * 1e-12 is relative to the size of the terms, the condition of the subtraction itself.
 */
function closedForm(x: number, loc: number, scale: number) {
  const z = (x - loc) / scale;
  return {
    logp: -0.5 * z * z - Math.log(scale) - HALF_LOG_TWO_PI,
    logpScale: 0.5 * z * z + Math.abs(Math.log(scale)) + HALF_LOG_TWO_PI,
    dLoc: z / scale,
    dScale: (z * z - 1) / scale,
    dScaleScale: (z * z + 1) / scale,
  };
}

const locs = [-1e6, -4, 0, 2.5, 1e8];
const scales = [1e-8, 1e-3, 0.7, 1, 2, 1e3, 1e8];
const zs = [0, 1e-3, -0.25, 0.5, -1, 1, 1.0000001, 2, -3, 37, -123.4, 1e3, -1e3];

describe("normalLogProb", () => {
  it("matches the closed form and its derivatives to 1e-12 at |z| up to 1e3, scale 1e-8 to 1e8", () => {
    let checked = 0;
    for (const loc of locs) {
      for (const scale of scales) {
        for (const zTarget of zs) {
          const x = loc + zTarget * scale;
          const expected = closedForm(x, loc, scale);
          const locV = new Value(loc);
          const scaleV = new Value(scale);
          const lp = normalLogProb(x, locV, scaleV);
          lp.backward();
          expectRelClose(lp.data, expected.logp, 1e-12, expected.logpScale);
          expectRelClose(
            locV.grad,
            expected.dLoc,
            1e-12,
            Math.max(Math.abs(expected.dLoc), 1e-300),
          );
          expectRelClose(scaleV.grad, expected.dScale, 1e-12, expected.dScaleScale);
          checked++;
        }
      }
    }
    expect(checked).toBe(locs.length * scales.length * zs.length);
  });

  it("matches values computed independently in Python (math module)", () => {
    // -0.5 * ((x + 4) / 2) ** 2 - math.log(2) - 0.5 * math.log(2 * math.pi), x = -4, 0, 3.7
    expectRelClose(normalLogProb(-4, -4, 2).data, -1.612085713764618, 1e-14);
    expectRelClose(normalLogProb(0, -4, 2).data, -3.612085713764618, 1e-14);
    expectRelClose(normalLogProb(3.7, -4, 2).data, -9.023335713764618, 1e-14);
  });

  it("is built from engine ops: its graph reaches the parameters", () => {
    const loc = new Value(1);
    const scale = new Value(1);
    const lp = normalLogProb(0, loc, scale);
    lp.backward();
    expect(loc.grad).toBe(-1);
    expect(scale.grad).toBe(0);
    expect(lp.data).toBeCloseTo(-1.4189385332046727, 15);
  });
});
