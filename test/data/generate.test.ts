import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { normalMle } from "../../src/stats/moments.js";
import { generateNormal } from "../normal-fit.js";

describe("generateNormal", () => {
  it("is reproducible from the seed and differs between seeds and purposes", () => {
    const a = generateNormal(100, -4, 2, uniformStream(1, "data"));
    expect(generateNormal(100, -4, 2, uniformStream(1, "data"))).toEqual(a);
    expect(generateNormal(100, -4, 2, uniformStream(2, "data"))).not.toEqual(a);
    expect(generateNormal(100, -4, 2, uniformStream(1, "shuffle"))).not.toEqual(a);
  });

  it("draws from the requested Normal: mean and sd within 4 standard errors at n = 1e5", () => {
    const n = 100_000;
    const { loc, scale } = normalMle(generateNormal(n, -4, 2, uniformStream(3, "data")));
    expect(Math.abs(loc + 4)).toBeLessThan((4 * 2) / Math.sqrt(n));
    expect(Math.abs(scale - 2)).toBeLessThan((4 * 2) / Math.sqrt(2 * n));
  });
});
