import { describe, expect, it } from "vitest";
import { familyByName } from "../../src/distributions/index.js";
import { IEEE_EXP } from "../../src/engine/sql.js";
import { remoteLikelihood, startSample } from "../../src/fit/pushdown.js";

/**
 * A pushed-down fit of a family whose support moves with its parameters never sends the engine a
 * θ that leaves the smallest or largest row outside it (its LN of a negative number is an error
 * in PostgreSQL), and starts from a fit whose support holds them.
 */
describe("remote likelihood of a moving support", () => {
  const gev = familyByName("gev");
  if (gev === undefined) throw new Error("gev");
  const extremes = { min: -3, max: 12 };

  it("is NaN outside it, without a query; inside, one query", async () => {
    const sent: number[][] = [];
    const likelihood = remoteLikelihood(gev, {
      aggregate: async (selectList, bound) => {
        sent.push([...bound]);
        return selectList.map(() => 1);
      },
      centre: 0,
      dialect: IEEE_EXP,
      extremes,
    });
    // Shape -0.3 with loc 10, scale 2 ends the support at 16.7: holds 12. Shape -0.5 ends it at
    // 14: holds 12. Shape -1 ends it at 12: the largest row is on the end, outside.
    const outside = await likelihood.at([10, 2, -1]);
    expect(outside.logLik).toBeNaN();
    expect(outside.gradient.every(Number.isNaN)).toBe(true);
    // Shape 0.5 starts it at 6: the smallest row, -3, below it.
    expect((await likelihood.at([10, 2, 0.5])).logLik).toBeNaN();
    expect(sent).toEqual([]);
    await likelihood.at([10, 2, -0.3]);
    expect(sent.length).toBe(1);
    expect(likelihood.queries()).toBe(1);
  });

  it("starts from the sample with the smallest and largest rows in it", () => {
    const sample = Float64Array.of(1, 2, 3);
    expect(Array.from(startSample({ sample, extremes }))).toEqual([1, 2, 3, -3, 12]);
    expect(startSample({ sample })).toBe(sample);
  });
});
