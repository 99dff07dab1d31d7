import { uniformStream } from "../data/random.js";
import { type Family, SUPPORTS } from "../distributions/family.js";
import { normal } from "../distributions/normal.js";
import { UsageError } from "../errors.js";
import { byName, type DataSummary } from "../report/summary.js";
import type { Io } from "./io.js";
import type { CliOptions } from "./run.js";

/**
 * Where a run's values come from: generated (from the Normal, or a --dist family with --param),
 * or read from a file or stdin with the column, header and support rules; and how reports and
 * messages name that source.
 */

/** The seed's experiment: 1000 draws from Normal(-4, 2). */
export const GENERATED_DEFAULTS = { n: 1000, loc: -4, scale: 2 } as const;

export async function loadData(
  file: string | undefined,
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<{
  values: Float64Array;
  summary: DataSummary;
  firstOutside?: { line: number; value: number };
}> {
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
  // --dist auto generates the seed's Normal data, and ranks the families on them.
  const family = await chosenFamily(options);
  if (file === undefined && (generating || io.stdinIsTTY)) {
    const n = options.n ?? GENERATED_DEFAULTS.n;
    if (family !== normal) {
      if (options.loc !== undefined || options.scale !== undefined) {
        throw new UsageError(
          `--loc and --scale generate Normal data; for --dist ${family.name} give --param ${family.params.map((p) => `${p}=...`).join(" --param ")}`,
        );
      }
      const { generationParams } = await import("./family-options.js");
      const params = generationParams(family, options.param ?? {}, GENERATED_DEFAULTS);
      const draw = family.sampler(params, uniformStream(seed, "data"));
      return {
        values: Float64Array.from({ length: n }, draw),
        summary: { source: "generated", seed, truth: byName(family.params, params) },
      };
    }
    const defaults = {
      loc: options.loc ?? GENERATED_DEFAULTS.loc,
      scale: options.scale ?? GENERATED_DEFAULTS.scale,
    };
    const [loc, scale] =
      options.param === undefined
        ? [defaults.loc, defaults.scale]
        : ((await import("./family-options.js")).generationParams(
            normal,
            options.param,
            defaults,
          ) as [number, number]);
    // Loaded on demand, like the CSV reader below: start-up pays only for the path it takes.
    const { generateNormal } = await import("../data/generate.js");
    return {
      values: generateNormal(n, loc, scale, uniformStream(seed, "data")),
      summary: { source: "generated", seed, truth: { loc, scale } },
    };
  }
  const outside =
    family === normal ? undefined : (x: number) => !SUPPORTS[family.support].accepts(x);
  const fromStdin = file === undefined || file === "-";
  const name = fromStdin ? "<stdin>" : file;
  const opened = fromStdin ? undefined : await (await import("./open-input.js")).openInput(file);
  const stream = opened?.stream ?? io.stdin;
  const { readColumn } = await import("../input/fast-column.js");
  let column: Awaited<ReturnType<typeof readColumn>>;
  try {
    column = await readColumn(stream, {
      sourceName: name,
      header: options.header ?? "auto",
      delimiter: options.delimiter,
      skipInvalid: options.skipInvalid === true,
      ...(options.column === undefined ? {} : { column: options.column }),
      ...(outside === undefined ? {} : { outside }),
      // A value takes at least two bytes (a digit, and a line end or separator) but the last.
      ...(opened === undefined ? {} : { capacity: Math.floor(opened.size / 2) + 1 }),
    });
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

/** The --dist family (the Normal by default, and for auto's generated data), loaded on demand. */
export async function chosenFamily(options: CliOptions): Promise<Family> {
  if (options.dist === undefined || comparing(options) || options.dist === "normal") {
    return normal;
  }
  return (await import("../distributions/index.js")).familyByName(options.dist as string) as Family;
}

/** --dist auto, or a list of families: a comparison of exact fits. */
export function comparing(options: CliOptions): boolean {
  return options.dist === "auto" || Array.isArray(options.dist);
}

export function sourceLabel(data: DataSummary): string {
  return data.source === "generated" ? "generated data" : data.name;
}

export function emptyHint(data: DataSummary, n: number): string {
  if (n > 0 || data.source === "generated") return "";
  if (data.skipped > 0) return ` (all ${data.skipped} values were invalid and skipped)`;
  if (data.column.name !== undefined) return " (there is a header line but no data rows)";
  return data.source === "stdin"
    ? " (nothing was piped in; to generate data instead, pass --n, --loc or --scale)"
    : " (the file has no data rows)";
}

export function describeSource(data: DataSummary): string {
  if (data.source === "generated") return `data generated from Normal, seed ${data.seed}`;
  const column =
    data.column.name === undefined
      ? `column ${data.column.index}`
      : `column ${JSON.stringify(data.column.name)}`;
  return `${data.name}, ${column}`;
}

export function figureTitle(data: DataSummary, n: number): string {
  const count = n.toLocaleString("en-US");
  if (data.source === "generated") {
    return `Normal fit to ${count} values drawn from Normal(${data.truth.loc}, ${data.truth.scale}), seed ${data.seed}`;
  }
  const column = data.column.name ?? `column ${data.column.index + 1}`;
  return `Normal fit to ${count} values of ${column} in ${data.name}`;
}
