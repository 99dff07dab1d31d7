import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import { expect } from "vitest";

const schema = JSON.parse(
  readFileSync(new URL("../schema/mle-fit.schema.json", import.meta.url), "utf8"),
) as object;
const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);

/** Asserts that a JSON output (parsed) follows schema/mle-fit.schema.json, naming every violation. */
export function expectValidOutput(output: unknown): void {
  if (!validate(output)) {
    const errors = (validate.errors ?? [])
      .map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`)
      .join("\n");
    expect.fail(`the JSON output does not follow schema/mle-fit.schema.json:\n${errors}`);
  }
}

/**
 * Every --json run's stdout, checked against the schema: the test helpers that run the command
 * call this, so each JSON output the tests produce is validated.
 */
export function checkJsonOutput(argv: readonly string[], code: number, stdout: string): void {
  const format = argv[argv.indexOf("--format") + 1];
  if (argv.includes("--format") && format === "json") {
    // A table of many fits: printed whatever the fits' exit codes, and the schema's `results`.
    expectValidOutput(JSON.parse(stdout));
    return;
  }
  if (argv.includes("--format") && format === "jsonl") {
    for (const line of stdout.trim().split("\n")) expectValidOutput([JSON.parse(line)]);
    return;
  }
  if (!argv.includes("--json") || stdout === "") return;
  if (argv.includes("--group-by") || /,/.test(argv[argv.indexOf("--column") + 1] ?? "")) {
    expectValidOutput(JSON.parse(stdout));
    return;
  }
  // An interrupted run (130) still prints its report; a failed one prints nothing on stdout.
  expect([0, 3, 130]).toContain(code);
  expectValidOutput(JSON.parse(stdout));
}

/**
 * Every line of a text report fits 80 columns (counted in characters: the plot's blocks are one
 * column each): the test helpers that run the command call this on every text output.
 */
export function checkTextOutput(argv: readonly string[], stdout: string): void {
  if (argv.includes("--json") || argv.includes("--help") || argv.includes("-h")) return;
  // SQL for another engine: a query is as long as its expressions.
  if (argv.includes("--print-sql")) return;
  // Machine formats of the table of many fits: a row is as wide as its numbers.
  if (argv.includes("--format") && argv[argv.indexOf("--format") + 1] !== "text") return;
  for (const line of stdout.split("\n")) {
    if ([...line].length > 80) {
      expect.fail(`a report line is ${[...line].length} columns wide (80 at most): ${line}`);
    }
  }
}
