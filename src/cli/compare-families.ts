import { uniformStream } from "../data/random.js";
import { type Family, familyDensity } from "../distributions/family.js";
import { AUTO_FAMILIES, comparable, FAMILIES, mixtureOf } from "../distributions/index.js";
import {
  allRanked,
  type Comparison,
  checkSomeFitted,
  compareFamilies,
} from "../inference/compare.js";
import { GOF_SAMPLE } from "../inference/gof.js";
import { formatComparisonJson, formatComparisonText } from "../report/compare.js";
import type { Io } from "./io.js";
import { describeSource, type Loaded, withSource } from "./load-data.js";
import type { CliOptions } from "./options.js";
import type { RunResult } from "./run.js";
import { plot } from "./terminal-plot.js";

/** --dist auto or a list: the families the data allow, by exact MLE, ranked by AIC. */
export async function compare(
  { values, summary: data }: Loaded,
  seed: number,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const asked = comparedFamilies(options);
  let comparison: Comparison;
  try {
    comparison = compareFamilies(
      asked,
      values,
      options.engine,
      { size: GOF_SAMPLE, uniform: uniformStream(seed, "gof-sample") },
      // --bootstrap B with --dist auto: the Cullen and Frey cloud of B resamples.
      options.bootstrap === undefined
        ? undefined
        : { samples: options.bootstrap, uniform: uniformStream(seed, "cullen-frey") },
    );
    checkSomeFitted(comparison, values);
  } catch (error) {
    // The library says "data"; the command line names the file, and why it may be empty.
    throw withSource(error, data, values.length, { fitErrors: true });
  }
  if (options.plotFile !== undefined) {
    await writeFigure(comparison, values, data, seed, options.plotFile, options.bins);
  }
  const source = { n: values.length, data };
  const stdout = options.json
    ? formatComparisonJson(comparison, source)
    : options.quiet
      ? quietNames(comparison)
      : formatComparisonText(comparison, values.length, describeSource(data)) +
        (options.plot ? `\n${plot(values, topCurves(comparison), options, io)}` : "");
  return { stdout, warnings: [] };
}

/** The families --dist auto or a list compares (in memory, and in a database). */
export function comparedFamilies(options: CliOptions): Family[] {
  // --dist a,b,c: those families only, in FAMILIES' order.
  const list = options.dist;
  const listed = Array.isArray(list)
    ? comparable(FAMILIES.filter((f) => (list as readonly string[]).includes(f.name)))
    : AUTO_FAMILIES;
  // --mixture K with --dist auto: the mixture of K Normals joins the comparison.
  return options.mixture === undefined ? [...listed] : [...listed, mixtureOf(options.mixture)];
}

/** --plot: the histogram with the three best families' densities. */
function topCurves(comparison: Comparison) {
  return allRanked(comparison)
    .slice(0, 3)
    .map((c, i) => ({
      label: c.family.name,
      density: familyDensity(c.family, c.fit.params),
      marker: String(i + 1),
      colorCode: [33, 32, 35][i] ?? 33,
    }));
}

/** --plot-file: the four panels with the three best families. */
async function writeFigure(
  comparison: Comparison,
  values: Float64Array,
  data: Loaded["summary"],
  seed: number,
  path: string,
  bins: number,
): Promise<void> {
  const { openFigureFile, writeFamiliesFigure } = await import("./figure-file.js");
  const file = openFigureFile(path);
  try {
    await writeFamiliesFigure(
      {
        file,
        title: `The three best families by AIC, ${describeSource(data)}, n = ${values.length.toLocaleString("en-US")}`,
        bins,
        uniform: uniformStream(seed, "figure-sample"),
      },
      values,
      allRanked(comparison)
        .slice(0, 3)
        .map((c) => ({ label: c.family.name, family: c.family, params: c.fit.params })),
      { cullenFrey: comparison.cullenFrey },
    );
  } finally {
    file.discard();
  }
}

/** --quiet: the best continuous family's name, and on a second line the best count family's. */
function quietNames(comparison: Comparison): string {
  const best = [comparison.ranked[0], comparison.rankedCounts[0]].flatMap((c) =>
    c === undefined ? [] : [c.family.name],
  );
  return `${best.join("\n")}\n`;
}
