import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalLogProb } from "../../src/distributions/normal.js";
import {
  dataUnitParametrization,
  literalParametrization,
} from "../../src/distributions/parametrization.js";
import { compileBatchKernel, generateKernelSource, literal } from "../../src/engine/compile.js";
import { Value } from "../../src/engine/value.js";
import { identityPermutation } from "../../src/fit/shuffle.js";
import { expectRelClose } from "../helpers.js";

type Term = (x: Value, theta: Value[]) => Value;

/** The engine's answer: Σ term(x_k, θ) as one sum node, and its gradient by backward. */
function engineBatch(term: Term, xs: number[], theta: number[]) {
  const leaves = theta.map((t) => new Value(t));
  const terms = xs.map((x) => term(new Value(x), leaves));
  const total = Value.sum(terms);
  total.backward();
  // The size of what was added: a sum's rounding is relative to this, not to its result.
  const size = terms.reduce((acc, t) => acc + Math.abs(t.data), 0);
  return { value: total.data, grad: leaves.map((l) => l.grad), size, terms };
}

/**
 * Compiled and engine agree to 1e-12 relative to the size of the summed terms (value) and of the
 * summed per-sample gradients (each gradient component): the compiled kernel adds the batch left
 * to right where the engine's sum node compensates, and nothing else differs.
 */
function checkAgreement(term: Term, xs: number[], theta: number[]) {
  const kernel = compileBatchKernel(term, theta.length);
  const grad = new Float64Array(theta.length);
  const value = kernel(
    Float64Array.from(xs),
    identityPermutation(xs.length),
    0,
    xs.length,
    Float64Array.from(theta),
    grad,
  );
  const expected = engineBatch(term, xs, theta);
  expectRelClose(value, expected.value, 1e-12, Math.max(expected.size, 1e-300));
  const gradSizes = theta.map((_, j) =>
    xs.reduce((acc, x) => acc + Math.abs(engineBatch(term, [x], theta).grad[j] as number), 0),
  );
  theta.forEach((_, j) => {
    expectRelClose(
      grad[j] as number,
      expected.grad[j] as number,
      1e-12,
      Math.max(gradSizes[j] as number, 1e-300),
    );
  });
}

const moderate = fc.double({ min: -10, max: 10, noNaN: true });
const positive = fc.double({ min: 0.05, max: 10, noNaN: true });
const batch = fc.array(moderate, { minLength: 1, maxLength: 12 });

const primitives: [string, Term, fc.Arbitrary<number[]>][] = [
  [
    "add",
    (x, [a, b]) =>
      x
        .add(a as Value)
        .add(b as Value)
        .add(1.5),
    fc.tuple(moderate, moderate),
  ],
  [
    "mul",
    (x, [a, b]) =>
      x
        .mul(a as Value)
        .mul(b as Value)
        .mul(-0.25),
    fc.tuple(moderate, moderate),
  ],
  [
    "pow 2",
    (x, [a, b]) =>
      x
        .mul(a as Value)
        .add(b as Value)
        .pow(2),
    fc.tuple(moderate, moderate),
  ],
  [
    "pow 3",
    (x, [a, b]) =>
      x
        .mul(a as Value)
        .add(b as Value)
        .pow(3),
    fc.tuple(moderate, moderate),
  ],
  [
    "pow -1",
    (x, [a, b]) =>
      x
        .square()
        .add((a as Value).square())
        .add(b as Value)
        .pow(-1),
    fc.tuple(moderate, positive),
  ],
  [
    "pow 0.5",
    (x, [a, b]) =>
      x
        .square()
        .add((a as Value).square())
        .add(b as Value)
        .pow(0.5),
    fc.tuple(moderate, positive),
  ],
  [
    "pow -2.5",
    (x, [a, b]) =>
      x
        .square()
        .mul(a as Value)
        .add(b as Value)
        .pow(-2.5),
    fc.tuple(positive, positive),
  ],
  [
    "exp",
    (x, [a, b]) =>
      x
        .mul(a as Value)
        .mul(0.1)
        .add(b as Value)
        .exp(),
    fc.tuple(moderate, moderate),
  ],
  [
    "log",
    (x, [a, b]) =>
      x
        .square()
        .mul(a as Value)
        .add(b as Value)
        .log(),
    fc.tuple(positive, positive),
  ],
  [
    "sum",
    (x, [a, b]) => Value.sum([x, a as Value, x.mul(b as Value), 3, (a as Value).mul(b as Value)]),
    fc.tuple(moderate, moderate),
  ],
  [
    "neg, sub, div",
    (x, [a, b]) =>
      x
        .sub(a as Value)
        .div(b as Value)
        .neg(),
    fc.tuple(moderate, positive),
  ],
  [
    "a term without x",
    (_x, [a, b]) => (a as Value).mul(b as Value).exp(),
    fc.tuple(fc.double({ min: -2, max: 2, noNaN: true }), moderate),
  ],
];

