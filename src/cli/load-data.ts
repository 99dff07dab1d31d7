import { uniformStream } from "../data/random.js";
import { byName, type Family, firstOutside, SUPPORTS } from "../distributions/family.js";
import { normal } from "../distributions/normal.js";
import { supportError } from "../distributions/support.js";
import { DataError, FitError, UsageError } from "../errors.js";
import type { DataSummary } from "../report/summary.js";
import { weighted } from "../stats/weights.js";
import type { Io } from "./io.js";
import type { CliOptions } from "./options.js";

/**
 * Where a run's values come from: generated (from the --dist family, with --param or, for the
 * Normal, --loc and --scale), or read from a file or stdin with the column, header and support
 * rules; and how reports and messages name that source.
 */

/** The blog post's experiment: 1000 draws from Normal(-4, 2). */
export const GENERATED_DEFAULTS = { n: 1000, loc: -4, scale: 2 } as const;

/** The values of a run, how reports name their source, and the first outside the family's support. */
export interface Loaded {
  values: Float64Array;
  summary: DataSummary;
  firstOutside?: { line: number; value: number };
}

export async function loadData(
  file: string | undefined,
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<Loaded> {
  const generating =
    options.n !== undefined ||
    options.loc !== undefined ||
    options.scale !== undefined ||
    options.param !== undefined;
  if (file !== undefined && generating) {
    throw new UsageError(
      `reading ${file === "-" ? "stdin" : file} and generating data (--n, --loc, --scale, --param) at once: choose one`,
    );
  }
  // --dist auto generates the blog post's Normal data, and ranks the families on them.
  const family = await chosenFamily(options);
  if (file === undefined && (generating || io.stdinIsTTY)) {
    return generate(family, options, seed);
  }
  return read(file, family, options, io);
}

/** Reads the column of a file or stdin, with the support check of the family being fitted. */
async function read(
  file: string | undefined,
  family: Family,
  options: CliOptions,
  io: Io,
): Promise<Loaded> {
  // The reader yields finite numbers only: a family of real support needs no check per value.
  const outside =
    comparing(options) || family.support === "real"
      ? undefined
      : (x: number) => !SUPPORTS[family.support].accepts(x);
  const fromStdin = file === undefined || file === "-";
  const name = fromStdin ? "<stdin>" : file;
  const opened = fromStdin ? undefined : await (await import("./open-input.js")).openInput(file);
  const stream = opened?.stream ?? io.stdin;
  if (censoredInput(options)) {
    try {
      return await readCensored(name, stream, options, fromStdin);
    } finally {
      opened?.stream.destroy();
    }
  }
  if (options.weights !== undefined) {
    try {
      return await readWeighted(name, stream, options, fromStdin, family);
    } finally {
      opened?.stream.destroy();
    }
  }
  const { readSource } = await import("../input/readers.js");
  let column: Awaited<ReturnType<typeof readSource>>;
  try {
    column = await readSource(
      { name, stream, ...(opened === undefined ? {} : { size: opened.size }) },
      {
        header: options.header ?? "auto",
        ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
        skipInvalid: options.skipInvalid === true,
        ...(options.column === undefined ? {} : { column: options.column }),
        ...(outside === undefined ? {} : { outside }),
      },
    );
  } finally {
    // A read that stops at a bad value leaves the file open: close it now, not at garbage
    // collection, where Node prints a warning after the one-line error.
    opened?.stream.destroy();
  }
  return {
    values: column.values,
    summary: {
      source: fromStdin ? "stdin" : "file",
      name,
      column: { name: column.name, index: column.index },
      skipped: column.skipped,
      ...(column.firstSkipped ? { firstSkipped: column.firstSkipped } : {}),
    },
    ...(column.firstOutside ? { firstOutside: column.firstOutside } : {}),
  };
}

/**
 * --weights COL: the values of --column and their frequency weights, read from the same rows in
 * one pass; a weight must be a finite number, 0 or more.
 */
async function readWeighted(
  name: string,
  stream: NodeJS.ReadableStream & AsyncIterable<Buffer | string>,
  options: CliOptions,
  fromStdin: boolean,
  family: Family,
): Promise<Loaded> {
  if (options.column === undefined) {
    throw new UsageError("--weights needs --column: the column of the values they weigh");
  }
  if (options.skipInvalid) {
    throw new UsageError(
      "--skip-invalid with --weights: not yet (a skipped value must skip its weight)",
    );
  }
  const { readSeries } = await import("../input/series.js");
  const weightsColumn = options.weights as number | string;
  const [values, weights] = await readSeries(
    { name, stream },
    {
      header: options.header ?? "auto",
      skipInvalid: false,
      columns: [options.column, weightsColumn],
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    },
  );
  if (values === undefined || weights === undefined)
    throw new DataError(`${name}: no values to fit`);
  weights.values.forEach((w, i) => {
    if (!(w >= 0)) {
      throw new DataError(
        `${name}: column ${JSON.stringify(weights.column)}, value ${i + 1}: ${w} is not a weight (a finite number, 0 or more)`,
      );
    }
  });
  if (!weights.values.some((w) => w > 0)) throw new DataError(`${name}: every weight is 0`);
  const outside = comparing(options) ? undefined : firstOutside(family, values.values);
  if (outside !== undefined) {
    const { acceptingFamilies } = await import("../distributions/index.js");
    throw supportError(
      family,
      `${name}: column ${JSON.stringify(values.column)}, value ${outside.index + 1}`,
      outside.value,
      acceptingFamilies(values.values),
    );
  }
  return {
    values: weighted(values.values, weights.values),
    summary: {
      source: fromStdin ? "stdin" : "file",
      name,
      column: { name: values.name, index: values.index },
      skipped: 0,
    },
  };
}

/** Whether the input is censored rows: --left and --right, or --event. */
export function censoredInput(options: CliOptions): boolean {
  return options.left !== undefined || options.right !== undefined || options.event !== undefined;
}

/**
 * Censored rows in one pass: --left and --right (fitdistcens: an empty or NA bound is no bound),
 * or --column as the time and --event (Surv: 1 observed, 0 right-censored); with --weights, a
 * frequency weight per row. A row that is no observation (both bounds missing, left above right,
 * an event other than 0 or 1) is exit 65, named by its row.
 */
async function readCensored(
  name: string,
  stream: NodeJS.ReadableStream & AsyncIterable<Buffer | string>,
  options: CliOptions,
  fromStdin: boolean,
): Promise<Loaded> {
  const { readSeries } = await import("../input/series.js");
  const { fromBounds, fromEvents } = await import("../stats/censoring.js");
  const bySurv = options.event !== undefined;
  const columns = (bySurv ? [options.column, options.event] : [options.left, options.right]) as (
    | number
    | string
  )[];
  const weightsColumn = options.weights;
  const series = await readSeries(
    { name, stream },
    {
      header: options.header ?? "auto",
      skipInvalid: false,
      // fitdistcens's bounds may be missing; Surv's time and event may not.
      missing: !bySurv,
      columns: weightsColumn === undefined ? columns : [...columns, weightsColumn],
      ...(options.delimiter === undefined ? {} : { delimiter: options.delimiter }),
    },
  );
  const [first, second, weights] = series;
  if (first === undefined || second === undefined || first.values.length === 0) {
    throw new DataError(`${name}: no rows to fit`);
  }
  const made = bySurv
    ? fromEvents(first.values, second.values)
    : fromBounds(first.values, second.values);
  if (!("values" in made)) {
    throw new DataError(`${name}: row ${made.row + 1} of the data: ${made.problem}`);
  }
  if (weights !== undefined) {
    weights.values.forEach((w, i) => {
      if (!(w >= 0) || !Number.isFinite(w)) {
        throw new DataError(
          `${name}: column ${JSON.stringify(weights.column)}, row ${i + 1}: ${w} is not a weight (a finite number, 0 or more)`,
        );
      }
    });
    if (!weights.values.some((w) => w > 0)) throw new DataError(`${name}: every weight is 0`);
  }
  return {
    values: weighted(made.values, weights?.values),
    summary: {
      source: fromStdin ? "stdin" : "file",
      name,
      column: { name: first.name, index: first.index },
      skipped: 0,
      censored: bySurv
        ? { time: first.column, event: second.column }
        : { left: first.column, right: second.column },
    },
  };
}

/** Draws the data from the family: --param, or for the Normal --loc and --scale. */
async function generate(family: Family, options: CliOptions, seed: number): Promise<Loaded> {
  if (family !== normal && (options.loc !== undefined || options.scale !== undefined)) {
    throw new UsageError(
      `--loc and --scale generate Normal data; for --dist ${family.name} give --param ${family.params.map((p) => `${p}=...`).join(" --param ")}`,
    );
  }
  const { generationParams } = await import("./generation.js");
  const { draw } = await import("../data/generate.js");
  const defaults: Record<string, number> =
    family === normal
      ? {
          loc: options.loc ?? GENERATED_DEFAULTS.loc,
          scale: options.scale ?? GENERATED_DEFAULTS.scale,
        }
      : {};
  const params = generationParams(family, options.param ?? {}, defaults);
  const n = options.n ?? GENERATED_DEFAULTS.n;
  let values: Float64Array;
  try {
    values = draw(family, params, n, uniformStream(seed, "data"));
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    throw new UsageError(
      `--n ${n}: not enough memory for ${n} values (${gigabytes(8 * n)} GB, and as much again to fit them); try a smaller --n`,
    );
  }
  return {
    values,
    summary: { source: "generated", family, seed, truth: byName(family.params, params) },
  };
}

/** A failed allocation of a large array: RangeError "Array buffer allocation failed" and kin. */
export function isOutOfMemory(error: unknown): boolean {
  return (
    error instanceof RangeError &&
    /allocation failed|Invalid typed array length|Array buffer|Invalid array length/i.test(
      error.message,
    )
  );
}

function gigabytes(bytes: number): string {
  return String(+(bytes / 1e9).toPrecision(3));
}

/** The --dist family (the Normal by default, and for auto's generated data), loaded on demand. */
export async function chosenFamily(options: CliOptions): Promise<Family> {
  const text = options.logpdf ?? options.logpmf;
  if (text !== undefined) return expressionOf(options, text);
  if (options.mixture !== undefined && !comparing(options)) {
    // --mixture K --dist NAME: K components of that family (the Normal by default).
    const { mixtureOf, familyByName } = await import("../distributions/index.js");
    const name = typeof options.dist === "string" ? options.dist : "normal";
    const base = familyByName(name);
    if (base === undefined) throw new UsageError(`--dist ${name}: no such family`);
    return mixtureOf(options.mixture, base);
  }
  if (options.start ?? options.positive ?? options.bounds) {
    throw new UsageError("--start, --positive and --bounds are for --logpdf or --logpmf");
  }
  if (options.dist === undefined || Array.isArray(options.dist) || options.dist === "auto") {
    return normal;
  }
  if (options.dist === "normal") {
    return normal;
  }
  const { familyByName } = await import("../distributions/index.js");
  const family = familyByName(options.dist);
  if (family === undefined) throw new UsageError(`--dist ${options.dist}: no such family`);
  return family;
}

/** The family of --logpdf or --logpmf (distributions/expression/). */
async function expressionOf(options: CliOptions, text: string): Promise<Family> {
  if (options.logpdf !== undefined && options.logpmf !== undefined) {
    throw new UsageError("--logpdf and --logpmf both give the model: choose one");
  }
  if (options.dist !== undefined) {
    throw new UsageError("--dist and --logpdf/--logpmf both give the model: choose one");
  }
  const [{ expressionFamily }, { FAMILIES }] = await Promise.all([
    import("../distributions/expression/family.js"),
    import("../distributions/index.js"),
  ]);
  return expressionFamily(
    {
      text,
      mass: options.logpdf !== undefined ? "pdf" : "pmf",
      start: options.start ?? [],
      ...(options.positive ? { positive: options.positive } : {}),
      ...(options.bounds ? { bounds: options.bounds } : {}),
    },
    FAMILIES,
  );
}

/** --dist auto, or a list of families: a comparison of exact fits. */
export function comparing(options: CliOptions): boolean {
  return options.dist === "auto" || Array.isArray(options.dist);
}

export function sourceLabel(data: DataSummary): string {
  if (data.source === "array") return "data";
  return data.source === "generated" ? "generated data" : data.name;
}

/**
 * A DataError from below the command line ("no values to fit") named for its source
 * ("data.csv: no values to fit (the file has no data rows)"), and a FitError too when
 * `fitErrors` (a comparison's "no family could be fitted"); any other error as it is.
 */
export function withSource(
  error: unknown,
  data: DataSummary,
  n: number,
  { fitErrors = false } = {},
): unknown {
  if (error instanceof DataError) {
    return new DataError(`${sourceLabel(data)}: ${error.message}${emptyHint(data, n)}`);
  }
  if (fitErrors && error instanceof FitError) {
    return new FitError(`${sourceLabel(data)}: ${error.message}`);
  }
  return error;
}

export function emptyHint(data: DataSummary, n: number): string {
  if (n > 0 || data.source === "generated" || data.source === "array") return "";
  if (data.skipped > 0) return ` (all ${data.skipped} values were invalid and skipped)`;
  if (data.column.name !== undefined) return " (there is a header line but no data rows)";
  return data.source === "stdin"
    ? " (nothing was piped in; to generate data instead, pass --n, --loc or --scale)"
    : " (the file has no data rows)";
}

/** The source in a few words: for titles and the comparison's heading. */
export function describeSource(data: DataSummary): string {
  if (data.source === "array") return "data";
  if (data.source === "generated")
    return `data generated from ${data.family.title}, seed ${data.seed}`;
  const column =
    data.column.name === undefined
      ? `column ${data.column.index}`
      : `column ${JSON.stringify(data.column.name)}`;
  return `${data.name}, ${column}`;
}

/** The figure's title: what was fitted to what. */
export function figureTitle(family: Family, data: DataSummary, n: number): string {
  const count = n.toLocaleString("en-US");
  if (data.source === "array") return `${family.title} fit to ${count} values`;
  if (data.source === "generated") {
    const truth = Object.values(data.truth).join(", ");
    return `${family.title} fit to ${count} values drawn from ${data.family.title}(${truth}), seed ${data.seed}`;
  }
  const column = data.column.name ?? `column ${data.column.index + 1}`;
  if (data.source === "database")
    return `${family.title} fit to ${count} rows of ${column} in ${data.name}`;
  const { censored } = data;
  if (censored !== undefined) {
    const columns =
      "left" in censored
        ? `bounds ${censored.left}, ${censored.right}`
        : `times ${censored.time}, events ${censored.event}`;
    return `${family.title} fit to ${count} censored rows (${columns}) in ${data.name}`;
  }
  return `${family.title} fit to ${count} values of ${column} in ${data.name}`;
}
