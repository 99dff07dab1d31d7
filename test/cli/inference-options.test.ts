import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./fake-io.js";

const json = async (argv: string[]) => JSON.parse((await runCli([...argv, "--json"])).stdout);

describe("inference options", () => {
  it("--max-gap-se turns a gap into exit 3, after printing the report", async () => {
    const outcome = await runCli(["--seed", "1", "--epochs", "2", "--json", "--max-gap-se", "0.5"]);
    const report = JSON.parse(outcome.stdout);
    const gap = Math.max(Math.abs(report.gap_se.loc), Math.abs(report.gap_se.scale));
    expect(gap).toBeGreaterThan(0.5);
    expect(outcome.code).toBe(3);
    expect(outcome.stderr).toBe(
      `mle-fit: the SGD estimate of ${Math.abs(report.gap_se.loc) >= Math.abs(report.gap_se.scale) ? "loc" : "scale"} is ${gap.toFixed(2)} standard errors from the exact MLE, more than --max-gap-se 0.5; drop --epochs to let SGD run until it converges (--epochs auto, the default)\n`,
    );
    const tolerant = await runCli([
      "--seed",
      "1",
      "--epochs",
      "2",
      "--json",
      "--max-gap-se",
      String(gap + 0.01),
    ]);
    expect(tolerant.code).toBe(0);
    expect(tolerant.stderr).toBe("");
  });

  it("converges by default (--epochs auto): no warning, converged in JSON, within 0.05 SE", async () => {
    const outcome = await runCli(["--seed", "1", "--json"]);
    expect(outcome.stderr).toBe("");
    const report = JSON.parse(outcome.stdout);
    expect(report.converged).toBe(true);
    expect(report.stopping_rule.value).toBeLessThanOrEqual(0.05);
    expect(Math.abs(report.gap_se.loc)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(report.gap_se.scale)).toBeLessThanOrEqual(0.05);
    expect(report.optimizer).toMatchObject({ epochs: "auto", capped: false, cap: 100 });
    expect(report.optimizer.epochs_run).toBe(1 + report.optimizer.full_batch_steps);
  });

  it("a fixed --epochs N keeps its count and reports the rule's value unmet", async () => {
    const report = await json(["--seed", "1", "--epochs", "3"]);
    expect(report.optimizer).toMatchObject({
      epochs: 3,
      epochs_run: 3,
      full_batch_steps: 0,
      cap: null,
    });
    expect(report.converged).toBe(false);
    expect(report.stopping_rule.value).toBeGreaterThan(0.05);
  });

  it("warns for a fixed run more than 1 SE off, naming a large lr × batch size", async () => {
    const far = await runCli(["--seed", "1", "--epochs", "1", "--lr", "0.2", "--json"]);
    expect(far.stderr).toMatch(
      /^mle-fit: warning: after 1 epoch, the SGD estimate of (loc|scale) is \d+\.\d\d standard errors from the exact MLE; drop --epochs to let SGD run until it converges \(--epochs auto, the default\); lr × batch size is 2, large: the loss sums the batch, so each step is that many per-value steps \(try a smaller --lr\)\n$/,
    );
    const quiet = await runCli(["--seed", "1", "--epochs", "1", "--lr", "0.2", "--quiet"]);
    expect(quiet.stderr).toBe("");
    expect(quiet.code).toBe(0);
  });

  it("--level sets the interval's level", async () => {
    const wide = await json(["--seed", "2", "--level", "0.99"]);
    const narrow = await json(["--seed", "2", "--level", "0.9"]);
    expect(wide.ci.level).toBe(0.99);
    const width = (r: { ci: { loc: [number, number] } }) => r.ci.loc[1] - r.ci.loc[0];
    // z(0.995) / z(0.95) = 2.5758 / 1.6449
    expect(width(wide) / width(narrow)).toBeCloseTo(2.5758293035489 / 1.6448536269514722, 10);
  });

  it("--bootstrap adds percentile intervals, reproducibly", async () => {
    const a = await json(["--seed", "3", "--bootstrap", "200", "--no-timing"]);
    expect(a.bootstrap.replicates).toBe(200);
    expect(a.bootstrap.method).toBe("parametric");
    expect(a.bootstrap.ci.loc[0]).toBeLessThan(a.exact_mle.params.loc);
    expect(a.bootstrap.ci.loc[1]).toBeGreaterThan(a.exact_mle.params.loc);
    expect(await json(["--seed", "3", "--bootstrap", "200", "--no-timing"])).toEqual(a);
    const resampled = await json([
      "--seed",
      "3",
      "--bootstrap",
      "200",
      "--bootstrap-method",
      "nonparametric",
    ]);
    expect(resampled.bootstrap.method).toBe("nonparametric");
    const text = (await runCli(["--seed", "3", "--bootstrap", "200"])).stdout;
    expect(text).toContain("bootstrap, parametric");
    expect(text).toContain("(200 samples, each refitted by maximum likelihood)");
  });

  it("--gof-bootstrap gives p-values on the (B + 1) grid, and says so", async () => {
    const report = await json(["--seed", "4", "--gof-bootstrap", "99"]);
    expect(report.gof.method).toBe(
      "parametric bootstrap, 99 samples refitted by maximum likelihood",
    );
    for (const name of ["ks", "cvm", "ad"]) {
      const k = report.gof[name].p_value * 100;
      expect(Math.abs(k - Math.round(k))).toBeLessThan(1e-9);
    }
  });

  it("--optimizer momentum and --schedule inverse run, and are reported", async () => {
    const report = await json([
      "--seed",
      "5",
      "--optimizer",
      "momentum",
      "--lr",
      "0.002",
      "--schedule",
      "inverse",
    ]);
    expect(report.optimizer.name).toBe("momentum");
    expect(report.optimizer.schedule).toBe("inverse");
    const text = (await runCli(["--seed", "5", "--optimizer", "momentum", "--lr", "0.002"])).stdout;
    expect(text).toContain("optimizer  momentum, lr 0.002, batch size 10");
  });

  it("--trace writes one CSV row per step", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mle-fit-trace-"));
    const path = join(dir, "trace.csv");
    const report = await json(["--n", "95", "--seed", "6", "--epochs", "3", "--trace", path]);
    const lines = readFileSync(path, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("epoch,step,loc,scale,loss");
    expect(lines).toHaveLength(1 + 30);
    expect(lines[1]).toMatch(/^1,1,-?\d/);
    expect(lines[30]).toMatch(/^3,10,/);
    const last = (lines[30] as string).split(",").map(Number);
    expect(last[2]).toBe(report.params.loc);
    expect(last[3]).toBe(report.params.scale);
  });

  it("rejects bad values of the new flags, and an uncreatable trace file", async () => {
    for (const [argv, message] of [
      [["--level", "1"], 'mle-fit: --level must be a number between 0 and 1, got "1"'],
      [
        ["--optimizer", "lbfgs"],
        'mle-fit: --optimizer must be one of sgd, momentum, adam, got "lbfgs"',
      ],
      [
        ["--schedule", "cosine"],
        'mle-fit: --schedule must be one of constant, inverse, got "cosine"',
      ],
      [
        ["--bootstrap", "0"],
        'mle-fit: --bootstrap must be a whole number from 1 to 10000000, got "0"',
      ],
      [["--max-gap-se", "-1"], 'mle-fit: --max-gap-se must be a number above 0, got "-1"'],
    ] as const) {
      const outcome = await runCli([...argv]);
      expect(outcome.code).toBe(2);
      expect(outcome.stderr).toBe(`${message}\n`);
    }
    const outcome = await runCli(["--seed", "1", "--trace", "/nonexistent-dir/trace.csv"]);
    expect(outcome.code).toBe(73);
    expect(outcome.stderr).toBe(
      "mle-fit: --trace /nonexistent-dir/trace.csv: cannot create the file: no such directory (ENOENT)\n",
    );
  });
});

