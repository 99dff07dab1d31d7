import { GOF_SAMPLE } from "../api/request.js";
import { uniformStream } from "../data/random.js";
import { familyDensity } from "../distributions/family.js";
import { acceptingFamilies, FAMILIES } from "../distributions/index.js";
import { DataError, FitError } from "../errors.js";
import { type Comparison, compareFamilies } from "../inference/compare.js";
import { formatComparisonJson, formatComparisonText } from "../report/compare.js";
import type { Io } from "./io.js";
import { describeSource, emptyHint, type Loaded, sourceLabel } from "./load-data.js";
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
  if (values.length < 2) {
    throw new DataError(
      `${sourceLabel(data)}: ${values.length === 0 ? "no values" : "only one value"} to compare families on${emptyHint(data, values.length)}`,
    );
  }
  // --dist a,b,c: those families only, in FAMILIES' order.
  const list = options.dist;
  const asked = Array.isArray(list)
    ? FAMILIES.filter((f) => (list as readonly string[]).includes(f.name))
    : FAMILIES;
  const comparison = compareFamilies(asked, values, options.engine, {
    size: GOF_SAMPLE,
    uniform: uniformStream(seed, "gof-sample"),
  });
  checkSomeFitted(comparison, asked.length, values, sourceLabel(data));
  if (options.plotFile !== undefined) {
    await writeFigure(comparison, values, data, seed, options.plotFile, options.bins);
  }
  const source = { n: values.length, data };
  const stdout = options.json
    ? formatComparisonJson(comparison, source)
    : options.quiet
      ? `${comparison.ranked[0]?.family.name}\n`
      : formatComparisonText(comparison, values.length, describeSource(data)) +
        (options.plot ? `\n${plot(values, topCurves(comparison), options, io)}` : "");
  return { stdout, warnings: [] };
}

/** Exit 65 when no family holds the data or every family refused them; 3 when every fit failed. */
function checkSomeFitted(
  comparison: Comparison,
  asked: number,
  values: Float64Array,
  where: string,
): void {
  if (comparison.ranked.length > 0) return;
  if (comparison.unsupported.length === asked) {
    const names = comparison.unsupported.map((f) => f.name).join(", ");
    const others = acceptingFamilies(values)
      .map((f) => f.name)
      .join(", ");
    throw new DataError(
      `${where}: none of ${names} accepts these data; families that do: ${others}`,
    );
  }
  // Every family refused the data themselves (no spread, all zero): bad data, one reason.
  const first = comparison.failed[0];
  if (first !== undefined && comparison.failed.every((f) => f.data)) {
    throw new DataError(`${where}: no family can be fitted: ${first.reason}`);
  }
  throw new FitError(`${where}: no family could be fitted to these data`);
}

/** --plot: the histogram with the three best families' densities. */
function topCurves(comparison: Comparison) {
  return comparison.ranked.slice(0, 3).map((c, i) => ({
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
      comparison.ranked
        .slice(0, 3)
        .map((c) => ({ label: c.family.name, family: c.family, params: c.fit.params })),
    );
  } finally {
    file.discard();
  }
}
