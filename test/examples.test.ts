import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { transformSync } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * Every examples/*.ts runs as a user runs it: its types stripped, importing "mle-fit" (the built
 * package, by its own name), and prints what examples/*.out says it prints.
 */
const EXAMPLES = fileURLToPath(new URL("../examples/", import.meta.url));
const OUT = fileURLToPath(new URL("../dist/examples/", import.meta.url));

describe("examples/", () => {
  const names = readdirSync(EXAMPLES).filter((name) => name.endsWith(".ts"));
  it("has examples", () => {
    expect(names.length).toBeGreaterThanOrEqual(3);
  });
  for (const name of names) {
    it(`${name} runs and prints what ${name.replace(/\.ts$/, ".out")} says`, () => {
      mkdirSync(OUT, { recursive: true });
      const source = readFileSync(`${EXAMPLES}${name}`, "utf8");
      const script = `${OUT}${name.replace(/\.ts$/, ".mjs")}`;
      writeFileSync(script, transformSync(source, { loader: "ts", format: "esm" }).code);
      const result = spawnSync(process.execPath, [script], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const expected = readFileSync(`${EXAMPLES}${name.replace(/\.ts$/, ".out")}`, "utf8");
      expect(result.stdout).toBe(expected);
    });
  }
});
