import { describe, expect, it } from "vitest";
import { compileBatchKernel } from "../../src/engine/compile.js";
import { gradientGraph } from "../../src/engine/gradient-graph.js";
import { SPECIAL, type SpecialName } from "../../src/engine/special.js";
import { Value } from "../../src/engine/value.js";
import { centralDifference, expectRelClose } from "../helpers.js";

const EULER_GAMMA = 0.5772156649015329;
const ZETA3 = 1.2020569031595942;

describe("special functions: closed forms", () => {
  it("lgamma, digamma, trigamma, tetragamma at known points", () => {
    expectRelClose(SPECIAL.lgamma(5), Math.log(24), 1e-15);
    expectRelClose(SPECIAL.lgamma(0.5), 0.5 * Math.log(Math.PI), 1e-15);
    expectRelClose(
      SPECIAL.lgamma(1e6),
      1e6 * Math.log(1e6) - 1e6 - 0.5 * Math.log(1e6) + 0.5 * Math.log(2 * Math.PI) + 1 / 12e6,
      1e-15,
    );
    expectRelClose(SPECIAL.digamma(1), -EULER_GAMMA, 1e-15);
    expectRelClose(SPECIAL.digamma(0.5), -EULER_GAMMA - 2 * Math.log(2), 1e-15);
    expectRelClose(SPECIAL.trigamma(1), Math.PI ** 2 / 6, 1e-15);
    expectRelClose(SPECIAL.trigamma(0.5), Math.PI ** 2 / 2, 1e-15);
    expectRelClose(SPECIAL.tetragamma(1), -2 * ZETA3, 1e-14);
  });

  it("log1p, softplus, sigmoid keep their digits at the extremes", () => {
    expect(SPECIAL.log1p(1e-20)).toBe(1e-20);
    expect(SPECIAL.softplus(800)).toBe(800);
    expect(SPECIAL.softplus(-800)).toBe(0);
    expectRelClose(SPECIAL.softplus(-40), Math.exp(-40), 1e-15);
    expectRelClose(SPECIAL.softplus(0), Math.log(2), 1e-16);
    expect(SPECIAL.sigmoid(-800)).toBe(0);
    expect(SPECIAL.sigmoid(800)).toBe(1);
    expectRelClose(SPECIAL.sigmoid(-40), Math.exp(-40), 1e-15);
  });
});

describe("special functions: log(1 + t)/t and its derivatives (the GEV's and GPD's)", () => {
  // mpmath at 40 digits, rounded to doubles: log1p(t)/t, and its first and second derivatives by mp.diff. Both
  // sides of the switch from the series (|t| < 0.1) to the closed forms.
  const REFERENCE: [number, number, number, number][] = [
    [-0.9, 2.558427881104495, -8.26841346543945, 92.73685896569012],
    [-0.05, 1.0258658877510107, -0.5353138239271551, 0.7481118628583964],
    [1e-7, 0.9999999500000033, -0.4999999333333408, 0.6666665166666906],
    [0.0999, 0.95314581162096, -0.44016266654775477, 0.5378255120190792],
    [0.1001, 0.953057789842687, -0.4400551235505695, 0.5376044813353005],
    [3, 0.4620981203732969, -0.07069937345776563, 0.026299582305177083],
  ];
  it("equal 40-digit values to 1e-13, and are 1, -1/2, 2/3 at 0", () => {
    for (const [t, l, l1, l2] of REFERENCE) {
      expectRelClose(SPECIAL.log1pOver(t), l, 1e-15);
      expectRelClose(SPECIAL.log1pOver1(t), l1, 1e-14);
      expectRelClose(SPECIAL.log1pOver2(t), l2, 1e-13);
    }
    expect(SPECIAL.log1pOver(0)).toBe(1);
    expect(SPECIAL.log1pOver1(0)).toBe(-0.5);
    expectRelClose(SPECIAL.log1pOver2(0), 2 / 3, 1e-16);
  });
});

