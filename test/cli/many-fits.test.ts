import { describe, expect, it } from "vitest";
import { fit as fitValues } from "../../src/api/fit.js";
import { expectValidOutput } from "../json-schema.js";
import { runCli } from "./fake-io.js";

const GROUPS = "g,x,y\na,1,10\nb,2,20\na,3,30\nb,5,15\na,2.5,12\nb,4,11\nc,7,9\n";
const a = [1, 3, 2.5];
const b = [2, 5, 4];

describe("many fits in one run (issue 13, item 5)", () => {
  it("--group-by: one fit per group, each the fit of its values alone; a failed group is a row", async () => {
    const outcome = await runCli(
      ["--group-by", "g", "--column", "x", "--seed", "1", "--format", "json"],
      GROUPS,
    );
    expect(outcome.code).toBe(65);
    expect(outcome.stderr).toBe(
      'mle-fit: 1 of 3 fits failed (the rows say why); the first, "c": only one value (7): a Normal fit needs at least two that differ\n',
    );
    const rows = JSON.parse(outcome.stdout);
    expect(rows.map((r: { label: string }) => r.label)).toEqual(["a", "b", "c"]);
    const alone = fitValues(a, { seed: 1 });
    expect(rows[0]).toEqual({
      label: "a",
      n: 3,
      status: "ok",
      params: alone.params,
      se: alone.se,
      loglik: alone.loglik,
      aic: alone.aic,
      bic: alone.bic,
      converged: alone.converged,
      reason: null,
      non_regular: null,
    });
    expect(rows[1].params).toEqual(fitValues(b, { seed: 1 }).params);
    expect(rows[2]).toMatchObject({ label: "c", n: 1, status: "failed", params: null });
  });

  it("--column a,b: one fit per column; csv, tsv, jsonl and text tables", async () => {
    const args = ["--column", "x,y", "--seed", "1"];
    const csv = await runCli([...args, "--format", "csv"], GROUPS);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trim().split("\n");
    expect(lines[0]).toBe(
      "label,n,loc,loc_se,scale,scale_se,loglik,aic,bic,converged,status,reason,non_regular",
    );
    expect(lines.slice(1).map((l) => l.split(",").slice(0, 2).join(","))).toEqual(["x,7", "y,7"]);
    const tsv = await runCli([...args, "--format", "tsv"], GROUPS);
    expect(tsv.stdout).toBe(csv.stdout.replaceAll(",", "\t"));
    const jsonl = await runCli([...args, "--format", "jsonl"], GROUPS);
    expect(
      jsonl.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).label),
    ).toEqual(["x", "y"]);
    const text = await runCli(args, GROUPS);
    expect(text.stdout.split("\n")[0]).toMatch(
      /^ +n +loc +SE +scale +SE +log-lik +AIC +converged$/,
    );
    for (const line of text.stdout.trimEnd().split("\n"))
      expect(line.length).toBeLessThanOrEqual(80);
    // Both: a group's columns.
    const both = await runCli(
      [
        "--group-by",
        "1",
        "--column",
        "2,3",
        "--seed",
        "1",
        "--format",
        "jsonl",
        "--dist",
        "lognormal",
      ],
      GROUPS,
    );
    expect(
      both.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l).label),
    ).toEqual(["a, x", "a, y", "b, x", "b, y", "c, x", "c, y"]);
  });

  it("reads JSON Lines and JSON arrays of objects by key, as the CSV", async () => {
    const objects = GROUPS.trim()
      .split("\n")
      .slice(1)
      .map((line) => {
        const [g, x, y] = line.split(",");
        return { g, x: Number(x), y: Number(y) };
      });
    const args = ["--group-by", "g", "--column", "x", "--seed", "1", "--format", "csv"];
    const csv = await runCli(args, GROUPS);
    const jsonl = await runCli(args, `${objects.map((o) => JSON.stringify(o)).join("\n")}\n`);
    const json = await runCli(args, JSON.stringify(objects));
    expect(jsonl.stdout).toBe(csv.stdout);
    expect(json.stdout).toBe(csv.stdout);
    const numbered = await runCli(["--group-by", "1", "--column", "x"], JSON.stringify(objects));
    expect(numbered.code).toBe(2);
    expect(numbered.stderr).toMatch(/picked by key name, not number/);
  });

  it("refuses what a table of many fits cannot do, in one line (exit 2)", async () => {
    const cases: [string[], string][] = [
      [
        ["--group-by", "g", "--column", "x", "--dist", "auto"],
        "mle-fit: --group-by fits one family per group or column: choose one --dist\n",
      ],
      [
        ["--column", "x,y", "--plot-file", "f.svg"],
        "mle-fit: --plot-file is about one fit; several --column makes a table of many (--format)\n",
      ],
      [
        ["--format", "csv"],
        "mle-fit: --format is for the table of many fits: add --group-by COL, or --column a,b to fit several\n",
      ],
      [
        ["--group-by", "h", "--column", "x"],
        'mle-fit: <stdin> has no column "h" to group by; its columns are: g, x, y\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const outcome = await runCli([...args, "--seed", "1"], GROUPS);
      expect({ args, code: outcome.code, stderr: outcome.stderr }).toEqual({
        args,
        code: 2,
        stderr,
      });
    }
  });
});

