import { uniformStream } from "../data/random.js";
import { DataError, UsageError } from "../errors.js";
import { fitNormal } from "../fit/fit-normal.js";
import type { EngineName } from "../fit/objective.js";
import { formatJson } from "../report/json.js";
import type { DataSummary, RunSummary, Timing } from "../report/summary.js";
import { formatText } from "../report/text.js";
import type { Io } from "./io.js";

export interface CliOptions {
  n?: number;
  loc?: number;
  scale?: number;
  seed?: number;
  column?: number | string;
  header?: boolean;
  delimiter: string;
  skipInvalid?: boolean;
  batchSize: number;
  lr: number;
  epochs: number;
  initLoc?: number;
  initScale?: number;
  literal?: boolean;
  engine: EngineName;
  json?: boolean;
  quiet?: boolean;
  timing: boolean;
}

/** The seed's experiment: 1000 draws from Normal(-4, 2). */
export const GENERATED_DEFAULTS = { n: 1000, loc: -4, scale: 2 } as const;

/** Reads or generates the data, fits it, and returns the report for stdout. */
export async function run(file: string | undefined, options: CliOptions, io: Io): Promise<string> {
  const started = io.now();
  // The Web Crypto global loads on first use: runs with --seed never pay for it.
  const seed = options.seed ?? (crypto.getRandomValues(new Uint32Array(1))[0] as number);
  const { values, summary: data } = await loadData(file, options, seed, io);

  let fit: RunSummary["fit"];
  const fitStarted = io.now();
  try {
    fit = fitNormal(values, {
      engine: options.engine,
      literal: options.literal === true,
      lr: options.lr,
      batchSize: options.batchSize,
      epochs: options.epochs,
      uniform: uniformStream(seed, "shuffle"),
      ...(options.initLoc === undefined ? {} : { initLoc: options.initLoc }),
      ...(options.initScale === undefined ? {} : { initScale: options.initScale }),
    });
  } catch (error) {
    if (error instanceof DataError)
      throw new DataError(
        `${sourceLabel(data)}: ${error.message}${emptyHint(data, values.length)}`,
      );
    throw error;
  }

  const fitSeconds = (io.now() - fitStarted) / 1000;
  const summary: RunSummary = {
    fit,
    data,
    optimizer: { lr: options.lr, batchSize: options.batchSize, epochs: options.epochs, seed },
    ...(options.timing
      ? { timing: timing(started, fitSeconds, options.epochs * values.length, io) }
      : {}),
  };
  if (options.quiet) return `${fit.params.loc},${fit.params.scale}\n`;
  return options.json ? formatJson(summary) : formatText(summary);
}

function timing(started: number, fitSeconds: number, samples: number, io: Io): Timing {
  return {
    elapsedSeconds: (io.now() - started) / 1000,
    fitSeconds,
    // A fit too fast for the clock has no measurable rate.
    samplesPerSecond: fitSeconds > 0 ? samples / fitSeconds : null,
  };
}

async function loadData(
  file: string | undefined,
  options: CliOptions,
  seed: number,
  io: Io,
): Promise<{ values: Float64Array; summary: DataSummary }> {
  const generating =
    options.n !== undefined || options.loc !== undefined || options.scale !== undefined;
  if (file !== undefined && generating) {
    throw new UsageError(
      `reading ${file === "-" ? "stdin" : file} and generating data (--n, --loc, --scale) at once: choose one`,
    );
  }
  if (file === undefined && (generating || io.stdinIsTTY)) {
    const n = options.n ?? GENERATED_DEFAULTS.n;
    const loc = options.loc ?? GENERATED_DEFAULTS.loc;
    const scale = options.scale ?? GENERATED_DEFAULTS.scale;
    // Loaded on demand, like the CSV reader below: start-up pays only for the path it takes.
    const { generateNormal } = await import("../data/generate.js");
    return {
      values: generateNormal(n, loc, scale, uniformStream(seed, "data")),
      summary: { source: "generated", seed, truth: { loc, scale } },
    };
  }
  const fromStdin = file === undefined || file === "-";
  const name = fromStdin ? "<stdin>" : file;
  const stream = fromStdin ? io.stdin : await (await import("./open-input.js")).openInput(file);
  const { readColumn } = await import("../input/read-column.js");
  const column = await readColumn(stream, {
    sourceName: name,
    header: options.header ?? "auto",
    delimiter: options.delimiter,
    skipInvalid: options.skipInvalid === true,
    ...(options.column === undefined ? {} : { column: options.column }),
  });
  return {
    values: column.values,
    summary: {
      source: fromStdin ? "stdin" : "file",
      name,
      column: { name: column.name, index: column.index },
      skipped: column.skipped,
      ...(column.firstSkipped ? { firstSkipped: column.firstSkipped } : {}),
    },
  };
}

function sourceLabel(data: DataSummary): string {
  return data.source === "generated" ? "generated data" : data.name;
}

function emptyHint(data: DataSummary, n: number): string {
  if (n > 0 || data.source === "generated") return "";
  if (data.skipped > 0) return ` (all ${data.skipped} values were invalid and skipped)`;
  if (data.column.name !== undefined) return " (there is a header line but no data rows)";
  return data.source === "stdin"
    ? " (nothing was piped in; to generate data instead, pass --n, --loc or --scale)"
    : " (the file has no data rows)";
}
