import { describe, expect, it } from "vitest";
import { logAddExp, Value } from "../../src/engine/value.js";
import { centralDifference, expectRelClose } from "../helpers.js";

/**
 * Each primitive's value and gradient against its closed form, and the gradient against a central
 * finite difference. With h = 1e-5·|x| (1e-5 at 0) the difference's error is O(h²·f''') + O(ε·|f|/h),
 * about 1e-9 relative at these points, so 1e-7 relative is a tolerance with room to spare that
 * still catches any wrong derivative.
 */
const FD_TOLERANCE = 1e-7;

function gradientOf(op: (x: Value) => Value, x: number): number {
  const leaf = new Value(x);
  op(leaf).backward();
  return leaf.grad;
}

function checkAgainstFiniteDifference(op: (x: Value) => Value, x: number): void {
  const f = (t: number) => op(new Value(t)).data;
  const h = x === 0 ? 1e-5 : 1e-5 * Math.abs(x);
  expectRelClose(
    gradientOf(op, x),
    centralDifference(f, x, h),
    FD_TOLERANCE,
    Math.max(1e-8, Math.abs(centralDifference(f, x, h))),
  );
}

const unary: [
  string,
  (x: Value) => Value,
  (x: number) => number,
  (x: number) => number,
  number[],
][] = [
  ["add constant", (x) => x.add(3.5), (x) => x + 3.5, () => 1, [-7, 0, 2.25]],
  ["add self", (x) => x.add(x), (x) => 2 * x, () => 2, [-7, 0, 2.25]],
  ["mul constant", (x) => x.mul(-1.5), (x) => -1.5 * x, () => -1.5, [-7, 0, 2.25]],
  ["mul self", (x) => x.mul(x), (x) => x * x, (x) => 2 * x, [-7, 0.5, 2.25]],
  ["pow 2", (x) => x.pow(2), (x) => x ** 2, (x) => 2 * x, [-7, 0.5, 2.25]],
  ["pow -1", (x) => x.pow(-1), (x) => 1 / x, (x) => -1 / x ** 2, [-7, 0.5, 2.25]],
  ["pow 0.5", (x) => x.pow(0.5), (x) => Math.sqrt(x), (x) => 0.5 / Math.sqrt(x), [0.5, 2.25, 1e4]],
  ["pow 3", (x) => x.pow(3), (x) => x ** 3, (x) => 3 * x ** 2, [-2, 0.5, 3]],
  ["exp", (x) => x.exp(), Math.exp, Math.exp, [-20, 0, 1.5, 30]],
  ["log", (x) => x.log(), Math.log, (x) => 1 / x, [1e-6, 0.5, 1, 1e6]],
  ["neg", (x) => x.neg(), (x) => -x, () => -1, [-3, 0, 4]],
  ["sub", (x) => x.sub(2).sub(x.mul(3)), (x) => x - 2 - 3 * x, () => -2, [-3, 0, 4]],
  ["div", (x) => new Value(3).div(x), (x) => 3 / x, (x) => -3 / x ** 2, [-3, 0.25, 4]],
  ["square", (x) => x.square(), (x) => x * x, (x) => 2 * x, [-3, 0.25, 4]],
  [
    "sum",
    (x) => Value.sum([x, x.mul(2), 5, x.exp()]),
    (x) => 3 * x + 5 + Math.exp(x),
    (x) => 3 + Math.exp(x),
    [-3, 0.25, 4],
  ],
];

