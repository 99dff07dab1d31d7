import { describe, expect, it } from "vitest";
import { runCli } from "../cli/fake-io.js";

/**
 * Golden outputs: the --json and text reports of seeded commands over every family, --literal and
 * --dist auto, byte for byte (timings off). A refactor must leave them unchanged; a change of
 * output is made on purpose, with `npx vitest run test/golden -u`, and stated in its commit.
 */
// Relative to the repository (vitest's working folder): the reports name the file as given, and
// wrap their lines around its name, so an absolute path would change them from clone to clone.
const rivers = "test/fixtures/rivers.csv";
const faithful = "test/fixtures/faithful_eruptions.csv";
const precip = "test/fixtures/precip.csv";

const COMMANDS: Record<string, string[]> = {
  "normal-default.txt": ["--seed", "1"],
  "normal-default.json": ["--seed", "1", "--json"],
  "normal-literal.json": ["--seed", "1", "--literal", "--json"],
  "normal-literal.txt": ["--seed", "2", "--literal"],
  "normal-quiet.txt": ["--seed", "1", "--quiet"],
  // A fixed count of epochs, the post's 2: SGD ends where it ends, and warns.
  "normal-epochs.txt": ["--seed", "1", "--epochs", "2"],
  "weibull-epochs.json": [rivers, "--dist", "weibull", "--seed", "1", "--epochs", "2", "--json"],
  "normal-recipe.txt": [
    "--seed",
    "4",
    "--optimizer",
    "adam",
    "--lr",
    "0.02",
    "--schedule",
    "inverse",
    "--average",
    "--epochs",
    "20",
  ],
  "normal-bootstrap.json": [
    "--seed",
    "3",
    "--n",
    "300",
    "--bootstrap",
    "40",
    "--gof-bootstrap",
    "40",
    "--json",
  ],
  "normal-file.txt": [faithful, "--column", "eruptions", "--seed", "5"],
  "lognormal-rivers.txt": [rivers, "--dist", "lognormal", "--seed", "1"],
  "gamma-rivers.json": [rivers, "--dist", "gamma", "--seed", "1", "--json"],
  "gamma-bootstrap.json": [
    rivers,
    "--dist",
    "gamma",
    "--seed",
    "2",
    "--bootstrap",
    "20",
    "--gof-bootstrap",
    "20",
    "--json",
  ],
  "exponential-rivers.json": [rivers, "--dist", "exponential", "--seed", "1", "--json"],
  "weibull-rivers.txt": [rivers, "--dist", "weibull", "--seed", "1"],
  "logistic-faithful.json": [
    faithful,
    "--column",
    "waiting",
    "--dist",
    "logistic",
    "--seed",
    "1",
    "--json",
  ],
  "laplace-faithful.txt": [faithful, "--column", "waiting", "--dist", "laplace", "--seed", "1"],
  "cauchy-precip.json": [precip, "--dist", "cauchy", "--seed", "1", "--json"],
  "student-t-precip.txt": [precip, "--dist", "student-t", "--seed", "1"],
  "poisson-generated.json": [
    "--dist",
    "poisson",
    "--param",
    "lambda=4",
    "--n",
    "500",
    "--seed",
    "1",
    "--json",
  ],
  "negbin-generated.txt": [
    "--dist",
    "negbin",
    "--param",
    "size=3",
    "--param",
    "mu=5",
    "--n",
    "500",
    "--seed",
    "1",
  ],
  "gamma-literal.json": [
    "--dist",
    "gamma",
    "--param",
    "shape=2",
    "--param",
    "rate=1",
    "--n",
    "200",
    "--seed",
    "1",
    "--literal",
    "--lr",
    "0.001",
    "--json",
  ],
  "gamma-fixed.json": [rivers, "--dist", "gamma", "--fix", "shape=1.5", "--seed", "1", "--json"],
  "auto-rivers.txt": [rivers, "--dist", "auto", "--seed", "1"],
  "auto-faithful.json": [
    faithful,
    "--column",
    "waiting",
    "--dist",
    "auto",
    "--seed",
    "1",
    "--json",
  ],
  "auto-quiet.txt": [precip, "--dist", "auto", "--seed", "1", "--quiet"],
  "list-precip.txt": [precip, "--dist", "normal,gamma,weibull", "--seed", "1"],
  "normal-plot.txt": ["--seed", "1", "--plot"],
  "gamma-plot.txt": [rivers, "--dist", "gamma", "--seed", "1", "--plot", "--ascii"],
  "gamma-quiet.txt": [rivers, "--dist", "gamma", "--seed", "1", "--quiet"],
};

describe("golden outputs", () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`mle-fit ${args.join(" ").replaceAll("test/fixtures/", "")}`, async () => {
      const { code, stdout, stderr } = await runCli([...args, "--no-timing"]);
      const output = `exit ${code}\n${stderr}---\n${stdout}`;
      await expect(output).toMatchFileSnapshot(`./outputs/${name}.golden`);
    });
  }
});
