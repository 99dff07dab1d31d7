import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import { FIXTURES } from "../fixtures.js";
import { unwrap } from "../helpers.js";
import { fitNormal, generateNormal } from "../normal-fit.js";
import { runCli } from "./fake-io.js";

describe("mle-fit in-process", () => {
  it("runs the seed's experiment with no arguments in a terminal", async () => {
    const { code, stdout, stderr } = await runCli(["--seed", "1"]);
    expect(code).toBe(0);
    // --epochs auto runs until it converges: nothing to warn about.
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^Normal fit by minibatch SGD, n = 1000\n/);
    expect(stdout).toContain("generated from Normal(loc = -4, scale = 2), seed 1");
    expect(unwrap(stdout)).toContain(
      "sgd, lr 0.02, batch size 10, 1 epoch = 100 steps, then 2 full-batch steps",
    );
    expect(unwrap(stdout)).toMatch(/converged +yes: /);
    expect(stdout).toContain(
      "(exact MLE: closed form: mean, and standard deviation with divisor n;",
    );
    // The fake clock advances 0.125 s a reading: start, read start and end, fit start, SGD loop
    // start and end, fit end, report; the SGD loop took its one epoch of 1000 values in 0.125 s.
    expect(unwrap(stdout)).toMatch(
      /\nelapsed {4}0\.750 s \(read 0\.125 s, fit 0\.375 s: SGD loop 0\.125 s, 0\.00800 million samples\/s\)\n$/,
    );
    expect(unwrap(stdout)).toContain("shuffle seed 1, compiled engine");
  });

  it("prints the same numbers as the library for the same seed", async () => {
    const { stdout } = await runCli([
      "--n",
      "500",
      "--loc",
      "3",
      "--scale",
      "0.5",
      "--seed",
      "9",
      "--json",
    ]);
    const json = JSON.parse(stdout);
    const data = generateNormal(500, 3, 0.5, uniformStream(9, "data"));
    const fit = fitNormal(data, {
      literal: false,
      lr: 0.02,
      batchSize: 10,
      epochs: "auto",
      uniform: uniformStream(9, "shuffle"),
      // As the command, which owns its data: the epochs shuffle them in place.
      reorderData: true,
    });
    expect(json.params).toEqual(fit.params);
    expect(json.exact_mle.params.loc).toBe(fit.exact.loc);
    expect(json.exact_mle.params.scale).toBe(fit.exact.scale);
  });

  it("gives JSON with every documented field", async () => {
    const { code, stdout } = await runCli([
      "--n",
      "200",
      "--seed",
      "4",
      "--json",
      "--batch-size",
      "20",
      "--epochs",
      "3",
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(Object.keys(json)).toEqual([
      "schema",
      "n",
      "distribution",
      "params",
      "exact_mle",
      "gap",
      "interrupted",
      "gap_se",
      "non_regular",
      "converged",
      "ci_method",
      "stopping_rule",
      "se",
      "ci",
      "correlation",
      "loglik",
      "aic",
      "bic",
      "sgd",
      "gof",
      "data",
      "optimizer",
      "timing",
    ]);
    expect(json.se.loc).toBeCloseTo(json.exact_mle.params.scale / Math.sqrt(200), 12);
    expect(json.se.scale).toBeCloseTo(json.exact_mle.params.scale / Math.sqrt(400), 12);
    expect(json.ci.level).toBe(0.95);
    expect(json.ci.loc[0]).toBeCloseTo(
      json.exact_mle.params.loc - 1.959963984540054 * json.se.loc,
      12,
    );
    expect(json.gap_se.loc).toBeCloseTo(json.gap.loc / json.se.loc, 12);
    // The stopping rule from the Normal's closed-form score and information at (m, s), with
    // Σ(x - m)² = n (ŝ² + (x̄ - m)²) from the exact MLE (x̄, ŝ): an oracle apart from the engine.
    {
      const n = 200;
      const [m, s] = [json.params.loc, json.params.scale];
      const [mean, sd] = [json.exact_mle.params.loc, json.exact_mle.params.scale];
      const ss = n * (sd * sd + (mean - m) ** 2);
      // The information matrix [[a, b], [b, c]] and g' I⁻¹ g = (c g0² - 2 b g0 g1 + a g1²) / det.
      const a = n / s ** 2;
      const b = (2 * n * (mean - m)) / s ** 3;
      const c = (3 * ss) / s ** 4 - n / s ** 2;
      const [g0, g1] = [(n * (mean - m)) / s ** 2, -n / s + ss / s ** 3];
      const quad = (c * g0 ** 2 - 2 * b * g0 * g1 + a * g1 ** 2) / (a * c - b * b);
      expect(json.stopping_rule.value).toBeCloseTo(Math.sqrt(quad), 9);
    }
    expect(json.converged).toBe(json.stopping_rule.value <= 0.05);
    expect(json.aic).toBeCloseTo(4 - 2 * json.loglik, 9);
    expect(json.bic).toBeCloseTo(2 * Math.log(200) - 2 * json.loglik, 9);
    expect(Object.keys(json.sgd)).toEqual(["loglik", "se", "ci", "correlation"]);
    expect(json.sgd.loglik).toBeLessThanOrEqual(json.loglik);
    expect(Object.keys(json.gof)).toEqual(["ks", "cvm", "ad", "method", "sample_size"]);
    expect(Object.keys(json.gof.ks)).toEqual(["statistic", "p_value"]);
    // 3 epochs × 200 samples in the SGD loop's 0.125 s of the fake clock, which ticks at each
    // reading; the fit stage around it reads it twice more.
    expect(json.timing).toEqual({
      elapsed_seconds: 0.75,
      read_seconds: 0.125,
      fit_seconds: 0.375,
      sgd_seconds: 0.125,
      samples_per_second: 4800,
    });
    expect(json.n).toBe(200);
    expect(json.distribution).toBe("normal");
    expect(json.exact_mle.method).toBe("closed form: mean, and standard deviation with divisor n");
    expect(json.gap.loc).toBe(json.params.loc - json.exact_mle.params.loc);
    expect(json.data).toEqual({
      source: "generated",
      distribution: "normal",
      seed: 4,
      true_params: { loc: -4, scale: 2 },
    });
    expect(json.schema).toBe("mle-fit/fit@3");
    expect(json.correlation.loc.loc).toBe(1);
    expect(json.correlation.loc.scale).toBe(json.correlation.scale.loc);
    expect(json.optimizer).toMatchObject({
      name: "sgd",
      mode: "default",
      engine: "compiled",
      schedule: "constant",
      average: false,
      lr: 0.02,
      batch_size: 20,
      epochs: 3,
      steps: 30,
      seed: 4,
    });
    expect(Object.keys(json.optimizer.start)).toEqual(["loc", "scale"]);
  });

  it("prints loc,scale only with --quiet, as the seed's last line", async () => {
    const { stdout } = await runCli(["--seed", "2", "--quiet"]);
    expect(stdout).toMatch(/^-?\d+\.\d+(e-?\d+)?,\d+\.\d+(e-?\d+)?\n$/);
    const json = JSON.parse((await runCli(["--seed", "2", "--json"])).stdout);
    expect(stdout).toBe(`${json.params.loc},${json.params.scale}\n`);
  });

  it("is byte-identical for the same seed (text with --no-timing), and reports a drawn seed", async () => {
    for (const flags of [["--json", "--no-timing"], ["--quiet"], ["--no-timing"]]) {
      const a = await runCli(["--seed", "77", ...flags]);
      const b = await runCli(["--seed", "77", ...flags]);
      expect(a.stdout).toBe(b.stdout);
    }
    expect((await runCli(["--no-timing"])).stdout).not.toContain("elapsed");
    expect(JSON.parse((await runCli(["--json", "--no-timing"])).stdout).timing).toBeUndefined();
    const drawn = JSON.parse((await runCli(["--json"])).stdout);
    const again = JSON.parse((await runCli(["--json", "--seed", String(drawn.data.seed)])).stdout);
    expect(drawn.timing.fit_seconds).toBe(0.375);
    expect(again).toEqual(drawn);
  });

  it("uses the Value engine with --engine value, to the same estimates", async () => {
    const compiled = JSON.parse((await runCli(["--n", "300", "--seed", "5", "--json"])).stdout);
    const value = JSON.parse(
      (await runCli(["--n", "300", "--seed", "5", "--json", "--engine", "value"])).stdout,
    );
    expect(value.optimizer.engine).toBe("value");
    expect(Math.abs(value.params.loc - compiled.params.loc)).toBeLessThan(
      1e-12 * Math.abs(compiled.params.loc),
    );
    expect(Math.abs(value.params.scale - compiled.params.scale)).toBeLessThan(
      1e-12 * compiled.params.scale,
    );
  });

  it("runs literal mode from 1 and 1", async () => {
    const json = JSON.parse((await runCli(["--seed", "1", "--literal", "--json"])).stdout);
    expect(json.optimizer.mode).toBe("literal");
    expect(json.optimizer.start).toEqual({ loc: 1, scale: 1 });
  });

  it("reads piped stdin, a column by name from a file, and - for stdin", async () => {
    const piped = JSON.parse((await runCli(["--json", "--seed", "1"], "x\n1\n2\n4\n")).stdout);
    expect(piped.data).toEqual({
      source: "stdin",
      name: "<stdin>",
      column: { name: "x", index: 1 },
      skipped: 0,
    });
    expect(piped.exact_mle.params.loc).toBe(7 / 3);
    const dash = JSON.parse((await runCli(["-", "--json", "--seed", "1"], "1\n2\n4\n")).stdout);
    expect(dash.data.column).toEqual({ name: null, index: 1 });
    const file = `${FIXTURES}faithful_eruptions.csv`;
    const fromFile = JSON.parse(
      (await runCli([file, "--column", "waiting", "--json", "--seed", "1"])).stdout,
    );
    expect(fromFile.data).toMatchObject({
      source: "file",
      name: file,
      column: { name: "waiting", index: 2 },
    });
    expect(fromFile.n).toBe(272);
  });

  it("counts skipped values in data.skipped", async () => {
    const { stdout } = await runCli(
      ["--json", "--skip-invalid", "--seed", "1"],
      "x\n1\nNA\n2\n\n4\n",
    );
    expect(JSON.parse(stdout).data.skipped).toBe(1);
  });

  it("shows examples and exit codes in --help, and the version", async () => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("65  bad data");
    expect(help.stdout).toContain("--literal");
    // Like every report, the help fits 80 columns (commander wraps the options to 80 off a terminal).
    for (const line of help.stdout.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
    const version = await runCli(["--version"]);
    expect(version.stdout).toBe("1.0.0\n");
  });
});

describe("mle-fit in-process: mistakes", () => {
  const table: [string, string[], string | undefined, number, string][] = [
    [
      "--n 0",
      ["--n", "0"],
      undefined,
      2,
      'mle-fit: --n must be a whole number from 1 to 4294967295, got "0"',
    ],
    [
      "--scale -1",
      ["--scale", "-1"],
      undefined,
      2,
      'mle-fit: --scale must be a number above 0, got "-1"',
    ],
    ["--lr 0", ["--lr", "0"], undefined, 2, 'mle-fit: --lr must be a number above 0, got "0"'],
    [
      "--batch-size 2.5",
      ["--batch-size", "2.5"],
      undefined,
      2,
      'mle-fit: --batch-size must be a whole number from 1 to 4294967295, got "2.5"',
    ],
    [
      "--loc abc",
      ["--loc", "abc"],
      undefined,
      2,
      'mle-fit: --loc must be a finite number, got "abc"',
    ],
    [
      "--engine gpu",
      ["--engine", "gpu"],
      undefined,
      2,
      'mle-fit: --engine must be one of compiled, value, got "gpu"',
    ],
    [
      "--seed -1",
      ["--seed", "-1"],
      undefined,
      2,
      'mle-fit: --seed must be a whole number from 0 to 9007199254740991, got "-1"',
    ],
    [
      "--delimiter ab",
      ["--delimiter", "ab"],
      "1\n",
      2,
      'mle-fit: --delimiter must be one character other than a quote or newline (or tab), got "ab"',
    ],
    [
      "an unknown flag",
      ["--frobnicate"],
      undefined,
      2,
      "mle-fit: unknown option '--frobnicate' (see mle-fit --help)",
    ],
    [
      "a missing value",
      ["--n"],
      undefined,
      2,
      "mle-fit: option '--n <count>' argument missing (see mle-fit --help)",
    ],
    [
      "--json with --quiet",
      ["--json", "--quiet"],
      undefined,
      2,
      "mle-fit: option '--json' cannot be used with option '--quiet' (see mle-fit --help)",
    ],
    [
      "a file with --n",
      ["data.csv", "--n", "5"],
      undefined,
      2,
      "mle-fit: reading data.csv and generating data (--n, --loc, --scale, --param) at once: choose one",
    ],
    [
      "two files",
      ["a.csv", "b.csv"],
      undefined,
      2,
      "mle-fit: too many arguments. Expected 1 argument but got 2. (see mle-fit --help)",
    ],
    ["a missing file", ["no-such.csv"], undefined, 66, "mle-fit: no-such.csv: no such file"],
    [
      "a directory",
      ["test"],
      undefined,
      66,
      "mle-fit: test: is a directory, not a file: give a CSV file, or - for stdin",
    ],
    [
      "empty stdin",
      [],
      "",
      65,
      "mle-fit: <stdin>: no values to fit (nothing was piped in; to generate data instead, pass --n, --loc or --scale)",
    ],
    [
      "a header only",
      [],
      "x\n",
      65,
      "mle-fit: <stdin>: no values to fit (there is a header line but no data rows)",
    ],
    [
      "one value",
      [],
      "3.5\n",
      65,
      "mle-fit: <stdin>: only one value (3.5): a Normal fit needs at least two that differ",
    ],
    [
      "equal values",
      [],
      "2\n2\n2\n",
      65,
      "mle-fit: <stdin>: all 3 values are equal (2): a Normal fit needs values that differ",
    ],
    [
      "all values skipped",
      ["--skip-invalid"],
      "x\nNA\nNA\n",
      65,
      "mle-fit: <stdin>: no values to fit (all 2 values were invalid and skipped)",
    ],
    [
      "an invalid value",
      [],
      "x\n1\nabc\n",
      65,
      'mle-fit: <stdin>:3: column "x": "abc" is not a number (--skip-invalid skips invalid values and counts them)',
    ],
    [
      "several columns",
      [],
      "a,b\n1,2\n",
      65,
      "mle-fit: <stdin> has 2 columns (a, b): choose one with --column NAME or --column N",
    ],
    [
      "a diverging literal fit",
      ["--literal", "--lr", "0.5", "--seed", "1"],
      "1\n1.01\n0.99\n1.02\n0.98\n",
      3,
      "mle-fit: the fit diverged at epoch 2, step 1 of 1: loss = NaN (loc = ",
    ],
  ];
  for (const [what, argv, stdin, code, message] of table) {
    it(`${what}: exit ${code}, one line on stderr`, async () => {
      const outcome = await runCli(argv, stdin);
      expect(outcome.code).toBe(code);
      expect(outcome.stdout).toBe("");
      expect(outcome.stderr.split("\n")).toHaveLength(2);
      if (message.endsWith("= ")) expect(outcome.stderr.startsWith(message)).toBe(true);
      else expect(outcome.stderr).toBe(`${message}\n`);
    });
  }
});

describe("mle-fit in-process: internal errors", () => {
  it("exits 1 with a stack trace only for a bug", async () => {
    const { main, silentIo } = await import("../../src/cli/main.js");
    let stderr = "";
    const code = await main(
      ["--n", "10", "--seed", "1"],
      silentIo({
        stdout: {
          write: () => {
            throw new Error("boom");
          },
        },
        stderr: { write: (text: string) => (stderr += text) },
      }),
    );
    expect(code).toBe(1);
    expect(stderr).toMatch(/^mle-fit: internal error \(please report it\): Error: boom\n\s+at /);
  });
});
