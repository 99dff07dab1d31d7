import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectValidOutput } from "../json-schema.js";

const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));

/**
 * Starts a long fit; resolves once its trace shows steps, so Ctrl-C lands inside the fit. The
 * trace is written under a temporary name beside trace.csv until the run ends (atomic-file.ts),
 * so it is that file the loop watches.
 */
async function startLongFit(extra: string[] = ["--json"]) {
  const dir = mkdtempSync(join(tmpdir(), "mle-fit-int-"));
  const trace = join(dir, "trace.csv");
  const child = spawn(process.execPath, [
    BIN,
    "--n",
    "2000000",
    "--epochs",
    "200",
    "--seed",
    "1",
    ...extra,
    "--trace",
    trace,
  ]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const traced = () =>
    readdirSync(dir).some((name) => {
      try {
        return statSync(join(dir, name)).size > 10_000;
      } catch {
        return false;
      }
    });
  for (let waited = 0; waited < 20_000 && !traced(); waited += 50) {
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(traced(), "the fit's trace never grew: the Ctrl-C would not land inside the fit").toBe(
    true,
  );
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe("Ctrl-C", () => {
  it("during a fit prints the estimate so far, marked interrupted, and exits 130", async () => {
    const { child, exited, output } = await startLongFit();
    child.kill("SIGINT");
    const { code } = await exited;
    expect(code).toBe(130);
    const report = JSON.parse(output().stdout);
    expectValidOutput(report);
    expect(report.interrupted.epoch).toBeGreaterThanOrEqual(1);
    expect(report.interrupted.step).toBeGreaterThanOrEqual(1);
    expect(report.optimizer.steps).toBeLessThan(200 * 200_000);
    expect(Number.isFinite(report.params.loc)).toBe(true);
    expect(output().stderr).toMatch(
      /^mle-fit: interrupted at epoch \d+, step \d+: the report above is the estimate so far\n$/,
    );
  }, 60_000);

  it("in the text report: the steps done of those planned, and the loop's real rate", async () => {
    const { child, exited, output } = await startLongFit([]);
    child.kill("SIGINT");
    expect((await exited).code).toBe(130);
    const text = output().stdout.replace(/\n +/g, " ");
    const steps =
      /batch size 10, (\d+) of 40000000 planned steps \((\d+) epochs? and (\d+) steps of the next\)/.exec(
        text,
      );
    expect(steps, text).not.toBeNull();
    const [, done, epochs, more] = (steps as RegExpExecArray).map(Number);
    expect(done).toBe((epochs as number) * 200_000 + (more as number));
    const rate = /([\d.]+) million samples\/s/.exec(text);
    // The minibatch loop's own rate: tens of millions a second here, not the hundreds of millions
    // that planned epochs over the elapsed time would claim.
    expect(Number(rate?.[1])).toBeGreaterThan(0.1);
    expect(Number(rate?.[1])).toBeLessThan(300);
  }, 60_000);

  it("twice ends the process at once", async () => {
    const { child, exited } = await startLongFit();
    child.kill("SIGINT");
    await new Promise((r) => setTimeout(r, 300));
    child.kill("SIGINT");
    const started = Date.now();
    const { code, signal } = await exited;
    expect(code === 130 || signal === "SIGINT").toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  }, 60_000);
});
