import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FAMILY_NAMES } from "../../src/distributions/names.js";
import { hostileByte } from "../helpers.js";
import { runCli } from "./fake-io.js";

/**
 * Whatever bytes arrive on stdin, the command ends with exit 0 and a report, or exit 65 and one
 * line on stderr without a stack trace: never a crash (1), a hang, or a usage error (2).
 */
describe("mle-fit on random bytes (fast-check)", () => {
  it("exits 0 with a report, or 65 with one line", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileByte, { maxLength: 400 }), async (bytes) => {
        const outcome = await runCli(
          ["--seed", "1", "--json", "--max-gap-se", "1e9"],
          Uint8Array.from(bytes),
        );
        expect([0, 65]).toContain(outcome.code);
        if (outcome.code === 0) {
          expect(JSON.parse(outcome.stdout).n).toBeGreaterThanOrEqual(2);
        } else {
          expect(outcome.stdout).toBe("");
          expect(outcome.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
        }
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 500),
        seed: Number(process.env.FUZZ_SEED ?? 20261126),
      },
    );
  });
});

/**
 * Any family (or auto) on any numbers, in or out of its support, tiny or huge, repeated or not:
 * exit 0 with a report, 3 where the fit has no maximum (a parameter's limit) or fails, or 65
 * with one line; never a crash.
 */
describe("every --dist on random numbers (fast-check)", () => {
  const dists = [...FAMILY_NAMES, "auto"];
  const value = fc.oneof(
    fc.integer({ min: -5, max: 50 }),
    fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    fc.constantFrom(0, 1, 5, 5, 1e-300, 1e300),
  );
  it("exits 0, 3 or 65, with one line on stderr when it fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...dists),
        fc.array(value, { maxLength: 40 }),
        async (dist, values) => {
          // The binomial's size and the generalized Pareto's threshold are known, never
          // fitted: they are given (a threshold above a value is exit 65, as any value outside
          // the support).
          const known =
            dist === "binomial"
              ? ["--fix", "size=50"]
              : dist === "generalized-pareto"
                ? ["--fix", "loc=-5"]
                : [];
          const outcome = await runCli(
            ["--dist", dist, ...known, "--seed", "1", "--plot", "--ascii"],
            `${values.join("\n")}\n`,
          );
          expect([0, 3, 65]).toContain(outcome.code);
          if (outcome.code !== 0) expect(outcome.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 300),
        seed: Number(process.env.FUZZ_SEED ?? 20261126),
      },
    );
  });
});

/**
 * The new inputs of issue 13: gzip (whole, or cut short) around hostile bytes, and JSON arrays
 * and JSON Lines whose items are anything JSON holds (strings, null, booleans, nested arrays,
 * objects, numbers too large for a double). Exit 0 with a report, or 65 with one line.
 */
describe("gzip and JSON inputs with hostile contents (fast-check)", () => {
  it("gzip: whole or truncated, any bytes inside", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(hostileByte, { maxLength: 300 }),
        fc.option(fc.integer({ min: 0, max: 60 })),
        async (bytes, cut) => {
          const whole = gzipSync(Uint8Array.from(bytes));
          const input = cut === null ? whole : whole.subarray(0, Math.min(cut, whole.length));
          const outcome = await runCli(["--seed", "1", "--json", "--max-gap-se", "1e9"], input);
          expect([0, 65]).toContain(outcome.code);
          if (outcome.code !== 0) expect(outcome.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 200),
        seed: Number(process.env.FUZZ_SEED ?? 20261201),
      },
    );
  });

  it("JSON arrays and JSON Lines of anything, with and without --column", async () => {
    const scalar = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -5, max: 50 }),
      fc.constantFrom("1.5", "NaN", "Infinity", "x", "", null, true, false),
    );
    const item = fc.oneof(
      { arbitrary: scalar, weight: 6 },
      { arbitrary: fc.record({ x: scalar }), weight: 3 },
      { arbitrary: fc.array(scalar, { maxLength: 3 }), weight: 1 },
      { arbitrary: fc.record({ y: scalar }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(item, { maxLength: 30 }),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.constantFrom('"1e400"', "1e400", "[[[[1]]]]", "{", "]")),
        async (items, lines, byKey, raw) => {
          let text = lines ? items.map((v) => JSON.stringify(v)).join("\n") : JSON.stringify(items);
          if (raw !== null) text = lines ? `${text}\n${raw}` : `[${raw}]`;
          const argv = ["--seed", "1", "--json", "--max-gap-se", "1e9"];
          const outcome = await runCli(byKey ? [...argv, "--column", "x"] : argv, `${text}\n`);
          // Exit 2 only where --column names a key the first object lacks (as a CSV column).
          if (outcome.code === 2)
            expect(outcome.stderr).toMatch(/^mle-fit: [^\n]+(no key "x"|no column "x")[^\n]+\n$/);
          else expect([0, 65], outcome.stderr).toContain(outcome.code);
          if (outcome.code !== 0) expect(outcome.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
        },
      ),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 300),
        seed: Number(process.env.FUZZ_SEED ?? 20261201),
      },
    );
  });
});
