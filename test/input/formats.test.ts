import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/fake-io.js";

const dir = mkdtempSync(join(tmpdir(), "mle-fit-formats-"));
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

/** The exact MLE's parameters that a command prints in JSON, and its exit code. */
async function exact(args: string[], stdin: string | Uint8Array = "") {
  const outcome = await runCli([...args, "--json", "--seed", "1"], stdin);
  return {
    code: outcome.code,
    stderr: outcome.stderr,
    params: outcome.code === 0 ? JSON.parse(outcome.stdout).exact_mle.params : undefined,
    n: outcome.code === 0 ? JSON.parse(outcome.stdout).n : undefined,
  };
}

const VALUES = [1.5, 2, 4.25, 7, 3.5];
const PLAIN = { code: 0, stderr: "", n: 5 };

describe("input users try (issue 13, item 6)", () => {
  it("reads gzip, by its name or by its magic bytes on stdin, as the plain file", async () => {
    const text = `x\n${VALUES.join("\n")}\n`;
    const plain = await exact([file("v.csv", text)]);
    expect(plain).toMatchObject(PLAIN);
    expect(await exact([file("v.csv.gz", gzipSync(text))])).toEqual(plain);
    expect(await exact([file("v.data", gzipSync(text))])).toEqual(plain);
    expect(await exact([], gzipSync(text))).toEqual(plain);
  });

  it("a corrupt or truncated gzip is one line, exit 65", async () => {
    const bad = await runCli([file("bad.gz", Buffer.from([0x1f, 0x8b, 1, 2, 3]))]);
    expect(bad.code).toBe(65);
    expect(bad.stderr).toMatch(/^mle-fit: .*bad\.gz: not a valid gzip stream \([^\n]*\)\n$/);
    const cut = gzipSync("1\n2\n3\n4\n").subarray(0, 12);
    const truncated = await runCli([file("cut.gz", cut)]);
    expect(truncated.code).toBe(65);
    expect(truncated.stderr).toMatch(/not a valid gzip stream \(unexpected end of file\)\n$/);
  });

  it("detects a tab or a semicolon from the first line; --delimiter still decides when given", async () => {
    const rows = VALUES.map((v, i) => [i, v]);
    const comma = await exact(
      ["--column", "b"],
      `a,b\n${rows.map((r) => r.join(",")).join("\n")}\n`,
    );
    expect(comma).toMatchObject(PLAIN);
    for (const sep of ["\t", ";"]) {
      const text = `a${sep}b\n${rows.map((r) => r.join(sep)).join("\n")}\n`;
      expect(await exact(["--column", "b"], text)).toEqual(comma);
    }
    // With a delimiter given, the first line's semicolons are data: one column named "a;b".
    const forced = await runCli(["--delimiter", ",", "--column", "b"], "a;b\n1;2\n");
    expect(forced.code).toBe(2);
  });

  it("reads whitespace-separated numbers on one line (echo 1 2 3 | mle-fit), and columns of them", async () => {
    const line = await exact([], `${VALUES.join(" ")}\n`);
    const column = await exact([], `${VALUES.join("\n")}\n`);
    expect(line).toEqual(column);
    const table = VALUES.map((v, i) => `${i}   ${v}`).join("\n");
    expect(await exact(["--column", "2"], `${table}\n`)).toEqual(column);
    // A header with a space is one field, not two columns.
    expect(await exact([], `my value\n${VALUES.join("\n")}\n`)).toEqual(column);
  });

  it("reads a JSON array of numbers or of objects, and JSON Lines (--column names the key)", async () => {
    const column = await exact([], `${VALUES.join("\n")}\n`);
    expect(await exact([], JSON.stringify(VALUES))).toEqual(column);
    const objects = VALUES.map((v, i) => ({ id: `r${i}`, x: v, y: i }));
    expect(await exact(["--column", "x"], JSON.stringify(objects))).toEqual(column);
    const lines = `${objects.map((o) => JSON.stringify(o)).join("\n")}\n`;
    expect(await exact(["--column", "x"], lines)).toEqual(column);
    // The only numeric key needs no --column.
    const single = VALUES.map((v, i) => JSON.stringify({ name: `r${i}`, x: v })).join("\n");
    expect(await exact([], single)).toEqual(column);
  });

  it("says what is wrong in JSON input, in one line", async () => {
    const cases: [string, string[], number, RegExp][] = [
      [
        "[1, null, 3]",
        [],
        65,
        /^mle-fit: <stdin>\[1\]: null is not a number; skip such values with --skip-invalid\n$/,
      ],
      [
        '{"x": 1, "y": 2}\n',
        [],
        2,
        /^mle-fit: <stdin>:1: objects with keys "x", "y": say which with --column KEY\n$/,
      ],
      ['{"x": 1}\n', ["--column", "z"], 2, /^mle-fit: <stdin>:1: no key "z" \(keys: x\)\n$/],
      ["[1, 2, 3]", ["--column", "2"], 2, /picked by key name, not number\n$/],
      ["[1, 2,", [], 65, /^mle-fit: <stdin>: not valid JSON \(/],
      ['{"x": 1}\n{"x": oops}\n', [], 65, /^mle-fit: <stdin>:2: not valid JSON: /],
    ];
    for (const [input, args, code, stderr] of cases) {
      const outcome = await runCli([...args, "--seed", "1"], input);
      expect({ input, code: outcome.code }).toEqual({ input, code });
      expect(outcome.stderr).toMatch(stderr);
    }
    const skipped = await runCli(["--skip-invalid", "--seed", "1", "--json"], "[1, null, 3, 4.5]");
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout).n).toBe(3);
  });

  it("fits the Exponential to data with zeros, as R does; all zeros is exit 65", async () => {
    const withZero = await exact(["--dist", "exponential"], "0\n1\n2\n0.5\n3\n");
    expect(withZero.code).toBe(0);
    expect(withZero.params.rate).toBeCloseTo(1 / 1.3, 12);
    const zeros = await runCli(["--dist", "exponential"], "0\n0\n0\n");
    expect(zeros.code).toBe(65);
    expect(zeros.stderr).toBe(
      "mle-fit: <stdin>: all 3 values are 0: an Exponential fit would put the mean at 0, on the edge of its range\n",
    );
  });
});
