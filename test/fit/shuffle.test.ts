import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { EpochOrder, identityPermutation, shuffleInPlace } from "../../src/fit/shuffle.js";

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

describe("EpochOrder", () => {
  it("gives Fisher-Yates in place below the bucketed size, reshuffling each epoch", () => {
    const order = new EpochOrder(identityPermutation(100));
    const uniform = uniformStream(3, "shuffle");
    const first = order.next(uniform).slice();
    const expected = identityPermutation(100);
    shuffleInPlace(expected, uniformStream(3, "shuffle"));
    expect(first).toEqual(expected);
    expect(order.next(uniform)).not.toEqual(first);
  });

  it("keeps a permutation a permutation in the bucketed shuffle, over several epochs", () => {
    const order = new EpochOrder(identityPermutation(100_000), {
      bucketedFrom: 1000,
      bucketSize: 1000,
    });
    const uniform = uniformStream(4, "shuffle");
    for (let epoch = 0; epoch < 3; epoch++) {
      const perm = order.next(uniform);
      expect(perm.length).toBe(100_000);
      expect([...perm].sort((a, b) => a - b)).toEqual([...identityPermutation(100_000)]);
    }
  });

  it("puts each element in each place about equally often in the bucketed shuffle (n = 8, 4 buckets)", () => {
    const n = 8;
    const runs = 40_000;
    const order = new EpochOrder(identityPermutation(n), { bucketedFrom: 0, bucketSize: 2 });
    const uniform = uniformStream(5, "shuffle");
    const counts = new Float64Array(n * n);
    for (let t = 0; t < runs; t++) {
      order.next(uniform).forEach((value, place) => {
        counts[n * value + place] = (counts[n * value + place] as number) + 1;
      });
    }
    // Each count is Binomial(40000, 1/8): mean 5000, sd 66; 5 sd is 330.
    for (const c of counts) expect(Math.abs(c - runs / n)).toBeLessThan(330);
  });

  for (const [what, options] of [
    ["bucketed shuffle", { bucketedFrom: 0, bucketSize: 1 }],
    ["Mulberry32 Fisher-Yates", { fastFrom: 0 }],
    ["Fisher-Yates on uniform", {}],
  ] as const) {
    it(`makes every ordering of 4 equally likely in the ${what} (chi-square, 23 df)`, () => {
      const order = new EpochOrder(identityPermutation(4), options);
      const uniform = uniformStream(6, "shuffle");
      const seen = new Map<string, number>();
      const runs = 48_000;
      for (let t = 0; t < runs; t++) {
        const key = order.next(uniform).join("");
        seen.set(key, (seen.get(key) ?? 0) + 1);
      }
      expect(seen.size).toBe(24);
      const expected = runs / 24;
      const chi2 = [...seen.values()].reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
      // The 0.999 quantile of chi-square with 23 degrees of freedom is 49.7.
      expect(chi2).toBeLessThan(49.7);
    });
  }

  it("makes every ordering of 4 equally likely in the first epoch's shuffled copy (chi-square, 23 df)", () => {
    const uniform = uniformStream(8, "shuffle");
    const seen = new Map<string, number>();
    const runs = 48_000;
    const source = Float64Array.of(0, 1, 2, 3);
    for (let t = 0; t < runs; t++) {
      const key = new EpochOrder(source, { fastFrom: 0 }).next(uniform).join("");
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(24);
    const expected = runs / 24;
    const chi2 = [...seen.values()].reduce((acc, c) => acc + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(49.7);
    expect(source).toEqual(Float64Array.of(0, 1, 2, 3));
  });

  it("shuffles the source itself only when asked (inPlace), below the bucketed size", () => {
    const source = Float64Array.from({ length: 1000 }, (_, i) => i);
    const copy = new EpochOrder(source).next(uniformStream(9, "shuffle"));
    expect(source).toEqual(Float64Array.from({ length: 1000 }, (_, i) => i));
    const inPlace = new EpochOrder(source, { inPlace: true }).next(uniformStream(9, "shuffle"));
    expect(inPlace).toBe(source);
    expect(inPlace).toEqual(copy);
  });

  it("takes each path where it should: 2^18 values on Mulberry32, 2^22 bucketed", () => {
    const draws = (n: number) => {
      let calls = 0;
      const uniform = uniformStream(7, "shuffle");
      const order = new EpochOrder(identityPermutation(n));
      order.next(() => {
        calls++;
        return uniform();
      });
      return calls;
    };
    expect(draws(1000)).toBe(999);
    expect(draws(1 << 18)).toBe(1);
    expect(draws(1 << 22)).toBe(1);
  });
});
