import betaLogpdf from "@stdlib/stats-base-dists-beta-logpdf";
import binomialLogpmf from "@stdlib/stats-base-dists-binomial-logpmf";
import cauchyLogpdf from "@stdlib/stats-base-dists-cauchy-logpdf";
import exponentialLogpdf from "@stdlib/stats-base-dists-exponential-logpdf";
import gammaLogpdf from "@stdlib/stats-base-dists-gamma-logpdf";
import geometricLogpmf from "@stdlib/stats-base-dists-geometric-logpmf";
import gumbelLogpdf from "@stdlib/stats-base-dists-gumbel-logpdf";
import laplaceLogpdf from "@stdlib/stats-base-dists-laplace-logpdf";
import logisticLogpdf from "@stdlib/stats-base-dists-logistic-logpdf";
import lognormalLogpdf from "@stdlib/stats-base-dists-lognormal-logpdf";
import negativeBinomialLogpmf from "@stdlib/stats-base-dists-negative-binomial-logpmf";
import normalLogpdf from "@stdlib/stats-base-dists-normal-logpdf";
import paretoLogpdf from "@stdlib/stats-base-dists-pareto-type1-logpdf";
import poissonLogpmf from "@stdlib/stats-base-dists-poisson-logpmf";
import tLogpdf from "@stdlib/stats-base-dists-t-logpdf";
import uniformLogpdf from "@stdlib/stats-base-dists-uniform-logpdf";
import weibullLogpdf from "@stdlib/stats-base-dists-weibull-logpdf";
import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { type Family, familyDensity } from "../../src/distributions/family.js";
import { FAMILIES, familyByName } from "../../src/distributions/index.js";
import { Value } from "../../src/engine/value.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import { centralDifference, expectRelClose } from "../helpers.js";

/** Two parameter settings per family, and points inside its support. */
const SETTINGS: Record<string, { params: number[][]; xs: number[] }> = {
  normal: {
    params: [
      [-4, 2],
      [1e3, 0.5],
    ],
    xs: [-6, -4, 0.3, 1e3],
  },
  lognormal: {
    params: [
      [0.5, 0.8],
      [-2, 0.3],
    ],
    xs: [0.05, 0.7, 1, 4.5],
  },
  exponential: { params: [[0.3], [12]], xs: [0.01, 0.5, 3, 10] },
  gamma: {
    params: [
      [2, 0.5],
      [0.7, 3],
    ],
    xs: [0.02, 0.8, 2, 9],
  },
  weibull: {
    params: [
      [1.5, 3],
      [0.8, 0.5],
    ],
    xs: [0.01, 0.4, 2, 7],
  },
  logistic: {
    params: [
      [1, 2],
      [-30, 0.1],
    ],
    xs: [-31, -2, 1, 9],
  },
  laplace: {
    params: [
      [1, 2],
      [-3, 0.5],
    ],
    xs: [-4, -2.9, 1.3, 9],
  },
  cauchy: {
    params: [
      [1, 2],
      [-3, 0.5],
    ],
    xs: [-40, -2.9, 1.3, 9],
  },
  "student-t": {
    params: [
      [1, 2, 3],
      [-3, 0.5, 25],
    ],
    xs: [-8, -2.9, 1.3, 9],
  },
  poisson: { params: [[3.5], [40]], xs: [0, 1, 4, 37] },
  negbin: {
    params: [
      [2, 5],
      [30, 1.2],
    ],
    xs: [0, 1, 4, 17],
  },
  gumbel: {
    params: [
      [1, 2],
      [-30, 0.1],
    ],
    xs: [-31, -2, 1, 9],
  },
  "log-logistic": {
    params: [
      [3, 2],
      [0.6, 0.01],
    ],
    xs: [0.001, 0.5, 2, 40],
  },
  "inverse-gaussian": {
    params: [
      [2, 5],
      [0.1, 30],
    ],
    xs: [0.05, 1.5, 2, 9],
  },
  beta: {
    params: [
      [2, 5],
      [0.4, 0.7],
    ],
    xs: [1e-6, 0.2, 0.5, 0.999],
  },
  geometric: { params: [[0.3], [0.01]], xs: [0, 1, 4, 17] },
  zip: {
    params: [
      [3, 0.2],
      [0.5, 0.9],
    ],
    xs: [0, 1, 4, 17],
  },
  binomial: {
    params: [
      [10, 0.3],
      [40, 0.95],
    ],
    xs: [0, 1, 4, 10],
  },
  gev: {
    // Shapes on both sides of 0, and 1e-9, where log(1 + shape·z)/shape is nearly 0/0.
    params: [
      [10, 2, 0.2],
      [-1, 0.5, -0.3],
      [3, 1.5, 1e-9],
    ],
    // Inside every setting's support: above 0 (the first's lower end), below 2/3 (the second's
    // upper end).
    xs: [0.1, 0.3, 0.5, 0.6],
  },
  uniform: {
    params: [
      [-1, 3],
      [0, 1e-3],
    ],
    xs: [0, 1e-4, 5e-4, 9e-4],
  },
  pareto: {
    params: [
      [2.5, 1.5],
      [0.7, 1e-3],
    ],
    xs: [1.5, 2, 10, 1e3],
  },
  "generalized-pareto": {
    params: [
      [0, 2, 0.25],
      [-1, 0.5, -0.2],
      [0, 1, 1e-9],
    ],
    xs: [0, 0.3, 1.2, 1.4],
  },
};