describe("--plot", () => {
  it("adds the histogram after the text report, 80 columns wide off a terminal, without colour", async () => {
    const { code, stdout } = await runCli([
      "--seed",
      "1",
      "--plot",
      "--no-timing",
      "--max-gap-se",
      "1e9",
    ]);
    expect(code).toBe(0);
    const plot = stdout.slice(stdout.indexOf("\n\n", stdout.indexOf("optimizer")) + 2);
    expect(plot).toContain("█ data, density (20 bins)   * SGD fit   o exact MLE");
    expect(stdout).not.toContain("\u001b[");
    for (const line of plot.split("\n")) expect([...line].length).toBeLessThanOrEqual(80);
  });

  it("takes --bins and --ascii, and stays out of --json and --quiet", async () => {
    const ascii = (await runCli(["--seed", "1", "--plot", "--bins", "10", "--ascii"])).stdout;
    expect(ascii).toContain("# data, density (10 bins)");
    expect(ascii.slice(ascii.indexOf("# data") - 400)).toMatch(/^[\x20-\x7e\n]*$/);
    expect((await runCli(["--seed", "1", "--plot", "--json"])).stdout).not.toContain("density (");
    expect((await runCli(["--seed", "1", "--plot", "--quiet"])).stdout).toMatch(/^[^\n]+\n$/);
  });
});
