import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FIXTURES } from "./fixtures.js";
import { checkTextOutput } from "./json-schema.js";

/**
 * The README's console examples are the command's real output: each `$ mle-fit ...` block runs
 * the built command in test/fixtures/ (where its files are) and must print what the README
 * shows, the timing line aside. A block with "...(the report, then:)" shows only the end of its output; a block
 * that writes a figure (--plot-file) is left to the figure tests. UPDATE_README=1 rewrites the
 * blocks from the command's output.
 */
const README = new URL("../README.md", import.meta.url);
const BIN = fileURLToPath(new URL("../bin/mle-fit.js", import.meta.url));
const ELLIPSIS = "...(the report, then:)";

interface Example {
  args: string[];
  expected: string[];
  start: number;
  end: number;
}

function examples(text: string): Example[] {
  const lines = text.split("\n");
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const command = lines[i + 1] ?? "";
    if (!command.startsWith("$ mle-fit")) continue;
    let end = i + 2;
    while (end < lines.length && lines[end] !== "```") end++;
    // Two commands in one block, or a figure: not a single output to compare.
    const body = lines.slice(i + 2, end);
    if (command.includes("--plot-file") || body.some((l) => l.startsWith("$ "))) continue;
    found.push({ args: shellWords(command).slice(2), expected: body, start: i + 2, end });
  }
  return found;
}

/** A command line's words as a shell splits them: 'single' and "double" quotes kept together. */
function shellWords(command: string): string[] {
  return (command.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((word) =>
    /^(['"]).*\1$/.test(word) ? word.slice(1, -1) : word,
  );
}

/** The lines without the timing: "elapsed ..." and the indented lines that continue it. */
function withoutTiming(lines: string[]): string[] {
  const kept: string[] = [];
  let inTiming = false;
  for (const line of lines) {
    inTiming = line.startsWith("elapsed ") || (inTiming && /^ {2,}\S/.test(line));
    if (!inTiming) kept.push(line);
  }
  return kept;
}

describe("README examples", () => {
  const text = readFileSync(README, "utf8");
  const blocks = examples(text);
  // Rewrites, applied last to first once every block has run, so no index moves.
  const rewrites: { start: number; end: number; lines: string[] }[] = [];

  it("has examples to check", () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4);
  });

  for (const block of blocks) {
    it(`mle-fit ${block.args.join(" ")}`, async () => {
      const files = block.args.filter((a) => a.endsWith(".csv"));
      for (const file of files) expect(existsSync(`${FIXTURES}${file}`), file).toBe(true);
      // The built command, in the fixtures' folder: the file names as a user types them.
      const { stdout, stderr } = spawnSync(process.execPath, [BIN, ...block.args], {
        cwd: FIXTURES,
        input: "",
        encoding: "utf8",
      });
      checkTextOutput(block.args, stdout);
      const output = `${stdout}${stderr}`.replace(/\n$/, "").split("\n");
      const shownTail = block.expected[0] === ELLIPSIS;
      let actual = withoutTiming(output);
      const expected = withoutTiming(block.expected);
      if (shownTail) actual = [ELLIPSIS, ...actual.slice(actual.length - expected.length + 1)];
      if (block.expected.length === 0) actual = [];
      if (process.env.UPDATE_README) {
        // The README shows this run's timing; the comparison leaves timings out.
        const full = shownTail ? actual : output;
        const lines = block.expected.length ? full : [];
        rewrites.push({ start: block.start, end: block.end, lines });
        return;
      }
      expect(actual.join("\n")).toBe(expected.join("\n"));
    });
  }

  // UPDATE_README=1: the README gets the command's output, once every block has run.
  afterAll(() => {
    if (!process.env.UPDATE_README) return;
    const lines = text.split("\n");
    for (const { start, end, lines: replacement } of rewrites.sort((a, b) => b.start - a.start)) {
      lines.splice(start, end - start, ...replacement);
    }
    writeFileSync(README, lines.join("\n"));
  });
});