/** The oracle: @stdlib's own log-densities, written independently of the engine. */
const STDLIB: Record<string, (x: number, p: number[]) => number> = {
  normal: (x, [m, s]) => normalLogpdf(x, m as number, s as number),
  lognormal: (x, [m, s]) => lognormalLogpdf(x, m as number, s as number),
  exponential: (x, [r]) => exponentialLogpdf(x, r as number),
  gamma: (x, [a, b]) => gammaLogpdf(x, a as number, b as number),
  weibull: (x, [k, l]) => weibullLogpdf(x, k as number, l as number),
  logistic: (x, [m, s]) => logisticLogpdf(x, m as number, s as number),
  laplace: (x, [m, s]) => laplaceLogpdf(x, m as number, s as number),
  cauchy: (x, [m, s]) => cauchyLogpdf(x, m as number, s as number),
  "student-t": (x, [m, s, df]) =>
    tLogpdf((x - (m as number)) / (s as number), df as number) - Math.log(s as number),
  poisson: (x, [l]) => poissonLogpmf(x, l as number),
  negbin: (x, [r, mu]) =>
    negativeBinomialLogpmf(x, r as number, (r as number) / ((r as number) + (mu as number))),
  gumbel: (x, [m, s]) => gumbelLogpdf(x, m as number, s as number),
  beta: (x, [a, b]) => betaLogpdf(x, a as number, b as number),
  geometric: (x, [p]) => geometricLogpmf(x, p as number),
  binomial: (x, [n, p]) => binomialLogpmf(x, n as number, p as number),
  uniform: (x, [a, b]) => uniformLogpdf(x, a as number, b as number),
  pareto: (x, [k, m]) => paretoLogpdf(x, k as number, m as number),
  // No @stdlib log-density: plain formulas in doubles, written apart from the engine's.
  // The GEV's and the GPD's with y = log(1 + ξz)/ξ in the textbook's form, or, for |ξ| below
  // 1e-6 (where that form is 0/0 to a few digits), its series z - ξz²/2 + ξ²z³/3.
  gev: (x, [loc, scale, xi]) => {
    const y = textbookY((x - (loc as number)) / (scale as number), xi as number);
    return -Math.log(scale as number) - (1 + (xi as number)) * y - Math.exp(-y);
  },
  "generalized-pareto": (x, [loc, scale, xi]) =>
    -Math.log(scale as number) -
    (1 + (xi as number)) * textbookY((x - (loc as number)) / (scale as number), xi as number),
  "log-logistic": (x, [k, s]) => {
    const r = (x / (s as number)) ** (k as number);
    return Math.log(k as number) - Math.log(x) + Math.log(r) - 2 * Math.log1p(r);
  },
  "inverse-gaussian": (x, [m, l]) =>
    0.5 * Math.log((l as number) / (2 * Math.PI * x ** 3)) -
    ((l as number) * (x - (m as number)) ** 2) / (2 * (m as number) ** 2 * x),
  zip: (x, [l, pi]) =>
    x === 0
      ? Math.log((pi as number) + (1 - (pi as number)) * Math.exp(-(l as number)))
      : Math.log1p(-(pi as number)) + poissonLogpmf(x, l as number),
};

function textbookY(z: number, xi: number): number {
  if (Math.abs(xi) < 1e-6) return z - (xi * z * z) / 2 + (xi * xi * z * z * z) / 3;
  return Math.log(1 + xi * z) / xi;
}

function logProbAt(family: Family, x: number, params: readonly number[]) {
  const leaves = params.map((p) => new Value(p));
  const lp = family.logProb(x, leaves);
  lp.backward();
  return { value: lp.data, grad: leaves.map((l) => l.grad) };
}