describe("many fits of your own likelihood, or of a mixture", () => {
  it("--group-by with --logpdf fits the expression in each group (it fitted the Normal before)", async () => {
    const csv = "host,ms\na,1.2\na,2.5\nb,3.1\na,0.7\nb,4.4\nb,2.2\na,1.9\nb,5.0\n";
    const own = await runCli(
      [
        "--group-by",
        "host",
        "--column",
        "ms",
        "--logpdf",
        "log(r) - r * x",
        "--start",
        "r=1",
        "--positive",
        "r",
        "--format",
        "json",
        "--seed",
        "1",
      ],
      csv,
    );
    const builtIn = await runCli(
      [
        "--group-by",
        "host",
        "--column",
        "ms",
        "--dist",
        "exponential",
        "--format",
        "json",
        "--seed",
        "1",
      ],
      csv,
    );
    expect(own.code, own.stderr).toBe(0);
    const ours = JSON.parse(own.stdout) as {
      label: string;
      loglik: number;
      se: Record<string, number>;
    }[];
    const theirs = JSON.parse(builtIn.stdout) as typeof ours;
    ours.forEach((row, i) => {
      expect(row.loglik).toBeCloseTo(theirs[i]?.loglik as number, 9);
      expect(row.se.r).toBeCloseTo(theirs[i]?.se.rate as number, 9);
    });
  });

  it("a non-regular fit's row: SE n/a, and why, once under the table; in JSON and CSV, non_regular", async () => {
    const argv = ["--group-by", "g", "--column", "y", "--dist", "pareto", "--seed", "1"];
    const input = GROUPS.replace("c,7,9\n", "c,7,9\nc,8,13\n");
    const outcome = await runCli(argv, input);
    expect(outcome.code).toBe(0);
    const lines = outcome.stdout.split("\n");
    expect(lines[1]).toMatch(/^a +3 +[\d.]+ +n\/a +10 +n\/a /);
    expect(outcome.stdout.match(/\(SE n\/a: min is an end of the support/g)).toHaveLength(1);
    const rows = JSON.parse((await runCli([...argv, "--json"], input)).stdout);
    expectValidOutput(rows);
    for (const row of rows) {
      expect(row.se).toBeNull();
      expect(row.non_regular).toMatch(/^min is an end of the support/);
    }
    const csv = (await runCli([...argv, "--format", "csv"], input)).stdout.trim().split("\n");
    expect(csv[0]?.endsWith(",reason,non_regular")).toBe(true);
    expect(csv[1]).toMatch(/,ok,,"min is an end of the support, [^"]+"$/);
  });
});
