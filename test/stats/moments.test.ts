import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { normalMle } from "../../src/stats/moments.js";
import { neumaier } from "../../src/stats/neumaier.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";
import { generateNormal } from "../normal-fit.js";

describe("normalMle", () => {
  for (const [name, set] of Object.entries(reference)) {
    it(`matches R's fitdistrplus on ${name} to 1e-9 (closed form in R too)`, () => {
      const values = fixtureColumn(set);
      expect(values.length).toBe(set.n);
      const mle = normalMle(values);
      expectRelClose(mle.loc, set.fits.norm.estimate.mean, 1e-9);
      expectRelClose(mle.scale, set.fits.norm.estimate.sd, 1e-9);
    });
  }

  it("is exact on a small case: mean 2.5, sd with divisor n sqrt(1.25)", () => {
    expect(normalMle(Float64Array.of(1, 2, 3, 4))).toEqual({ loc: 2.5, scale: Math.sqrt(1.25) });
  });

  it("keeps 1e12 plus noise of 1e-3 to 1e-9 (no cancellation)", () => {
    // x = 1e12 + k/1024 with integer k is exact in a double; the oracle works on k alone.
    const ks = Array.from({ length: 10_001 }, (_, i) => ((i * 7919) % 2049) - 1024);
    const x = Float64Array.from(ks, (k) => 1e12 + k / 1024);
    const meanK = ks.reduce((a, b) => a + b, 0) / ks.length;
    const sdK = Math.sqrt(ks.reduce((a, k) => a + (k - meanK) ** 2, 0) / ks.length);
    const mle = normalMle(x);
    expectRelClose(mle.loc, 1e12 + meanK / 1024, 1e-15);
    expectRelClose(mle.scale, sdK / 1024, 1e-9);
  });

  it("keeps 1e8 values of 1e12 plus noise to 1e-9 (a plain sum would not)", () => {
    // x = 1e12 + k/1024, k = i mod 1024: exact doubles; the oracle sums the integers k exactly.
    const n = 100_000_000;
    const x = new Float64Array(n);
    let sumK = 0;
    let sumK2 = 0;
    for (let i = 0; i < n; i++) {
      const k = i % 1024;
      x[i] = 1e12 + k / 1024;
      sumK += k;
      sumK2 += k * k;
    }
    const meanK = sumK / n;
    const sdK = Math.sqrt(sumK2 / n - meanK * meanK);
    const mle = normalMle(x);
    expectRelClose(mle.loc, 1e12 + meanK / 1024, 1e-15);
    expectRelClose(mle.scale, sdK / 1024, 1e-9);
  }, 60_000);

  it("does not overflow for values near 1e300, nor underflow near 1e-300", () => {
    const base = Float64Array.of(1, -2, 3.5, 7, 0.25);
    const plain = normalMle(base);
    for (const factor of [1e300, 1.5e307, 1e-300]) {
      const mle = normalMle(base.map((v) => v * factor));
      expectRelClose(mle.loc, plain.loc * factor, 1e-14);
      expectRelClose(mle.scale, plain.scale * factor, 1e-14);
    }
  });

  it("returns a scale of 0 for equal values, NaN for no values", () => {
    expect(normalMle(Float64Array.of(3, 3, 3))).toEqual({ loc: 3, scale: 0 });
    expect(normalMle(new Float64Array(0)).loc).toBeNaN();
  });
});

describe("neumaier", () => {
  it("keeps what a plain sum loses", () => {
    expect(neumaier([1e16, 1, -1e16], (x) => x)).toBe(1);
    expect(neumaier([0.1, 0.2, 0.3], (x) => x * 10)).toBe(6);
  });
});

/** A double as an exact BigInt multiple of 2^-k, for an oracle in exact rational arithmetic. */
function scaledExactly(values: Float64Array): { integers: bigint[]; k: number } {
  // Every finite double is m·2^e with m an integer below 2^53: find the smallest e used.
  let k = 0;
  for (const x of values) {
    let y = x;
    let e = 0;
    while (!Number.isInteger(y)) {
      y *= 2;
      e++;
    }
    k = Math.max(k, e);
  }
  return { integers: Array.from(values, (x) => BigInt(x * 2 ** k)), k };
}

/** The variance with divisor n, computed exactly (BigInt), rounded once at the end. */
function exactVariance(values: Float64Array): number {
  const { integers, k } = scaledExactly(values);
  const n = BigInt(integers.length);
  const sum = integers.reduce((s, x) => s + x, 0n);
  // Σ (n·x - Σx)² / n³, in units of 2^-2k.
  const squares = integers.reduce((s, x) => s + (n * x - sum) ** 2n, 0n);
  return Number(squares) / Number(n) ** 3 / 4 ** k;
}

describe("normalMle far from the origin (corrected two-pass)", () => {
  for (const [offset, sd, seed] of [
    [1e12, 1e-3, 1],
    [1e12, 1e-3, 2],
    [-3e11, 1e-2, 3],
    [1e8, 1e-7, 4],
  ] as const) {
    it(`20,000 values of ${offset} + N(0, ${sd}): the sd equals an exact rational oracle to 1e-12`, () => {
      const noise = generateNormal(20_000, 0, sd, uniformStream(seed, "data"));
      const values = noise.map((v) => offset + v);
      const { scale } = normalMle(values);
      expectRelClose(scale, Math.sqrt(exactVariance(values)), 1e-12);
    });
  }
});