describe("every family", () => {
  it("has settings here, and R's or scipy's names resolve to it", () => {
    expect(FAMILIES.map((f) => f.name).sort()).toEqual(Object.keys(SETTINGS).sort());
    expect(familyByName("lnorm")?.name).toBe("lognormal");
    expect(familyByName("T")?.name).toBe("student-t");
    expect(familyByName("nbinom")?.name).toBe("negbin");
    expect(familyByName("frechet")).toBeUndefined();
  });

  for (const family of FAMILIES) {
    const { params, xs } = SETTINGS[family.name] as { params: number[][]; xs: number[] };
    const discrete = family.support === "count";

    it(`${family.name}: log p equals @stdlib's log-density, and the CDF is its integral`, () => {
      for (const p of params) {
        for (const x of xs) {
          const logP = logProbAt(family, x, p).value;
          expectRelClose(
            logP,
            (STDLIB[family.name] as (x: number, p: number[]) => number)(x, p),
            1e-12,
            Math.max(1, Math.abs(logP)),
          );
          // The CDF the reports use: its jump (counts) or its slope at a central point.
          if (discrete) {
            const jump = family.cdf(x, p) - (x > 0 ? family.cdf(x - 1, p) : 0);
            // A difference of two CDF values near 1 keeps only absolute digits.
            expectRelClose(Math.exp(logP), jump, 1e-9, Math.max(jump, 1e-6));
          }
        }
        // In the bulk of the first setting, where a difference quotient of the CDF has digits.
        if (!discrete && p === params[0]) {
          const x = xs[1] as number;
          const h = 1e-6 * Math.max(Math.abs(x), 1e-2);
          const slope = centralDifference((t) => family.cdf(t, p), x, h);
          expectRelClose(Math.exp(logProbAt(family, x, p).value), slope, 1e-5);
        }
      }
    });

    it(`${family.name}: the engine's gradient in each parameter equals a central difference`, () => {
      for (const p of params) {
        for (const x of xs) {
          const { grad } = logProbAt(family, x, p);
          p.forEach((value, j) => {
            // Laplace's |x - loc| has a kink at loc: keep away from it.
            const h = 1e-6 * Math.max(Math.abs(value), 1e-3);
            const f = (t: number) =>
              logProbAt(
                family,
                x,
                p.map((v, k) => (k === j ? t : v)),
              ).value;
            const fd = centralDifference(f, value, h);
            expectRelClose(grad[j] as number, fd, 1e-5, Math.max(Math.abs(fd), 1e-3));
          });
        }
      }
    });

    it(`${family.name}: compiled kernels equal the Value engine (log-likelihood, gradient, Hessian)`, () => {
      const draw = family.sampler(params[0] as number[], uniformStream(5, family.name));
      const data = Float64Array.from({ length: 200 }, draw);
      const compiled = likelihoodEvaluator(family, "compiled")(data, params[0] as number[]);
      const plain = likelihoodEvaluator(family, "value")(data, params[0] as number[]);
      expectRelClose(compiled.logLik, plain.logLik, 1e-12);
      compiled.gradient.forEach((g, j) => {
        expectRelClose(g, plain.gradient[j] as number, 1e-9, Math.abs(compiled.logLik) / 100);
      });
      compiled.hessian.forEach((row, j) => {
        row.forEach((h, k) => {
          expectRelClose(h, (plain.hessian[j] as number[])[k] as number, 1e-10, Math.abs(h) + 1e-9);
        });
      });
    });

    it(`${family.name}: draws are reproducible from the seed and lie in the support`, () => {
      const a = family.sampler(params[1] as number[], uniformStream(3, "data"));
      const b = family.sampler(params[1] as number[], uniformStream(3, "data"));
      for (let i = 0; i < 100; i++) {
        const x = a();
        expect(b()).toBe(x);
        if (family.support === "positive") expect(x).toBeGreaterThan(0);
        if (discrete) expect(Number.isInteger(x) && x >= 0).toBe(true);
      }
    });
  }
});

describe("familyDensity, for --plot", () => {
  it("is exp(log p), and for counts the probability of the nearest whole number", () => {
    const gamma = familyByName("gamma") as Family;
    expectRelClose(
      familyDensity(gamma, [2, 0.5])(3),
      Math.exp(STDLIB.gamma?.(3, [2, 0.5]) as number),
      1e-12,
    );
    expect(familyDensity(gamma, [2, 0.5])(-1)).toBe(0);
    const poisson = familyByName("poisson") as Family;
    const density = familyDensity(poisson, [3.5]);
    const pmf2 = Math.exp(STDLIB.poisson?.(2, [3.5]) as number);
    expectRelClose(density(2.4), pmf2, 1e-12);
    expectRelClose(density(1.6), pmf2, 1e-12);
    expect(density(-0.7)).toBe(0);
  });
});
