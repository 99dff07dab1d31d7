import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { fixParameters } from "../../src/distributions/fixed.js";
import { FAMILIES } from "../../src/distributions/index.js";
import { exactFit } from "../../src/fit/exact.js";
import { weighted } from "../../src/stats/weights.js";
import { FAMILY_SETTINGS } from "../family-settings.js";
import { bound, yardsticks } from "./held-errors.js";

/**
 * The hidden-data style of exact.test.ts for weighted and fixed fits: data drawn from known
 * parameters the fit never sees must give them back within 4 standard errors (the censored
 * fits' round trips are in censored.test.ts).
 */
const N = 3000;

describe("round trips: weighted and fixed fits give back hidden parameters within 4 SE", () => {
  for (const full of FAMILIES) {
    const all = FAMILY_SETTINGS[full.name] as number[];
    // A known parameter (the binomial's size) is held at its truth throughout.
    const known = Object.fromEntries(
      (full.mustFix ?? []).map((name) => [name, all[full.params.indexOf(name)] as number]),
    );
    const family = full.mustFix ? fixParameters(full, known) : full;
    const truth = all.filter((_, j) => !((full.params[j] as string) in known));

    it(`${full.name}, as a frequency table (the draws rounded, each distinct value with its count)`, () => {
      const draws = Float64Array.from(
        { length: N },
        full.sampler(all, uniformStream(31, full.name)),
      );
      // Rounding to a 50th of the spread makes repeats, as a frequency table has; counts stay whole.
      const sorted = Float64Array.from(draws).sort();
      const spread =
        (sorted[Math.floor(0.75 * N)] as number) - (sorted[Math.floor(0.25 * N)] as number);
      const step = family.support === "count" ? 1 : spread / 50;
      const table = new Map<number, number>();
      for (const x of draws) {
        let v = Math.round(x / step) * step;
        if (family.support !== "real" && family.support !== "count" && v <= 0) v = x;
        if (family.support === "unit" && v >= 1) v = x;
        table.set(v, (table.get(v) ?? 0) + 1);
      }
      const values = weighted(Float64Array.from(table.keys()), Float64Array.from(table.values()));
      expect(values.length).toBeLessThan(N);
      const fit = exactFit(family, values);
      const { scale, edge } = yardsticks(family, values, fit.params);
      truth.forEach((t, j) => {
        // Rounding moves an edge by up to half a step.
        const slack = edge[j] ? step / 2 : 0;
        const z = (Math.abs((fit.params[j] as number) - t) - slack) / (scale[j] as number);
        expect(z, `${family.params[j]}: ${fit.params[j]} vs ${t}`).toBeLessThan(bound(edge[j]));
      });
    });

    it(`${full.name}, each parameter fixed at its truth in turn, the others fitted`, () => {
      const draws = Float64Array.from(
        { length: N },
        full.sampler(all, uniformStream(32, full.name)),
      );
      family.params.forEach((name, k) => {
        if (family.params.length === 1) return;
        const held = fixParameters(family, { [name]: truth[k] as number });
        const hidden = truth.filter((_, j) => j !== k);
        const fit = exactFit(held, draws);
        const { scale, edge } = yardsticks(held, draws, fit.params);
        hidden.forEach((t, j) => {
          const z = Math.abs((fit.params[j] as number) - t) / (scale[j] as number);
          expect(z, `${name} fixed, ${held.params[j]}: ${fit.params[j]} vs ${t}`).toBeLessThan(
            bound(edge[j]),
          );
        });
      });
    });
  }
});