describe("special functions: the log-CDFs of censored data, far into both tails", () => {
  // mpmath at 50 digits (log of ncdf, of 1/2 + atan(z)/π, of the Laplace CDF, of 1 - e^-a).
  const cases: [SpecialName, number, number][] = [
    ["normalLogCdf", -40, -804.6084420137538],
    ["normalLogCdf", -5, -15.064998393988725],
    ["normalLogCdf", 0, -Math.LN2],
    ["normalLogCdf", 3, -0.0013508099647481938],
    ["normalLogCdf", 10, -7.619853024160525e-24],
    ["normalMills", -40, 40.02496884720726],
    ["normalMills", -5, 5.186503967125842],
    ["normalMills", 0, 0.7978845608028654],
    ["normalMills", 3, 0.004437839042125664],
    ["normalMills", 10, 7.694598626706419e-23],
    ["cauchyLogCdf", -1e10, -24.170580815789858],
    ["cauchyLogCdf", -3, -2.278708595290299],
    ["cauchyLogCdf", 0, -Math.LN2],
    ["cauchyLogCdf", 2, -0.1596801598555846],
    ["cauchyLogCdf", 1e10, -3.1830988618885674e-11],
    ["cauchyMills", -1e10, 1e-10],
    ["cauchyMills", -3, 0.3107997752716339],
    ["cauchyMills", 0, 0.6366197723675814],
    ["cauchyMills", 2, 0.07468413155233218],
    ["cauchyMills", 1e10, 3.183098861939228e-21],
    ["laplaceLogCdf", -800, -800.6931471805599],
    ["laplaceLogCdf", -1, -1.6931471805599454],
    ["laplaceLogCdf", 0.5, -0.3613506148087591],
    ["laplaceLogCdf", 40, -2.1241771276457944e-18],
    ["log1mexp", 1e-20, -46.051701859880914],
    ["log1mexp", 0.5, -0.9327521295671886],
    ["log1mexp", 1, -0.4586751453870819],
    ["log1mexp", 50, -1.9287498479639178e-22],
  ];
  it.each(cases)("%s(%d) = %d to 1e-14", (name, x, expected) => {
    expectRelClose(SPECIAL[name](x), expected, 1e-14);
  });

  it("second derivatives of the log-CDFs through the gradient graph equal central differences", () => {
    const cdfs: SpecialName[] = ["normalLogCdf", "cauchyLogCdf", "laplaceLogCdf", "log1mexp"];
    for (const name of cdfs) {
      for (const x0 of name === "log1mexp" ? [0.01, 0.4, 2, 9] : [-7, -1.5, 0.4, 3]) {
        const x = new Value(x0);
        const [d1] = gradientGraph(x.special(name), [x]);
        const [d2] = gradientGraph(d1 as Value, [x]);
        const h = 1e-4 * Math.max(Math.abs(x0), 1e-2);
        const d1At = (t: number) => {
          const v = new Value(t);
          const [g] = gradientGraph(v.special(name), [v]);
          return (g as Value).data;
        };
        const fd = centralDifference(d1At, x0, h);
        expectRelClose((d2 as Value).data, fd, 1e-6, Math.max(Math.abs(fd), 1e-8));
      }
    }
  });
});

/** Points where each function is smooth, and a step for central differences there. */
const POINTS: Record<
  Exclude<SpecialName, "tetragamma" | "sign" | "laplaceMillsPrime" | "log1pOver2">,
  number[]
> = {
  lgamma: [0.03, 0.7, 1, 2.5, 17, 1e4],
  digamma: [0.05, 0.7, 1, 2.5, 17, 1e4],
  trigamma: [0.1, 0.7, 1, 2.5, 17, 1e4],
  log1p: [-0.9, -1e-3, 0, 0.3, 40],
  expm1: [-5, -1e-3, 0, 0.3, 40],
  softplus: [-30, -2, 0, 1.5, 30],
  sigmoid: [-30, -2, 0, 1.5, 30],
  abs: [-3, -1e-3, 2e-3, 7],
  normalLogCdf: [-30, -3, 0, 2, 8],
  normalMills: [-30, -3, 0, 2, 8],
  cauchyLogCdf: [-1e3, -3, 0.5, 2, 1e3],
  cauchyMills: [-1e3, -3, 0.5, 2, 1e3],
  laplaceLogCdf: [-30, -3, 0.5, 2, 30],
  laplaceMills: [0.5, 2, 30],
  log1mexp: [1e-3, 0.5, 2, 30],
  invExpm1: [1e-3, 0.5, 2, 30],
  log1pOver: [-0.9, -0.2, -0.05, 0, 1e-9, 0.05, 0.0999, 0.1001, 2, 40],
  log1pOver1: [-0.9, -0.2, -0.05, 0, 1e-9, 0.05, 0.0999, 0.1001, 2, 40],
};

