import { describe, expect, it } from "vitest";
import { type Censoring, censoringOf, fromBounds, fromEvents } from "../../src/stats/censoring.js";
import { turnbull, turnbullCdf } from "../../src/stats/turnbull.js";
import { expectRelClose } from "../helpers.js";

function rows(made: ReturnType<typeof fromBounds>): Censoring {
  if (!("values" in made)) throw new Error(made.problem);
  return censoringOf(made.values) as Censoring;
}

/** Kaplan-Meier written plainly: S drops by d/r at each death time; censored ones leave after. */
function kaplanMeierJumps(times: number[], events: number[]): Map<number, number> {
  const order = times
    .map((t, i) => [t, events[i] as number] as const)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const jumps = new Map<number, number>();
  let survival = 1;
  let atRisk = order.length;
  for (let k = 0; k < order.length; ) {
    const t = (order[k] as readonly [number, number])[0];
    let deaths = 0;
    let leaving = 0;
    while (k < order.length && (order[k] as readonly [number, number])[0] === t) {
      deaths += (order[k] as readonly [number, number])[1];
      leaving++;
      k++;
    }
    if (deaths > 0) {
      const next = survival * (1 - deaths / atRisk);
      jumps.set(t, survival - next);
      survival = next;
    }
    atRisk -= leaving;
  }
  return jumps;
}

describe("Turnbull's NPMLE (the --plot-file of censored data)", () => {
  it("is Kaplan-Meier for right-censored data: 1, 2+, 3, 4+, 5 puts 1/5, 4/15, 8/15 on 1, 3, 5", () => {
    const masses = turnbull(
      rows(fromEvents(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 0, 1, 0, 1))),
    );
    expect(masses.map((m) => [m.lower, m.upper])).toEqual([
      [1, 1],
      [3, 3],
      [5, 5],
    ]);
    [1 / 5, 4 / 15, 8 / 15].forEach((p, j) => {
      expectRelClose(masses[j]?.mass as number, p, 1e-9);
    });
  });

  it("equals a plain Kaplan-Meier on the AML maintained group (ties of a death and a censoring at 13)", () => {
    const times = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161];
    const events = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0];
    const masses = turnbull(rows(fromEvents(Float64Array.from(times), Float64Array.from(events))));
    const km = kaplanMeierJumps(times, events);
    const finite = masses.filter((m) => Number.isFinite(m.upper));
    expect(finite.map((m) => m.lower)).toEqual([...km.keys()]);
    for (const m of finite) expectRelClose(m.mass, km.get(m.lower) as number, 1e-8);
    // What KM leaves at the end (the last time, 161, is censored) sits beyond it.
    const beyond = masses.find((m) => m.upper === Number.POSITIVE_INFINITY)?.mass as number;
    expectRelClose(beyond, 1 - [...km.values()].reduce((s, v) => s + v, 0), 1e-8);
  });

  it("is the empirical distribution for exact values, and spreads an interval over the innermost ones", () => {
    const exact = turnbull(
      rows(fromBounds(Float64Array.of(2, 1, 3, 1), Float64Array.of(2, 1, 3, 1))),
    );
    expect(exact.map((m) => m.lower)).toEqual([1, 2, 3]);
    [0.5, 0.25, 0.25].forEach((p, j) => {
      expectRelClose(exact[j]?.mass as number, p, 1e-12);
    });
    // [0, 2] and [1, 3] overlap in [1, 2]: all the mass goes there.
    const overlap = turnbull(rows(fromBounds(Float64Array.of(0, 1), Float64Array.of(2, 3))));
    expect(overlap).toEqual([{ lower: 1, upper: 2, mass: 1 }]);
    // A left-censored row below an exact value: the self-consistent split is 1/2, 1/2.
    const left = turnbull(rows(fromBounds(Float64Array.of(Number.NaN, 5), Float64Array.of(3, 5))));
    expect(left.map((m) => [m.lower, m.upper, m.mass])).toEqual([
      [Number.NEGATIVE_INFINITY, 3, 0.5],
      [5, 5, 0.5],
    ]);
  });

  it("its CDF for the figure: flat between intervals, cut at the finite ends", () => {
    const masses = turnbull(
      rows(fromEvents(Float64Array.of(1, 2, 3, 4), Float64Array.of(1, 0, 1, 0))),
    );
    const points = turnbullCdf(masses);
    expect(points[0]).toEqual({ x: 1, p: 0 });
    expect(points.at(-1)?.x).toBe(3);
    expect(points.every((point) => point.x >= 1 && point.x <= 4 && point.p <= 1)).toBe(true);
  });
});
