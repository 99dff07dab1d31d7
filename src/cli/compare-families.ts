import { uniformStream } from "../data/random.js";
import { familyDensity } from "../distributions/family.js";
import type { FamilyName } from "../distributions/names.js";
import { DataError, FitError } from "../errors.js";
import type { DataSummary } from "../report/summary.js";
import type { Io } from "./io.js";
import { describeSource, emptyHint, sourceLabel } from "./load-data.js";
import { type CliOptions, GOF_SAMPLE, type RunResult } from "./run.js";
import { plot } from "./terminal-plot.js";

/** --dist auto: every family the data allow, by exact MLE, ranked by AIC. */
export async function compare(
  values: Float64Array,
  data: DataSummary,
  seed: number,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const { acceptingFamilies } = await import("./family-options.js");
  const { FAMILIES } = await import("../distributions/index.js");
  const { compareFamilies } = await import("../fit/compare.js");
  const { formatComparisonJson, formatComparisonText } = await import("../report/compare.js");
  if (values.length < 2) {
    throw new DataError(
      `${sourceLabel(data)}: ${values.length === 0 ? "no values" : "only one value"} to compare families on${emptyHint(data, values.length)}`,
    );
  }
  // --dist a,b,c: those families only, in FAMILIES' order.
  const list = options.dist;
  const asked = Array.isArray(list)
    ? FAMILIES.filter((f) => list.includes(f.name as FamilyName))
    : FAMILIES;
  const accepting = acceptingFamilies(values).filter((f) => asked.includes(f));
  if (accepting.length === 0) {
    throw new DataError(
      `${sourceLabel(data)}: none of ${asked.map((f) => f.name).join(", ")} accepts these data; families that do: ${acceptingFamilies(
        values,
      )
        .map((f) => f.name)
        .join(", ")}`,
    );
  }
  const comparison = compareFamilies(accepting, values, options.engine, {
    size: GOF_SAMPLE,
    uniform: uniformStream(seed, "gof-sample"),
  });
  if (comparison.ranked.length === 0) {
    // Every family refused the data themselves (no spread, all zero): bad data, one reason.
    const first = comparison.failed[0];
    if (first !== undefined && comparison.failed.every((f) => f.data)) {
      throw new DataError(`${sourceLabel(data)}: no family can be fitted: ${first.reason}`);
    }
    throw new FitError(`${sourceLabel(data)}: no family could be fitted to these data`);
  }
  const unsupported = asked.filter((f) => !accepting.includes(f));
  // --plot: the histogram with the three best families' densities.
  const markers = ["1", "2", "3"];
  const curves = comparison.ranked.slice(0, 3).map((c, i) => ({
    label: c.family.name,
    density: familyDensity(c.family, c.fit.params),
    marker: markers[i] as string,
    colorCode: [33, 32, 35][i] as number,
  }));
  if (options.plotFile !== undefined) {
    const { openFigureFile, writeFamiliesFigure } = await import("./figure-file.js");
    const file = openFigureFile(options.plotFile);
    try {
      await writeFamiliesFigure(
        {
          file,
          title: `The three best families by AIC, ${describeSource(data)}, n = ${values.length.toLocaleString("en-US")}`,
          bins: options.bins,
          sampleSize: GOF_SAMPLE,
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
  const stdout = options.json
    ? formatComparisonJson(comparison)
    : options.quiet
      ? `${comparison.ranked[0]?.family.name}\n`
      : formatComparisonText(comparison, values.length, describeSource(data), unsupported) +
        (options.plot ? `\n${plot(values, curves, options, io)}` : "");
  return { stdout, warnings: [] };
}
