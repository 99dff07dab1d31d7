import { type FitLibraryOptions, fit as fitValues } from "../api/fit.js";
import type { Family } from "../distributions/family.js";
import { fixParameters } from "../distributions/fixed.js";
import { UsageError, UserError } from "../errors.js";
import { readSeries } from "../input/series.js";
import { formatResults, type ResultFormat, type ResultRow } from "../report/results-table.js";
import type { Io } from "./io.js";
import { type CliOptions, columnsOf, fitSettingsOf } from "./options.js";
import type { RunResult } from "./run.js";

/** Flags of one fit's outputs, which a table of many fits has no place for. */
const ONE_FIT_ONLY = [
  ["quiet", "--quiet"],
  ["plot", "--plot"],
  ["plotFile", "--plot-file"],
  ["trace", "--trace"],
  ["bootstrap", "--bootstrap"],
  ["gofBootstrap", "--gof-bootstrap"],
  ["maxGapSe", "--max-gap-se"],
] as const;

/** Usage errors for what many fits cannot do: generated data, a comparison, one fit's outputs. */
export function checkManyFlags(options: CliOptions): void {
  const what = options.groupBy === undefined ? "several --column" : "--group-by";
  if (options.dist === "auto" || Array.isArray(options.dist)) {
    throw new UsageError(`${what} fits one family per group or column: choose one --dist`);
  }
  if ([options.n, options.loc, options.scale, options.param].some((v) => v !== undefined)) {
    throw new UsageError(`${what} reads a file or stdin; it cannot be used with generated data`);
  }
  for (const [key, flag] of ONE_FIT_ONLY) {
    if (options[key] !== undefined && options[key] !== false) {
      throw new UsageError(`${flag} is about one fit; ${what} makes a table of many (--format)`);
    }
  }
}

/**
 * One fit per group (--group-by COL) or per column (--column a,b,c), each by the same pipeline as
 * a single fit (the library's `fit`, so the same defaults and checks), on one pass over the
 * input. A fit that fails (too few values, a value outside the support, no maximum) is a row with
 * its reason, and the others still fit; the exit code is the first failure's, with a line on
 * stderr saying how many failed.
 */
export async function fitMany(
  file: string | undefined,
  family: Family,
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<RunResult> {
  const fromStdin = file === undefined || file === "-";
  const name = fromStdin ? "<stdin>" : file;
  const opened = fromStdin ? undefined : await (await import("./open-input.js")).openInput(file);
  let series: Awaited<ReturnType<typeof readSeries>>;
  try {
    series = await readSeries(
      { name, stream: opened?.stream ?? io.stdin },
      {
        header: options.header ?? "auto",
        skipInvalid: options.skipInvalid === true,
        columns: columnsOf(options).length > 0 ? columnsOf(options) : [1],
        ...(options.groupBy === undefined ? {} : { groupBy: options.groupBy }),
        ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
      },
    );
  } finally {
    opened?.stream.destroy();
  }
  const library = libraryOptions(options, seed);
  const rows: ResultRow[] = series.map((s) => {
    try {
      return { label: s.label, n: s.values.length, report: fitValues(s.values, library) };
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      return {
        label: s.label,
        n: s.values.length,
        failure: { reason: error.message, exitCode: error.exitCode },
      };
    }
  });
  const fitted = options.fix === undefined ? family : fixParameters(family, options.fix);
  const format: ResultFormat = options.format ?? (options.json ? "json" : "text");
  const stdout = formatResults(rows, fitted.params, format);
  const failed = rows.filter((row) => row.failure !== undefined);
  const first = failed[0];
  if (first?.failure === undefined) return { stdout, warnings: [] };
  return {
    stdout,
    warnings: [],
    failure: new UserError(
      `${failed.length} of ${rows.length} fits failed (the rows say why); the first, ${JSON.stringify(first.label)}: ${first.failure.reason}`,
      first.failure.exitCode as UserError["exitCode"],
    ),
  };
}

/** The command line's fit options as the library's. */
function libraryOptions(options: CliOptions, seed: number): FitLibraryOptions {
  // --mixture K is the family NAME-mixture-K (NAME the --dist family, the Normal by default);
  // --logpdf and its flags pass as they are.
  const base = typeof options.dist === "string" ? options.dist : "normal";
  const dist = options.mixture === undefined ? options.dist : `${base}-mixture-${options.mixture}`;
  const { logpdf, logpmf, start, positive, bounds } = options;
  return {
    ...(typeof dist === "string" ? { dist } : {}),
    ...(logpdf === undefined ? {} : { logpdf }),
    ...(logpmf === undefined ? {} : { logpmf }),
    ...(start === undefined ? {} : { start: Object.fromEntries(start) }),
    ...(positive === undefined ? {} : { positive }),
    ...(bounds === undefined ? {} : { bounds }),
    seed,
    ...(options.fix === undefined ? {} : { fix: options.fix }),
    ...fitSettingsOf(options),
    // A row has no place for intervals: a non-regular fit's 200 unasked refits would be thrown
    // away, for every group.
    bootstrap: 0,
  };
}
