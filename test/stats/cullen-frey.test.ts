import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import {
  bootstrapCloud,
  inBetaRegion,
  nearestReferences,
  REFERENCES,
  skewnessKurtosis,
} from "../../src/stats/cullen-frey.js";
import { fixtureColumn, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";

describe("the Cullen and Frey summary (fitdistrplus's descdist)", () => {
  it("skewness and kurtosis: the unbiased estimates, as scipy's skew and kurtosis (bias=False) + 3", () => {
    const rivers = fixtureColumn(reference.rivers as Parameters<typeof fixtureColumn>[0]);
    const { skewness, kurtosis } = skewnessKurtosis(rivers);
    // scipy 1.17: stats.skew(rivers, bias=False), stats.kurtosis(rivers, bias=False) + 3.
    expectRelClose(skewness, 3.218217441910804, 1e-12);
    expectRelClose(kurtosis, 16.825812028898564, 1e-12);
  });

  it("the references: the gamma line meets the exponential point at shape 1; the lognormal's formula", () => {
    const gamma = REFERENCES.find((r) => r.family === "gamma");
    const exponential = REFERENCES.find((r) => r.family === "exponential");
    if (gamma?.kind !== "line" || exponential?.kind !== "point") throw new Error("references");
    // Every gamma point satisfies kurtosis = 3 + 1.5 skewness² (4/a, 3 + 6/a).
    for (const [b1, b2] of gamma.points) expectRelClose(b2, 3 + 1.5 * b1, 1e-14);
    expect(exponential.at).toEqual([4, 9]);
    // A lognormal with sdlog 0.5: skewness² and kurtosis from its closed forms.
    const w = Math.exp(0.25);
    const lognormal = REFERENCES.find((r) => r.family === "lognormal");
    if (lognormal?.kind !== "line") throw new Error("lognormal");
    const near = nearestReferences((w + 2) ** 2 * (w - 1), w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 3);
    expect(near[0]?.family).toBe("lognormal");
    expect(near[0]?.distance).toBeLessThan(1e-3);
  });

  it("Normal draws lie near the Normal's point; exponential draws near the exponential's", () => {
    const normal = Float64Array.from(
      { length: 20_000 },
      (() => {
        const u = uniformStream(1, "cf");
        return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
      })(),
    );
    const a = skewnessKurtosis(normal);
    expect(nearestReferences(a.skewness ** 2, a.kurtosis)[0]?.family).toBe("normal");
    const u = uniformStream(2, "cf");
    const exponential = Float64Array.from({ length: 20_000 }, () => -Math.log(u()));
    const b = skewnessKurtosis(exponential);
    const nearest = nearestReferences(b.skewness ** 2, b.kurtosis)
      .slice(0, 2)
      .map((r) => r.family);
    expect(nearest).toContain("exponential");
    // The beta's region: strictly between the limit kurtosis = 1 + skewness² and the gamma line.
    expect(inBetaRegion(1, 3)).toBe(true);
    expect(inBetaRegion(1, 1.9)).toBe(false);
    expect(inBetaRegion(1, 4.6)).toBe(false);
  });

  it("the bootstrap cloud: B seeded resamples, reproducible", () => {
    const data = Float64Array.from([1, 2, 2, 3, 5, 8, 13, 4, 2, 1]);
    const a = bootstrapCloud(data, 50, uniformStream(3, "cf"));
    const b = bootstrapCloud(data, 50, uniformStream(3, "cf"));
    expect(a).toHaveLength(50);
    expect(a).toEqual(b);
    // Each point is a resample with replacement drawn from the stream: the first, redone by hand.
    const uniform = uniformStream(3, "cf");
    const first = Float64Array.from(
      data,
      () => data[Math.floor(uniform() * data.length)] as number,
    );
    const { skewness, kurtosis } = skewnessKurtosis(first);
    expect(a[0]).toEqual([skewness * skewness, kurtosis]);
    // Resamples differ: the cloud is not one point repeated.
    expect(new Set(a.map(([b1]) => b1)).size).toBeGreaterThan(10);
  });
});
