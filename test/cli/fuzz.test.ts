import fc from "fast-check";
import { describe, expect, it } from "vitest";
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
