import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** The built command, run as a user runs it (`npm test` builds first). */
const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));

function run(args: string[], cwd: string, stdout: "pipe" | number = "pipe") {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", stdout, "pipe"],
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// A literal fit that diverges at its second step (exit 3), after --trace and --plot-file opened.
const DIVERGES = ["--n", "1000", "--loc", "1", "--scale", "0.01", "--lr", "0.2", "--literal"];

describe("no output lost, no stack traces (issue 13, item 7)", () => {
  it("a run that fails leaves an existing --plot-file and --trace as they were, and no temporary file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
    writeFileSync(join(dir, "figure.svg"), "the figure of yesterday");
    writeFileSync(join(dir, "trace.csv"), "the trace of yesterday");
    const failed = run(
      [...DIVERGES, "--seed", "1", "--plot-file", "figure.svg", "--trace", "trace.csv"],
      dir,
    );
    expect(failed.code).toBe(3);
    expect(failed.stderr).toMatch(
      /^mle-fit: the fit diverged at epoch 1, step 2 of 100: [^\n]*\n$/,
    );
    expect(readFileSync(join(dir, "figure.svg"), "utf8")).toBe("the figure of yesterday");
    expect(readFileSync(join(dir, "trace.csv"), "utf8")).toBe("the trace of yesterday");
    expect(readdirSync(dir).sort()).toEqual(["figure.svg", "trace.csv"]);
    // A run that succeeds replaces both, and leaves nothing else behind.
    const ok = run(
      ["--n", "100", "--seed", "1", "--plot-file", "figure.svg", "--trace", "trace.csv", "--quiet"],
      dir,
    );
    expect(ok.code).toBe(0);
    expect(readFileSync(join(dir, "figure.svg"), "utf8")).toMatch(/^<svg /);
    expect(readFileSync(join(dir, "trace.csv"), "utf8")).toMatch(
      /^epoch,step,loc,scale,loss\n1,1,/,
    );
    expect(readdirSync(dir).sort()).toEqual(["figure.svg", "trace.csv"]);
  });

  it("writes a --trace to a device (/dev/stderr) directly, not renamed over it", () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
    // Through a shell's pipe: Node's own stdio pipes are sockets, which /dev/stderr cannot open.
    const command = `"${process.execPath}" "${BIN}" --n 50 --seed 1 --trace /dev/stderr --quiet 2>&1 >/dev/null | cat`;
    const outcome = spawnSync("bash", ["-c", `set -o pipefail; ${command}`], {
      cwd: dir,
      encoding: "utf8",
    });
    expect(outcome.status).toBe(0);
    expect(outcome.stdout).toMatch(/^epoch,step,loc,scale,loss\n1,1,/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a run that fails creates no --plot-file or --trace that did not exist", () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
    const failed = run(
      [...DIVERGES, "--seed", "1", "--plot-file", "f.svg", "--trace", "t.csv"],
      dir,
    );
    expect(failed.code).toBe(3);
    expect(existsSync(join(dir, "f.svg"))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--n 4294967295 is one line, not enough memory, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
    const outcome = run(["--n", "4294967295", "--seed", "1"], dir);
    expect(outcome.code).toBe(2);
    expect(outcome.stdout).toBe("");
    expect(outcome.stderr).toBe(
      "mle-fit: --n 4294967295: not enough memory for 4294967295 values (34.4 GB, and as much again to fit them); try a smaller --n\n",
    );
  });

  it.runIf(existsSync("/dev/full"))(
    "writing to a full disk is one line, exit 74 (EX_IOERR)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
      for (const extra of [[], ["--json"], ["--quiet"]]) {
        const full = openSync("/dev/full", "w");
        const outcome = run(["--n", "100", "--seed", "1", ...extra], dir, full);
        closeSync(full);
        expect(outcome.code).toBe(74);
        expect(outcome.stderr).toBe(
          "mle-fit: writing the output failed: ENOSPC: no space left on device, write\n",
        );
      }
    },
  );

  it.runIf(existsSync("/dev/full"))(
    "--trace to a full disk or a closed pipe names --trace, in words, exit 73",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "mle-fit-outputs-"));
      const full = run(["--n", "1000", "--seed", "1", "--trace", "/dev/full"], dir);
      expect(full.code).toBe(73);
      expect(full.stderr).toBe(
        "mle-fit: --trace /dev/full: cannot write the file: the disk is full (ENOSPC)\n",
      );
      // A trace piped into `head -c 100`: the reader leaves after 100 bytes.
      const piped = spawnSync(
        "bash",
        [
          "-c",
          `"${process.execPath}" "${BIN}" --n 100000 --seed 1 --trace >(head -c 100 >/dev/null) >/dev/null`,
        ],
        { cwd: dir, encoding: "utf8" },
      );
      expect(piped.status).toBe(73);
      expect(piped.stderr).toMatch(
        /^mle-fit: --trace \/dev\/fd\/\d+: cannot write the file: the reading end of the pipe was closed \(EPIPE\)\n$/,
      );
    },
  );
});
