import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkJsonOutput } from "../json-schema.js";

const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "mle-fit-hostile-"));

/** Runs the command on a file; every hostile input must end in 0 or 65, with one line, quickly. */
function run(name: string, content: string | Buffer, args: string[] = []) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const started = Date.now();
  const result = spawnSync(
    process.execPath,
    [BIN, path, "--seed", "1", "--json", "--max-gap-se", "1e9", ...args],
    {
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  checkJsonOutput(["--json"], result.status ?? -1, result.stdout);
  return {
    code: result.status,
    stderr: result.stderr,
    stdout: result.stdout,
    seconds: (Date.now() - started) / 1000,
  };
}

function expectOneLineError(outcome: ReturnType<typeof run>, code: number, pattern: RegExp) {
  expect(outcome.code).toBe(code);
  expect(outcome.stdout).toBe("");
  expect(outcome.stderr.split("\n")).toHaveLength(2);
  expect(outcome.stderr.length).toBeLessThan(1000);
  expect(outcome.stderr).toMatch(pattern);
}

describe("hostile files", () => {
  it("a single 100 MB line: exit 65 with a short message, no hang", () => {
    const outcome = run("long-line.csv", "1".repeat(100_000_000));
    expectOneLineError(
      outcome,
      65,
      /^mle-fit: .*long-line\.csv: no values to fit|is not a number \(too large for a double\)/,
    );
  }, 120_000);

  it("a million columns: the message lists the first names and the count, on one line", () => {
    const header = Array.from({ length: 1_000_000 }, (_, i) => `c${i + 1}`).join(",");
    const row = Array.from({ length: 1_000_000 }, (_, i) => String(i % 7)).join(",");
    const outcome = run("wide.csv", `${header}\n${row}\n${row}\n`);
    expectOneLineError(
      outcome,
      65,
      /has 1000000 columns \(c1, c2, .*, c20, … \(1000000 in all\)\): choose one/,
    );
    const picked = run("wide.csv", `${header}\n${row}\n${row}\n`, ["--column", "c999999"]);
    expect(picked.code).toBe(65); // two equal values: no spread
    expect(picked.stderr).toMatch(/all 2 values are equal/);
  }, 120_000);

  it("NUL bytes, invalid UTF-8 and a quote left open at the end: exit 65, one line each", () => {
    expectOneLineError(
      run("nul.csv", Buffer.from("x\n1\n\u0000\n2\n")),
      65,
      /nul\.csv:3: column "x": "\\u0000" is not a number/,
    );
    expectOneLineError(
      run("utf8.csv", Buffer.from([0x78, 0x0a, 0x31, 0x0a, 0xff, 0xfe, 0x0a])),
      65,
      /utf8\.csv:3: column "x": "\uFFFD\uFFFD" is not a number/,
    );
    expectOneLineError(
      run("open.csv", 'x\n1\n2\n"3\n'),
      65,
      /open\.csv:4: malformed CSV: a quoted field is never closed$/m,
    );
  }, 60_000);
});
