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
          const outcome = await runCli(
            ["--dist", dist, "--seed", "1", "--plot", "--ascii"],
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
