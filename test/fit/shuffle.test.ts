import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { identityPermutation, shuffleInPlace } from "../../src/fit/shuffle.js";

describe("shuffleInPlace", () => {
  it("keeps a permutation a permutation, and is seeded", () => {
    const perm = identityPermutation(1000);
    shuffleInPlace(perm, uniformStream(1, "shuffle"));
    expect([...perm].sort((a, b) => a - b)).toEqual([...identityPermutation(1000)]);
    expect(perm).not.toEqual(identityPermutation(1000));
    const again = identityPermutation(1000);
    shuffleInPlace(again, uniformStream(1, "shuffle"));
    expect(again).toEqual(perm);
  });

  it("puts each element in each place about equally often (n = 4, 24,000 shuffles)", () => {
    const counts = new Float64Array(16); // counts[4 × value + place]
    const uniform = uniformStream(2, "shuffle");
    for (let t = 0; t < 24_000; t++) {
      const perm = identityPermutation(4);
      shuffleInPlace(perm, uniform);
      perm.forEach((value, place) => {
        counts[4 * value + place] = (counts[4 * value + place] as number) + 1;
      });
    }
    // Each count is Binomial(24000, 1/4): mean 6000, sd 67; 5 sd is 335.
    for (const c of counts) expect(Math.abs(c - 6000)).toBeLessThan(335);
  });
});
