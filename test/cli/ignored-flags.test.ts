import { describe, expect, it } from "vitest";
import { runCli } from "./fake-io.js";

describe("flags a run would ignore are errors or warnings (issue 13, item 7)", () => {
  it("is exit 2, one line, where the command cannot do what they ask", async () => {
    const cases: [string[], string][] = [
      [["--n", "100", "--column", "x"], "--column picks a column of a file or stdin"],
      [["--n", "100", "--loc", "1", "--param", "loc=2"], "--loc 1 and --param loc=2 both set"],
      [["--dist", "auto", "--lr", "0.1"], "--lr sets one family's SGD fit"],
      [["--dist", "normal,gamma", "--epochs", "5"], "--epochs sets one family's SGD fit"],
      [["--dist", "auto", "--optimizer", "adam"], "--optimizer sets one family's SGD fit"],
      [["--dist", "auto", "--batch-size", "50"], "--batch-size sets one family's SGD fit"],
    ];
    for (const [argv, message] of cases) {
      const out = await runCli([...argv, "--seed", "1"]);
      expect(out.code, argv.join(" ")).toBe(2);
      expect(out.stderr).toMatch(/^mle-fit: [^\n]+\n$/);
      expect(out.stderr).toContain(message);
    }
  });

  it("warns where the run goes on: --plot with --json (the JSON stays whole)", async () => {
    const out = await runCli(["--n", "100", "--seed", "1", "--json", "--plot"]);
    expect(out.code).toBe(0);
    expect(JSON.parse(out.stdout).n).toBe(100);
    expect(out.stderr).toBe(
      "mle-fit: warning: --plot draws beside the text report, and --json prints JSON only: no plot (use --plot-file for a figure)\n",
    );
    // The defaults themselves are not "given": --dist auto runs with them.
    expect((await runCli(["--dist", "auto", "--seed", "1", "--n", "200"])).code).toBe(0);
  });
});
