import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { uniformStream } from "../../src/data/random.js";
import type { Family } from "../../src/distributions/family.js";
import { familyByName } from "../../src/distributions/index.js";
import { likelihoodEvaluator } from "../../src/likelihood/likelihood.js";
import type { SurfaceInput } from "../../src/report/figure/figure-data.js";
import { familyQuantile, familySurface } from "../../src/report/figure/fit-figure.js";
import { runCli } from "../cli/fake-io.js";
import { FIXTURES } from "../fixtures.js";
import { expectRelClose } from "../helpers.js";

const dir = mkdtempSync(join(tmpdir(), "mle-fit-figure-"));

type Node = Record<string, unknown>;

/** Every element in document order, from fast-xml-parser's ordered output. */
function* elements(nodes: Node[]): Generator<{ name: string; attrs: Node; children: Node[] }> {
  for (const node of nodes) {
    for (const [name, children] of Object.entries(node)) {
      if (name === ":@" || name === "#text") continue;
      const attrs = (node[":@"] ?? {}) as Node;
      yield { name, attrs, children: children as Node[] };
      yield* elements(children as Node[]);
    }
  }
}

function text(children: Node[]): string {
  return children.map((c) => (c["#text"] === undefined ? "" : String(c["#text"]))).join("");
}

const PANELS = [
  ["Histogram and fitted densities (20 bins)", "data", "density"],
  ["Q-Q plot", "theoretical quantiles", "empirical quantiles"],
  ["Empirical and fitted CDFs", "data", "CDF"],
  ["P-P plot", "theoretical probabilities", "empirical probabilities"],
  ["SGD path over the log-likelihood", "loc", "scale"],
  ["Cullen and Frey graph", "square of skewness", "kurtosis"],
];

/** Each panel of the figure: its title and its axes' titles. */
function panels(svg: string): string[][] {
  const tree = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: "",
  }).parse(svg) as Node[];
  const found: string[][] = [];
  for (const el of elements(tree)) {
    if (el.name !== "g" || !String(el.attrs.class ?? "").includes("role-scope")) continue;
    const inside = [...elements(el.children)];
    const title = inside.find((e) => e.attrs["aria-roledescription"] === "title");
    // Groups without a title are the per-fit line groups inside a panel.
    if (title === undefined) continue;
    const axisTitles = inside
      .filter((e) => String(e.attrs.class ?? "").includes("role-axis-title"))
      .flatMap((e) => [...elements(e.children)].filter((t) => t.name === "text"))
      .map((t) => text(t.children));
    found.push([String(title.attrs["aria-label"]), ...axisTitles]);
  }
  return found;
}

async function figure(name: string, args: string[]) {
  const path = join(dir, name);
  const outcome = await runCli([...args, "--plot-file", path]);
  return { outcome, path };
}

describe("--plot-file", () => {
  it("writes an SVG that parses as XML and holds the five panels with titles and axis labels", async () => {
    const { outcome, path } = await figure("fit.svg", ["--n", "1000", "--seed", "1"]);
    expect(outcome.code).toBe(0);
    const svg = readFileSync(path, "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toMatch(
      /^<svg [^>]*><title>Normal fit to 1,000 values drawn from Normal\(-4, 2\), seed 1: histogram/,
    );
    expect(panels(svg)).toEqual(
      PANELS.slice(0, 5).map(([title, x, y]) => [
        `Title text '${title}'`,
        x as string,
        y as string,
      ]),
    );
    expect(svg).toContain("Normal fit to 1,000 values drawn from Normal(-4, 2), seed 1");
    // Both fits in the legend, and the contour levels.
    for (const label of ["SGD fit", "exact MLE", "log-likelihood below its maximum", ">3<"]) {
      expect(svg).toContain(label);
    }
  });

  it("titles a figure of generated data with the family that generated them (it said Normal for every family)", async () => {
    const { outcome, path } = await figure("gamma.svg", [
      "--dist",
      "gamma",
      "--param",
      "shape=2",
      "--param",
      "rate=0.5",
      "--n",
      "300",
      "--seed",
      "1",
    ]);
    expect(outcome.code).toBe(0);
    const svg = readFileSync(path, "utf8");
    expect(svg).toMatch(
      /^<svg [^>]*><title>Gamma fit to 300 values drawn from Gamma\(2, 0\.5\), seed 1: /,
    );
    expect(svg).not.toContain("Normal");
  });

  it("is byte-identical for one seed, and differs for another", async () => {
    const a = await figure("a.svg", ["--n", "300", "--seed", "7", "--literal"]);
    const b = await figure("b.svg", ["--n", "300", "--seed", "7", "--literal"]);
    const c = await figure("c.svg", ["--n", "300", "--seed", "8", "--literal"]);
    expect(readFileSync(a.path, "utf8")).toBe(readFileSync(b.path, "utf8"));
    expect(readFileSync(a.path, "utf8")).not.toBe(readFileSync(c.path, "utf8"));
  });

  it("reads a file's column into the title, and leaves stdout's report as it was", async () => {
    const csv = join(dir, "data.csv");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(
      csv,
      `id,latency\n${Array.from({ length: 50 }, (_, i) => `${i},${(i * 7) % 13}`).join("\n")}\n`,
    );
    const plain = await runCli([
      csv,
      "--column",
      "latency",
      "--seed",
      "1",
      "--json",
      "--no-timing",
    ]);
    const { outcome, path } = await figure("file.svg", [
      csv,
      "--column",
      "latency",
      "--seed",
      "1",
      "--json",
      "--no-timing",
    ]);
    expect(outcome.stdout).toBe(plain.stdout);
    expect(readFileSync(path, "utf8")).toContain(`Normal fit to 50 values of latency in ${csv}`);
  });

  it("writes a PNG for .png, the same for one seed", async () => {
    const a = await figure("a.png", ["--n", "200", "--seed", "3"]);
    const b = await figure("b.PNG", ["--n", "200", "--seed", "3"]);
    const png = readFileSync(a.path);
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    // IHDR: width and height, big-endian, at bytes 16 and 20; drawn at twice the SVG's size.
    expect(png.readUInt32BE(16)).toBeGreaterThan(1500);
    expect(png.readUInt32BE(20)).toBeGreaterThan(800);
    expect(png.equals(readFileSync(b.path))).toBe(true);
  });

  it("fails at once on a path it cannot write (73), and on other extensions (2)", async () => {
    const missing = await runCli(["--n", "10", "--plot-file", join(dir, "no", "such", "dir.svg")]);
    expect(missing.code).toBe(73);
    expect(missing.stderr).toMatch(
      /^mle-fit: --plot-file .*dir\.svg: cannot create the file: no such directory \(ENOENT\)\n$/,
    );
    const pdf = await runCli(["--n", "10", "--plot-file", "fit.pdf"]);
    expect(pdf.code).toBe(2);
    expect(pdf.stderr).toBe(
      'mle-fit: --plot-file must be a file name ending in .svg or .png, got "fit.pdf"\n',
    );
  });

  it("leaves no file behind when the fit fails", async () => {
    const { outcome, path } = await figure("failed.svg", ["--n", "1"]);
    expect(outcome.code).toBe(65);
    expect(existsSync(path)).toBe(false);
  });
});

