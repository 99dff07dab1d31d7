import { describe, expect, it } from "vitest";
import { fit as fitData } from "../../src/api/fit.js";
import { uniformStream } from "../../src/data/random.js";
import { expectRelClose } from "../helpers.js";
import { generateNormal } from "../normal-fit.js";

/**
 * Fits and standard errors are equivariant: for data a·x they are those of x, moved as each
 * parameter moves (a location or scale ×a, a rate ÷a, meanlog + log a, a shape not at all), even
 * at a = 1e±300, where the information n/scale² overflows a double. Before, the SEs there were
 * n/a, and several families' exact fits failed.
 */
const base = generateNormal(500, -4, 2, uniformStream(1, "data"));
const positive = base.map((x) => Math.exp(x / 4));

const MOVES: Record<string, Record<string, "scale" | "rate" | "log" | "none">> = {
  normal: { loc: "scale", scale: "scale" },
  lognormal: { meanlog: "log", sdlog: "none" },
  exponential: { rate: "rate" },
  gamma: { shape: "none", rate: "rate" },
  weibull: { shape: "none", scale: "scale" },
  logistic: { loc: "scale", scale: "scale" },
  laplace: { loc: "scale", scale: "scale" },
  cauchy: { loc: "scale", scale: "scale" },
};

describe("equivariance at the edges of the doubles", () => {
  for (const [dist, moves] of Object.entries(MOVES)) {
    const data = ["lognormal", "exponential", "gamma", "weibull"].includes(dist) ? positive : base;
    const reference = fitData(data, { dist, seed: 1 });
    for (const a of [1e300, 1e-300, 2 ** -1000]) {
      it(`${dist}, data × ${a}: estimates, SEs and log-likelihood move as the parameters do (1e-9)`, () => {
        const scaled = fitData(
          data.map((x) => a * x),
          { dist, seed: 1 },
        );
        expect(scaled.se).not.toBeNull();
        for (const [name, move] of Object.entries(moves)) {
          const map = (v: number) =>
            move === "scale"
              ? v * a
              : move === "rate"
                ? v / a
                : move === "log"
                  ? v + Math.log(a)
                  : v;
          const seMap = (v: number) => (move === "scale" ? v * a : move === "rate" ? v / a : v);
          const exact = reference.exact_mle.params[name] as number;
          expectRelClose(
            scaled.exact_mle.params[name] as number,
            map(exact),
            1e-9,
            Math.abs(map(exact)) || 1,
          );
          expectRelClose(
            scaled.params[name] as number,
            map(reference.params[name] as number),
            1e-9,
          );
          expectRelClose(scaled.se?.[name] as number, seMap(reference.se?.[name] as number), 1e-9);
        }
        expectRelClose(
          scaled.loglik,
          reference.loglik - data.length * Math.log(a),
          1e-9,
          Math.abs(reference.loglik) + data.length * Math.abs(Math.log(a)),
        );
      });
    }
  }
});