describe("Value primitives and derived ops", () => {
  for (const [name, op, value, derivative, points] of unary) {
    it(`${name}: value and derivative match the closed form to 1e-14, and finite differences to ${FD_TOLERANCE}`, () => {
      for (const x of points) {
        expectRelClose(
          op(new Value(x)).data,
          value(x),
          1e-14,
          Math.max(1e-300, Math.abs(value(x))),
        );
        expectRelClose(
          gradientOf(op, x),
          derivative(x),
          1e-14,
          Math.max(1e-300, Math.abs(derivative(x))),
        );
        checkAgainstFiniteDifference(op, x);
      }
    });
  }

  it("gives both operands of a product their gradients", () => {
    const a = new Value(2);
    const b = new Value(-3);
    const c = a.mul(b).add(a.exp());
    c.backward();
    expect(a.grad).toBe(-3 + Math.exp(2));
    expect(b.grad).toBe(2);
  });

  it("accumulates gradients where a node is used twice (a diamond)", () => {
    const x = new Value(1.5);
    const y = x.mul(2);
    const z = y.mul(y).add(y); // 4x² + 2x
    z.backward();
    expect(x.grad).toBe(8 * 1.5 + 2);
  });

  it("coerces plain numbers in every binary op", () => {
    const x = new Value(4);
    expect(x.sub(1).data).toBe(3);
    expect(x.div(2).data).toBe(2);
    expect(x.add(0.5).mul(2).data).toBe(9);
    expect(Value.from(x)).toBe(x);
    expect(Value.from(7).data).toBe(7);
  });

  it("labels ops and keeps children", () => {
    const a = new Value(1);
    const b = a.add(2);
    expect(b.op).toBe("+");
    expect(b.children[0]).toBe(a);
    expect(a.pow(2).op).toBe("**");
    expect(a.pow(2).exponent).toBe(2);
    expect(Value.sum([a, b]).op).toBe("sum");
  });

  it("rejects a non-finite exponent", () => {
    expect(() => new Value(2).pow(Number.NaN)).toThrow("pow: the exponent must be finite, got NaN");
    expect(() => new Value(2).pow(Number.POSITIVE_INFINITY)).toThrow(/exponent must be finite/);
  });

  it("sums many terms with compensation: 1e16 + 1 - 1e16 is 1", () => {
    expect(Value.sum([1e16, 1, -1e16]).data).toBe(1);
    expect(Value.sum([1, Number.POSITIVE_INFINITY]).data).toBe(Number.POSITIVE_INFINITY);
  });

  it("gives each child of an n-ary sum the sum's gradient, counting repeats", () => {
    const a = new Value(1);
    const b = new Value(2);
    Value.sum([a, b, a]).mul(3).backward();
    expect(a.grad).toBe(6);
    expect(b.grad).toBe(3);
  });
});

describe("backward on deep graphs", () => {
  it("backpropagates through a chain of 100,000 nodes without recursion", () => {
    const x = new Value(0.5);
    let y = x;
    const depth = 100_000;
    for (let i = 0; i < depth; i++) y = y.mul(1.00001);
    y.backward();
    expectRelClose(x.grad, 1.00001 ** depth, 1e-9);
  });

  it("backpropagates through a chain of 250,000 additions", () => {
    const x = new Value(0);
    let y = x;
    for (let i = 0; i < 250_000; i++) y = y.add(x);
    y.backward();
    expect(x.grad).toBe(250_001);
    expect(y.data).toBe(0);
  });
});

describe("backward on several outputs of one graph", () => {
  it("recomputes inner gradients and accumulates leaf gradients", () => {
    const x = new Value(2);
    const shared = x.mul(x); // x²
    const a = shared.mul(3); // 3x², d/dx = 6x = 12
    const b = shared.add(x); // x² + x, d/dx = 2x + 1 = 5
    a.backward();
    expect(x.grad).toBe(12);
    x.grad = 0;
    b.backward();
    expect(x.grad).toBe(5);
    b.backward();
    expect(x.grad).toBe(10);
  });
});

describe("logAddExp", () => {
  it("is exact where one term is far larger in size (the max is a select, not (a + b + |a - b|)/2)", () => {
    // A mixture component whose Weibull shape ran to 1e77: its log-density -7.4e79 beside the
    // other's -1.8e21. The old max cancelled to 0, a log-density of 0.
    for (const [a, b] of [
      [-1.8e21, -7.4e79],
      [-7.4e79, -1.8e21],
      [3, 1e300],
    ] as const) {
      const x = new Value(a);
      const y = new Value(b);
      const out = logAddExp(x, y);
      expect(out.data).toBe(Math.max(a, b));
      out.backward();
      expect(x.grad + y.grad).toBeCloseTo(1, 15);
      expect(a > b ? x.grad : y.grad).toBe(1);
    }
  });

  it("equals log(e^a + e^b) and its softmax gradient, ties included", () => {
    for (const [a, b] of [
      [0.3, -1.2],
      [-2, -2],
      [700, 699],
      [-745, -750],
    ] as const) {
      const x = new Value(a);
      const y = new Value(b);
      const out = logAddExp(x, y);
      const m = Math.max(a, b);
      const expected = m + Math.log(Math.exp(a - m) + Math.exp(b - m));
      expect(Math.abs(out.data - expected)).toBeLessThanOrEqual(
        1e-15 * Math.max(1, Math.abs(expected)),
      );
      out.backward();
      // The softmax, as the logistic of the difference (exp(a - expected) would carry the
      // rounding of a 700-sized expected into its digits).
      expect(x.grad).toBeCloseTo(1 / (1 + Math.exp(b - a)), 15);
      expect(y.grad).toBeCloseTo(1 / (1 + Math.exp(a - b)), 15);
    }
  });
});
