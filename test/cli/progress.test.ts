import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatRate, type ProgressChoice, wantsProgress } from "../../src/cli/progress.js";

const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));

describe("wantsProgress", () => {
  const terminal = process.stderr as NodeJS.WriteStream;
  const long: ProgressChoice = {
    stream: terminal,
    ci: false,
    json: false,
    quiet: false,
    samples: 5e7,
    engine: "compiled",
  };
  it("shows a bar for a long fit on a terminal, and never for machines", () => {
    expect(wantsProgress(long)).toBe(true);
    expect(wantsProgress({ ...long, stream: undefined })).toBe(false);
    expect(wantsProgress({ ...long, ci: true })).toBe(false);
    expect(wantsProgress({ ...long, json: true })).toBe(false);
    expect(wantsProgress({ ...long, quiet: true })).toBe(false);
  });
  it("shows the rate with a unit prefix", () => {
    expect(formatRate(1_234_567)).toBe("1.23M");
    expect(formatRate(5430)).toBe("5.43k");
    expect(formatRate(12.5)).toBe("12.5");
  });

  it("only for fits expected to take a second or more", () => {
    expect(wantsProgress({ ...long, samples: 2000 })).toBe(false);
    expect(wantsProgress({ ...long, samples: 2e5, engine: "value" })).toBe(true);
  });
});

/** The command in a pseudo-terminal (util-linux `script`), stdout and stderr both on it. */
function inTerminal(args: string, env: NodeJS.ProcessEnv) {
  const command = `${process.execPath} ${BIN} ${args}`;
  return spawnSync("script", ["-qec", command, "/dev/null"], {
    encoding: "utf8",
    env,
    timeout: 60_000,
  });
}

const hasScript = spawnSync("script", ["--version"]).status === 0;
const noCi = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "CI"));
const args = "--n 3000000 --epochs 10 --seed 1 --no-timing --max-gap-se 1e9";

describe("the progress bar", () => {
  it("does not appear when stderr is not a terminal", () => {
    const result = spawnSync(process.execPath, [BIN, ...args.split(" ")], {
      encoding: "utf8",
      env: noCi,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).toBe("");
  }, 60_000);

  it.skipIf(!hasScript)(
    "appears on a terminal, and is cleared before the report",
    () => {
      const result = inTerminal(args, noCi);
      expect(result.stdout).toMatch(
        /fitting .* \d+% \| epoch \d+\/10 \| loc -?\d.* steps, [\d.]+[kM]?\/s \| /,
      );
      expect(result.stdout).toContain("Normal fit by minibatch SGD, n = 3000000");
    },
    60_000,
  );

  it.skipIf(!hasScript)(
    "stays away under CI and with --json",
    () => {
      expect(inTerminal(args, { ...noCi, CI: "true" }).stdout).not.toContain("fitting");
      expect(inTerminal(`${args} --json`, noCi).stdout).not.toContain("fitting");
    },
    60_000,
  );
});
