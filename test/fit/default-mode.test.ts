import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { FitError } from "../../src/errors.js";
import { expectRelClose } from "../helpers.js";
import { type FitOptions, fitNormal, generateNormal } from "../normal-fit.js";

function options(seed: number, extra: Partial<FitOptions> = {}): FitOptions {
  return {
    literal: false,
    lr: 0.02,
    batchSize: 10,
    epochs: 2,
    uniform: uniformStream(seed, "shuffle"),
    ...extra,
  };
}

describe("default mode", () => {
  const x = generateNormal(1000, -4, 2, uniformStream(11, "data"));
  const base = fitNormal(x, options(11));

  for (const [a, b] of [
    [1e-6, 0],
    [-3, 7],
    [1e6, 1e9],
    // Where the derivative of scale^-1, scale^-2, overflows: the chain rule is taken in its
    // product's size instead (chain-rules.ts).
    [1e-300, 0],
    [-1e-305, 0],
  ] as const) {
    it(`is equivariant: fitting ${a}·x + ${b} gives a·loc + b and |a|·scale to 1e-9`, () => {
      const y = x.map((v) => a * v + b);
      const fit = fitNormal(y, options(11));
      expectRelClose(fit.params.loc, a * base.params.loc + b, 1e-9);
      expectRelClose(fit.params.scale, Math.abs(a) * base.params.scale, 1e-9);
      expectRelClose(fit.start.loc, a * base.start.loc + b, 1e-9);
    });
  }

  it("keeps the scale positive and lands near the exact MLE with the seed's settings", () => {
    expect(base.params.scale).toBeGreaterThan(0);
    // Constant-step SGD hovers around the MLE: within 0.2 standard deviations of the data here.
    expect(Math.abs(base.params.loc - base.exact.loc)).toBeLessThan(0.2 * base.exact.scale);
    expect(Math.abs(base.params.scale / base.exact.scale - 1)).toBeLessThan(0.2);
  });

  it("starts from the median and IQR/1.349 of the data", () => {
    const fit = fitNormal(Float64Array.of(1, 2, 3, 4, 100), options(1, { epochs: 1 }));
    expect(fit.start).toEqual({ loc: 3, scale: 2 / 1.3489795003921634 });
  });

  it("fits data far from the origin and with tiny spread, where literal mode cannot", () => {
    const noise = generateNormal(2000, 0, 1, uniformStream(2, "data"));
    const y = noise.map((v) => 1e12 + 1e-3 * v);
    const fit = fitNormal(y, options(2));
    expect(Math.abs(fit.params.loc - fit.exact.loc)).toBeLessThan(0.2 * fit.exact.scale);
    const literal = fitNormal(y, options(2, { literal: true }));
    expect(Math.abs(literal.params.loc - literal.exact.loc)).toBeGreaterThan(1e6 * fit.exact.scale);
  });

  it("is reproducible: the same seed gives the same estimate, another seed another", () => {
    expect(fitNormal(x, options(11)).params).toEqual(base.params);
    expect(fitNormal(x, options(12)).params).not.toEqual(base.params);
  });
});

describe("minibatches", () => {
  const x = generateNormal(25, 0, 1, uniformStream(4, "data"));
  it("takes ceil(n / batch) steps per epoch, the last batch short", () => {
    expect(fitNormal(x, options(4, { batchSize: 10, epochs: 3 })).steps).toBe(9);
  });
  it("treats a batch larger than n as one full batch", () => {
    expect(fitNormal(x, options(4, { batchSize: 1000, epochs: 3 })).steps).toBe(3);
  });
});

describe("divergence", () => {
  const x = generateNormal(1000, -4, 2, uniformStream(1, "data"));
  it("stops at the first non-finite loss, naming epoch, step, values and a remedy", () => {
    // Data near loc 1 with little spread pull the raw scale from 1 below 0 in one step of lr 0.2.
    const narrow = generateNormal(1000, 1, 0.01, uniformStream(1, "data"));
    expect(() => fitNormal(narrow, options(1, { literal: true, lr: 0.2 }))).toThrow(FitError);
    expect(() => fitNormal(narrow, options(1, { literal: true, lr: 0.2 }))).toThrow(
      /^the fit diverged at epoch 1, step \d+ of 100: (loss = NaN|loss = -?Infinity|a parameter left the finite range) \(loc = .+, scale = .+\); try a smaller --lr \(now 0.2\) or drop --literal, whose raw scale can turn negative$/,
    );
  });
  it("never diverges in default mode: a step is at most one unit of the data's spread", () => {
    const fixed = fitNormal(x, options(1, { lr: 1e6 }));
    for (const value of Object.values(fixed.params)) expect(Number.isFinite(value)).toBe(true);
    // And --epochs auto still reaches the MLE from wherever the wild steps left it.
    const auto = fitNormal(x, options(1, { lr: 1e6, epochs: "auto" }));
    expect(auto.params.loc).toBeCloseTo(auto.exact.loc, 2);
    expect(auto.params.scale).toBeCloseTo(auto.exact.scale, 2);
  });
});

describe("engines", () => {
  const x = generateNormal(2000, -4, 2, uniformStream(21, "data"));
  for (const literal of [false, true]) {
    it(`gives the same estimates with the compiled kernel and the Value engine (${literal ? "literal" : "default"} mode, 1e-12)`, () => {
      const compiled = fitNormal(x, options(21, { literal, engine: "compiled" }));
      const value = fitNormal(x, options(21, { literal, engine: "value" }));
      expect(compiled.engine).toBe("compiled");
      expect(value.engine).toBe("value");
      expectRelClose(compiled.params.loc, value.params.loc, 1e-12);
      expectRelClose(compiled.params.scale, value.params.scale, 1e-12);
    });
  }
});

describe("the robust start where the IQR is minute beside the range", () => {
  it("falls back to the sd when z² of the extremes would overflow (found by the JSON fuzz)", async () => {
    const { robustStart } = await import("../../src/distributions/robust-start.js");
    expect(robustStart(Float64Array.of(0, 0, 5e-324, 0, 1), 0.4).scale).toBe(0.4);
    expect(robustStart(Float64Array.of(0, 1e-150, 0, 0, 1), 0.4).scale).toBe(0.4);
    // One outlier still leaves the IQR in charge: 1e12 among values near 10.
    const values = Float64Array.from({ length: 999 }, (_, i) => 10 + (i % 7) / 7);
    const withOutlier = Float64Array.from([...values, 1e12]);
    expect(robustStart(withOutlier, 3e10).scale).toBeLessThan(1);
    const fit = fitNormal(Float64Array.of(0, 0, 5e-324, 0, 1), {
      literal: false,
      lr: 0.02,
      batchSize: 10,
      epochs: "auto",
      uniform: uniformStream(1, "shuffle"),
    });
    expectRelClose(fit.exact.loc, 0.2, 1e-12);
    expect(Math.abs(fit.params.loc - 0.2)).toBeLessThan(0.05);
  });
});