describe("--plot-file with other families", () => {
  const rivers = `${FIXTURES}rivers.csv`;

  it("--dist auto: the four panels with the three best families, named in the legend, and Cullen and Frey's", async () => {
    const { outcome, path } = await figure("auto.svg", [rivers, "--dist", "auto"]);
    expect(outcome.code).toBe(0);
    const svg = readFileSync(path, "utf8");
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(panels(svg)).toEqual(
      [...PANELS.slice(0, 4), PANELS[5] as string[]].map(([title, x, y]) => [
        `Title text '${title}'`,
        x as string,
        y as string,
      ]),
    );
    for (const name of [
      "log-logistic",
      "inverse-gaussian",
      "lognormal",
      "The three best families by AIC",
    ]) {
      expect(svg).toContain(name);
    }
  });

  it("--dist gamma: the SGD and exact fits, and the path in the (shape, rate) plane", async () => {
    const { outcome, path } = await figure("gamma.svg", [rivers, "--dist", "gamma", "--seed", "1"]);
    expect(outcome.code).toBe(0);
    const svg = readFileSync(path, "utf8");
    expect(panels(svg)).toEqual([
      ...PANELS.slice(0, 4).map(([title, x, y]) => [
        `Title text '${title}'`,
        x as string,
        y as string,
      ]),
      ["Title text 'SGD path over the log-likelihood'", "shape", "rate"],
    ]);
    expect(svg).toContain("Gamma fit to 141 values");
    // One parameter: no plane, four panels.
    const exp = await figure("exp.svg", [rivers, "--dist", "exponential", "--seed", "1"]);
    expect(panels(readFileSync(exp.path, "utf8"))).toHaveLength(4);
  });

  it("the families' surface is the engine's log-likelihood (counts by distinct value; large n sampled and scaled)", () => {
    for (const [name, truth] of [
      ["gamma", [2, 0.5]],
      ["negbin", [2, 5]],
      ["student-t", [1, 2, 4]],
    ] as const) {
      const f = familyByName(name) as Family;
      const values = Float64Array.from({ length: 3000 }, f.sampler(truth, uniformStream(9, name)));
      const surface = familySurface(
        f,
        values,
        { params: truth, exact: truth, se: undefined },
        [{ loc: truth[0], scale: truth[1] }],
        uniformStream(1, "s"),
      ) as SurfaceInput;
      const a = truth[0] * 1.1;
      const b = truth[1] * 0.9;
      const engine = likelihoodEvaluator(f, "value")(values, [a, b, ...truth.slice(2)]);
      expectRelClose(surface.logLikelihood(a, b), engine.logLik, 1e-12);
    }
    const gamma = familyByName("gamma") as Family;
    const big = Float64Array.from(
      { length: 40_000 },
      gamma.sampler([2, 0.5], uniformStream(3, "g")),
    );
    const sampled = familySurface(
      gamma,
      big,
      { params: [2, 0.5], exact: [2, 0.5], se: undefined },
      [],
      uniformStream(1, "s"),
    ) as SurfaceInput;
    const full = likelihoodEvaluator(gamma, "compiled")(big, [2, 0.5]).logLik;
    // A 10,000-value sample scaled by 4: within a percent of the full log-likelihood here.
    expectRelClose(sampled.logLikelihood(2, 0.5), full, 0.01);
  });

  it("quantiles from the CDF: continuous to 1e-9, counts the smallest k with F(k) >= p", () => {
    const gamma = familyByName("gamma") as Family;
    for (const p of [0.001, 0.25, 0.5, 0.9, 0.999]) {
      const q = familyQuantile(gamma, [2, 0.5], p);
      expectRelClose(gamma.cdf(q, [2, 0.5]), p, 1e-9);
    }
    const poisson = familyByName("poisson") as Family;
    const k = familyQuantile(poisson, [3.5], 0.5);
    expect(poisson.cdf(k, [3.5])).toBeGreaterThanOrEqual(0.5);
    expect(poisson.cdf(k - 1, [3.5])).toBeLessThan(0.5);
    const t = familyByName("student-t") as Family;
    expectRelClose(familyQuantile(t, [-3, 2, 4], 0.5), -3, 1e-9);
  });
});
