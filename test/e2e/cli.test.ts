import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli/fake-io.js";
import { FIXTURES, reference } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";
import { checkJsonOutput, checkTextOutput } from "../json-schema.js";

/** The built command, run as a user runs it (`npm test` builds first). */
const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "mle-fit-e2e-"));

function mleFit(args: string[], input = "") {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: "utf8", cwd: dir });
  checkJsonOutput(args, result.status ?? -1, result.stdout);
  checkTextOutput(args, result.stdout);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function shell(script: string) {
  const result = spawnSync("bash", ["-c", `set -o pipefail; ${script}`], {
    encoding: "utf8",
    cwd: dir,
    env: { ...process.env, MLE_FIT: `${process.execPath} ${BIN}` },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

describe("the three uses", () => {
  it("generates seeded data and fits it: mle-fit --n 1000 --loc -4 --scale 2", () => {
    const { code, stdout, stderr } = mleFit([
      "--n",
      "1000",
      "--loc",
      "-4",
      "--scale",
      "2",
      "--seed",
      "1",
    ]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^(mle-fit: warning: the SGD estimate of .*\n)?$/);
    expect(stdout).toMatch(
      /^Normal fit by minibatch SGD, n = 1000\n\n +SGD estimate +exact MLE +gap +gap \/ SE\nloc +-\d/,
    );
    expect(stdout).toContain("generated from Normal(loc = -4, scale = 2), seed 1");
  });

  it("fits a column piped on stdin: cut -d, -f1 data.csv | mle-fit", () => {
    const { code, stdout } = shell(
      `cut -d, -f1 ${FIXTURES}faithful_eruptions.csv | $MLE_FIT --json --seed 1`,
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.data).toEqual({
      source: "stdin",
      name: "<stdin>",
      column: { name: "eruptions", index: 1 },
      skipped: 0,
    });
    expect(json.n).toBe(272);
  });

  for (const set of Object.values(reference)) {
    it(`fits ${set.file} --column ${set.column}: exact MLE equals R's to 1e-9`, () => {
      const { code, stdout } = mleFit([
        `${FIXTURES}${set.file}`,
        "--column",
        set.column,
        "--json",
        "--seed",
        "3",
      ]);
      expect(code).toBe(0);
      const json = JSON.parse(stdout);
      expect(json.n).toBe(set.n);
      expect(json.data.source).toBe("file");
      expectRelClose(json.exact_mle.params.loc, set.fits.norm.estimate.mean, 1e-9);
      expectRelClose(json.exact_mle.params.scale, set.fits.norm.estimate.sd, 1e-9);
    });
  }

  it("gives byte-identical JSON for the same seed, across processes", () => {
    const a = mleFit(["--n", "300", "--seed", "8", "--json", "--no-timing"]);
    const b = mleFit(["--n", "300", "--seed", "8", "--json", "--no-timing"]);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).data.seed).toBe(8);
  });

  it("draws a seed when none is given, and that seed repeats the run", () => {
    const first = JSON.parse(mleFit(["--n", "200", "--json", "--no-timing"]).stdout);
    expect(Number.isInteger(first.data.seed)).toBe(true);
    const again = JSON.parse(
      mleFit(["--n", "200", "--json", "--no-timing", "--seed", String(first.data.seed)]).stdout,
    );
    expect(again).toEqual(first);
  });

  it("ends quietly with 0 when stdout is closed early", () => {
    // --max-gap-se 1e9 silences the gap warning, so stderr is empty unless something breaks.
    const head = shell("$MLE_FIT --n 1000 --json --seed 1 --max-gap-se 1e9 | head -c 1");
    expect(head).toEqual({ code: 0, stdout: "{", stderr: "" });
    // `true` exits before the fit ends, so the one write meets a closed pipe (EPIPE).
    const closed = shell("$MLE_FIT --n 200000 --json --seed 1 --max-gap-se 1e9 | true");
    expect(closed).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("draws the same figure from the built command as in-process", async () => {
    const built = mleFit(["--n", "500", "--seed", "4", "--plot-file", "built.svg"]);
    expect(built.code).toBe(0);
    const inProcess = join(dir, "in-process.svg");
    await runCli(["--n", "500", "--seed", "4", "--plot-file", inProcess]);
    expect(readFileSync(join(dir, "built.svg"), "utf8")).toBe(readFileSync(inProcess, "utf8"));
    // Values whose squares overflow still give a figure (the surface is computed in ratios).
    const big = file("big-figure.csv", "x\n1e200\n3e200\n2e200\n2.5e200\n");
    expect(mleFit([big, "--seed", "1", "--plot-file", "big.png"]).code).toBe(0);
  });

  it("reads CSV with a BOM, CRLF line ends and a quoted header", () => {
    const name = file("bom.csv", '\ufeff"id","x"\r\n1,2.5\r\n2,3.5\r\n\r\n3,"4.5"\r\n');
    const json = JSON.parse(mleFit([name, "--column", "x", "--json", "--seed", "1"]).stdout);
    expect(json.n).toBe(3);
    expect(json.exact_mle.params.loc).toBe(3.5);
  });

  it("fits huge and far-from-zero values correctly, in default mode", () => {
    const big = file("big.csv", "x\n1e200\n3e200\n2e200\n2.5e200\n");
    const json = JSON.parse(mleFit([big, "--json", "--seed", "1"]).stdout);
    expectRelClose(json.exact_mle.params.loc, 2.125e200, 1e-15);
    expect(json.params.scale).toBeGreaterThan(0);
    // 1e12 + k/1024 is exact in a double: the sd is sqrt(2)/1024, with nothing lost to cancellation.
    const offset = file(
      "offset.csv",
      ["x", ...[1, 2, 3, 4, 5].map((k) => `${1e12 + k / 1024}`)].join("\n"),
    );
    const fit = JSON.parse(mleFit([offset, "--json", "--seed", "1"]).stdout);
    expectRelClose(fit.exact_mle.params.scale, Math.sqrt(2) / 1024, 1e-9);
    expectRelClose(fit.exact_mle.params.loc, 1e12 + 3 / 1024, 1e-15);
  });
});

describe("bad input: exit code and one line on stderr, no stack trace", () => {
  const table: [string, () => [string[], string], number, string][] = [
    [
      "an invalid word",
      () => [[file("word.csv", "x\n1\n2\nabc\n")], ""],
      65,
      'mle-fit: word.csv:4: column "x": "abc" is not a number (--skip-invalid skips invalid values and counts them)',
    ],
    [
      "NaN",
      () => [[file("nan.csv", "x\n1\nNaN\n")], ""],
      65,
      'mle-fit: nan.csv:3: column "x": "NaN" is not a number (a missing or non-finite value; --skip-invalid skips these)',
    ],
    [
      "inf",
      () => [[file("inf.csv", "x\n1\ninf\n")], ""],
      65,
      'mle-fit: inf.csv:3: column "x": "inf" is not a number (a missing or non-finite value; --skip-invalid skips these)',
    ],
    [
      "hex",
      () => [[file("hex.csv", "x\n0x10\n")], ""],
      65,
      'mle-fit: hex.csv:2: column "x": "0x10" is not a number (hexadecimal is not accepted: write decimal)',
    ],
    [
      "a decimal comma",
      () => [[file("comma.csv", 'x\n"1,5"\n')], ""],
      65,
      'mle-fit: comma.csv:2: column "x": "1,5" is not a number (a decimal comma? write numbers with a point, such as 1.5)',
    ],
    [
      "NA",
      () => [[file("na.csv", "x\n1\nNA\n")], ""],
      65,
      'mle-fit: na.csv:3: column "x": "NA" is not a number (a missing or non-finite value; --skip-invalid skips these)',
    ],
    [
      "an empty field",
      () => [[file("empty-field.csv", "a,b\n1,2\n3,\n"), "--column", "b"], ""],
      65,
      'mle-fit: empty-field.csv:3: column "b": "" is not a number (an empty field; --skip-invalid skips missing values)',
    ],
    [
      "stdin with a bad value",
      () => [[], "1\n2\nx1\n"],
      65,
      'mle-fit: <stdin>:3: column 1: "x1" is not a number (--skip-invalid skips invalid values and counts them)',
    ],
    [
      "no values",
      () => [[file("empty.csv", "")], ""],
      65,
      "mle-fit: empty.csv: no values to fit (the file has no data rows)",
    ],
    [
      "one value",
      () => [[file("one.csv", "x\n4\n")], ""],
      65,
      "mle-fit: one.csv: only one value (4): a Normal fit needs at least two that differ",
    ],
    [
      "all values equal",
      () => [[file("same.csv", "7\n7\n7\n7\n")], ""],
      65,
      "mle-fit: same.csv: all 4 values are equal (7): a Normal fit needs values that differ",
    ],
    [
      "an unclosed quote",
      () => [[file("quote.csv", 'x\n1\n"2\n')], ""],
      65,
      "mle-fit: quote.csv:3: malformed CSV: a quoted field is never closed",
    ],
    [
      "several columns",
      () => [[`${FIXTURES}faithful_eruptions.csv`], ""],
      65,
      `mle-fit: ${FIXTURES}faithful_eruptions.csv has 2 columns (eruptions, waiting): choose one with --column NAME or --column N`,
    ],
    [
      "--n 0",
      () => [["--n", "0"], ""],
      2,
      'mle-fit: --n must be a whole number from 1 to 4294967295, got "0"',
    ],
    [
      "--scale -1",
      () => [["--scale", "-1"], ""],
      2,
      'mle-fit: --scale must be a number above 0, got "-1"',
    ],
    ["--lr 0", () => [["--lr", "0"], ""], 2, 'mle-fit: --lr must be a number above 0, got "0"'],
    [
      "--batch-size 2.5",
      () => [["--batch-size", "2.5"], ""],
      2,
      'mle-fit: --batch-size must be a whole number from 1 to 4294967295, got "2.5"',
    ],
    [
      "an unknown flag",
      () => [["--frobnicate"], ""],
      2,
      "mle-fit: unknown option '--frobnicate' (see mle-fit --help)",
    ],
    [
      "a file and --n",
      () => [[file("f.csv", "1\n2\n"), "--n", "10"], ""],
      2,
      "mle-fit: reading f.csv and generating data (--n, --loc, --scale, --param) at once: choose one",
    ],
    ["a missing file", () => [["missing.csv"], ""], 66, "mle-fit: missing.csv: no such file"],
    [
      "a directory",
      () => [[dir], ""],
      66,
      `mle-fit: ${dir}: is a directory, not a file: give a CSV file, or - for stdin`,
    ],
    [
      "a diverging fit",
      () => [
        ["--n", "1000", "--loc", "1", "--scale", "0.01", "--lr", "0.2", "--literal", "--seed", "1"],
        "",
      ],
      3,
      "mle-fit: the fit diverged at epoch ",
    ],
  ];
  for (const [what, setup, code, message] of table) {
    it(`${what} → exit ${code}`, () => {
      const [args, input] = setup();
      const outcome = mleFit(args, input);
      expect(outcome.stdout).toBe("");
      expect(outcome.code).toBe(code);
      expect(outcome.stderr).not.toMatch(/\n\s+at /);
      if (message.endsWith(" ")) expect(outcome.stderr.startsWith(message)).toBe(true);
      else expect(outcome.stderr).toBe(`${message}\n`);
    });
  }

  it.skipIf(process.getuid?.() === 0)(
    "an unreadable file → exit 66 (skipped as root, who can read anything)",
    () => {
      const name = file("secret.csv", "1\n2\n");
      spawnSync("chmod", ["000", join(dir, name)]);
      expect(mleFit([name])).toEqual({
        code: 66,
        stdout: "",
        stderr: "mle-fit: secret.csv: permission denied: the file cannot be read\n",
      });
    },
  );
});