describe("special functions: gradients", () => {
  for (const [name, points] of Object.entries(POINTS) as [SpecialName, number[]][]) {
    it(`${name}: backward equals a central difference`, () => {
      for (const x0 of points) {
        const x = new Value(x0);
        const y = x.special(name);
        y.backward();
        const h = 1e-5 * Math.max(Math.abs(x0), 1e-2);
        // sigmoid's tails are 1 - tiny, where a difference quotient cancels: its closed form.
        const fd =
          name === "sigmoid"
            ? Math.exp(-Math.abs(x0)) / (1 + Math.exp(-Math.abs(x0))) ** 2
            : centralDifference((t) => SPECIAL[name](t), x0, h);
        // A central difference is good to about h² f''' / f' plus rounding: 1e-6 here.
        expectRelClose(x.grad, fd, 1e-6, Math.max(Math.abs(fd), 1e-8));
      }
    });
  }

  it("second derivatives through the gradient graph: lgamma'' = trigamma, softplus'' = σ(1-σ)", () => {
    for (const x0 of [0.3, 1, 4.5, 50]) {
      const x = new Value(x0);
      const [d1] = gradientGraph(x.lgamma(), [x]);
      const [d2] = gradientGraph(d1 as Value, [x]);
      expectRelClose((d1 as Value).data, SPECIAL.digamma(x0), 1e-15);
      expectRelClose((d2 as Value).data, SPECIAL.trigamma(x0), 1e-15);
      const [s1] = gradientGraph(x.softplus(), [x]);
      const [s2] = gradientGraph(s1 as Value, [x]);
      // σ(x)(1 - σ(x)) = e^-x / (1 + e^-x)², without the cancellation.
      expectRelClose((s2 as Value).data, Math.exp(-x0) / (1 + Math.exp(-x0)) ** 2, 1e-14);
      const [l1] = gradientGraph(x.log1p(), [x]);
      const [l2] = gradientGraph(l1 as Value, [x]);
      expectRelClose((l2 as Value).data, -1 / (1 + x0) ** 2, 1e-15);
    }
  });

  it("the chain ends at tetragamma, with the engine's usual refusal", () => {
    const x = new Value(2);
    const y = x.special("tetragamma");
    expect(() => y.backward()).toThrow('no derivative rule for op "tetragamma"');
    expect(() => gradientGraph(y, [x])).toThrow('no derivative rule for op "tetragamma"');
  });

  it("abs has gradient sign(x), and sign has gradient 0", () => {
    const x = new Value(-2.5);
    x.abs().backward();
    expect(x.grad).toBe(-1);
    const [d] = gradientGraph(x.abs(), [x]);
    const [dd] = gradientGraph(d as Value, [x]);
    expect((dd as Value).data).toBe(0);
  });
});

describe("special functions: compiled kernels equal the engine", () => {
  it("a term using every special function, value and gradient", () => {
    const term = (x: Value, [a, b]: Value[]) =>
      Value.sum([
        (a as Value).mul(x).lgamma(),
        (b as Value).add(x).special("digamma"),
        (a as Value).special("trigamma").mul(x),
        x.mul(b as Value).log1p(),
        x.sub(a as Value).softplus(),
        x.sub(b as Value).abs(),
        (a as Value).special("sigmoid"),
      ]);
    const data = Float64Array.from([0.5, 1.5, 2.25, 7, 0.01]);
    const theta = Float64Array.of(1.3, 0.4);
    const grad = new Float64Array(2);
    const kernel = compileBatchKernel(term, 2, "contiguous");
    const total = kernel(data, null, 0, data.length, theta, grad);
    const a = new Value(theta[0] as number);
    const b = new Value(theta[1] as number);
    const sum = Value.sum(Array.from(data, (x) => term(new Value(x), [a, b])));
    sum.backward();
    expectRelClose(total, sum.data, 1e-14);
    expectRelClose(grad[0] as number, a.grad, 1e-13);
    expectRelClose(grad[1] as number, b.grad, 1e-13);
  });
});
