import logcdf from "@stdlib/stats-base-dists-normal-logcdf";
import { describe, expect, it } from "vitest";
import { normalLogTails } from "../../src/stats/normal-tails.js";
import { expectRelClose } from "../helpers.js";

describe("normalLogTails", () => {
  it("equals @stdlib's Normal log-CDF at both tails, z from -40 to 40, to 1e-13", () => {
    const out = new Float64Array(2);
    for (let z = -40; z <= 40; z += 0.0625) {
      normalLogTails(z, out);
      const lower = logcdf(z, 0, 1);
      const upper = logcdf(-z, 0, 1);
      // Relative to |log p|, and at least 1e-16 absolute where p rounds to 1 and log p to 0.
      expectRelClose(out[0] as number, lower, 1e-13, Math.max(Math.abs(lower), 1e-3));
      expectRelClose(out[1] as number, upper, 1e-13, Math.max(Math.abs(upper), 1e-3));
    }
  });

  it("matches values from Python's scipy.special.log_ndtr", () => {
    const out = new Float64Array(2);
    // scipy.special.log_ndtr(-10), log_ndtr(0), and log_ndtr(-1.5) for the upper tail at 1.5
    normalLogTails(-10, out);
    expectRelClose(out[0] as number, -53.23128515051248, 1e-14);
    normalLogTails(0, out);
    expect(out[0]).toBe(out[1]);
    expectRelClose(out[0] as number, -Math.LN2, 1e-15);
    normalLogTails(1.5, out);
    expectRelClose(out[1] as number, -2.7059444008238898, 1e-13);
  });
});