describe("compileBatchKernel equals the engine (fast-check)", () => {
  for (const [name, term, params] of primitives) {
    it(`${name}: values and gradients to 1e-12`, () => {
      fc.assert(
        fc.property(batch, params, (xs, theta) => checkAgreement(term, xs, theta)),
        { numRuns: 200 },
      );
    });
  }

  it("the Normal model in literal mode: raw loc and scale", () => {
    const term: Term = (x, theta) => {
      const [loc, scale] = literalParametrization.natural(theta as [Value, Value]) as [
        Value,
        Value,
      ];
      return normalLogProb(x, loc, scale);
    };
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.tuple(moderate, fc.double({ min: 1e-3, max: 1e3, noNaN: true })),
        (xs, theta) => checkAgreement(term, xs, theta),
      ),
      { numRuns: 300 },
    );
  });

  it("the Normal model in default mode: loc = origin + unit·m, scale = unit·exp(s)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
        fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.tuple(
          fc.double({ min: -3, max: 3, noNaN: true }),
          fc.double({ min: -3, max: 3, noNaN: true }),
        ),
        (origin, unit, zs, theta) => {
          const parametrization = dataUnitParametrization(origin, unit);
          const term: Term = (x, t) => {
            const [loc, scale] = parametrization.natural(t as [Value, Value]) as [Value, Value];
            return normalLogProb(x, loc, scale);
          };
          checkAgreement(
            term,
            zs.map((z) => origin + unit * z),
            theta,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads the batch through the permutation, from first to end", () => {
    const kernel = compileBatchKernel((x, [a]) => x.mul(a as Value), 1);
    const grad = new Float64Array(1);
    const data = Float64Array.of(1, 10, 100, 1000);
    const value = kernel(data, Uint32Array.of(3, 0, 2, 1), 1, 3, Float64Array.of(2), grad);
    expect(value).toBe(202);
    expect(grad[0]).toBe(101);
  });
});

describe("compileBatchKernel safety", () => {
  it("rejects a non-finite constant", () => {
    expect(() => compileBatchKernel((x) => x.add(Number.POSITIVE_INFINITY), 1)).toThrow(
      "compile: constants must be finite numbers, got Infinity",
    );
    expect(() => compileBatchKernel((x) => x.mul(Number.NaN), 1)).toThrow(
      "compile: constants must be finite numbers, got NaN",
    );
    expect(() => literal("1; process.exit()" as unknown as number)).toThrow(
      /must be finite numbers/,
    );
  });

  it("rejects an op it has no template for, without putting its label in code", () => {
    const evil = (x: Value) => new Value(0, [x], "process.exit(1)");
    expect(() => compileBatchKernel(evil, 1)).toThrow(
      'compile: no template for op "process.exit(1)"',
    );
  });

  it("generates code from templates, generated names and numeric literals only", () => {
    const x = new Value(0);
    const theta = [new Value(0), new Value(0)];
    const parametrization = dataUnitParametrization(-4.5, 2.25);
    const [loc, scale] = parametrization.natural(theta as [Value, Value]) as [Value, Value];
    const source = generateKernelSource(normalLogProb(x, loc, scale), x, theta);
    const words = new Set(source.match(/[A-Za-z_$][\w$]*/g));
    const allowed =
      /^(const|let|for|return|Math|exp|log|pow|abs|Number|isFinite|data|perm|first|end|theta|grad|out|count|k|x|t|v\d+[sc]?|[ag]\d+_\d+|total\d+|e)$/;
    for (const word of words) expect(word).toMatch(allowed);
  });
});
