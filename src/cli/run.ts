import { uniformStream } from "../data/random.js";
import { familyDensity } from "../distributions/family.js";
import type { FamilyName } from "../distributions/names.js";
import { normal, normalDistribution } from "../distributions/normal.js";
import { DataError, FitError, InterruptedError, type UserError } from "../errors.js";
import type { FamilyFit } from "../fit/fit-family.js";
import { fitNormalUntil, type NormalFit } from "../fit/fit-normal.js";
import type { EngineName } from "../fit/objective.js";
import type { StepCallback } from "../fit/sgd-fit.js";
import type { BootstrapMethod } from "../inference/bootstrap.js";
import { type Draw, inferFamily, inferNormal, type NormalInference } from "../inference/infer.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";
import { pathRecorder } from "../report/figure/path.js";
import { formatJson } from "../report/json.js";
import type { Curve } from "../report/plot.js";
import {
  byName,
  type DataSummary,
  EXACT_MLE_METHOD,
  type FitSummary,
  type RunSummary,
  type Timing,
} from "../report/summary.js";
import { formatText } from "../report/text.js";
import type { FigureFile } from "./figure-file.js";
import type { Io } from "./io.js";
import {
  chosenFamily,
  comparing,
  describeSource,
  emptyHint,
  figureTitle,
  loadData,
  sourceLabel,
} from "./load-data.js";
import { startProgress, wantsProgress } from "./progress.js";
import { plot } from "./terminal-plot.js";
import { openTrace } from "./trace.js";

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
  optimizer: OptimizerName;
  schedule: ScheduleName;
  average?: boolean;
  initLoc?: number;
  initScale?: number;
  literal?: boolean;
  engine: EngineName;
  level: number;
  bootstrap?: number;
  bootstrapMethod: BootstrapMethod;
  gofBootstrap?: number;
  maxGapSe?: number;
  trace?: string;
  plot?: boolean;
  plotFile?: string;
  /** --dist: the family to fit (default the Normal); auto, or a list: compare families. */
  dist?: FamilyName | "auto" | FamilyName[];
  /** --param name=value, for generating data from a family. */
  param?: Record<string, number>;
  bins: number;
  ascii?: boolean;
  json?: boolean;
  quiet?: boolean;
  timing: boolean;
}

/** What a run prints: the report for stdout, warnings for stderr, and a failure to exit with. */
export interface RunResult {
  stdout: string;
  warnings: string[];
  /** Set when the report is printed but the run still fails (--max-gap-se). */
  failure?: UserError;
}

/**
 * Goodness of fit runs on at most this many values, a seeded random sample above it: sorting is
 * n log n, and at this size any real deviation from the Normal already shows.
 */
export const GOF_SAMPLE = 200_000;

/** Options that bring SGD within 0.1 standard errors of the exact MLE (README, tested). */
export const CLOSE_FIT_RECIPE =
  "--optimizer adam --lr 0.02 --schedule inverse --average --epochs 100";

/** Reads or generates the data, fits it, infers, and returns what to print. */
export async function run(
  file: string | undefined,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const started = io.now();
  // The Web Crypto global loads on first use: runs with --seed never pay for it.
  const seed = options.seed ?? (crypto.getRandomValues(new Uint32Array(1))[0] as number);
  const readStarted = io.now();
  if (options.dist !== undefined && options.dist !== "normal") {
    (await import("./family-options.js")).checkFamilyFlags(
      comparing(options) ? "auto" : await chosenFamily(options),
      options,
    );
  }
  const { values, summary: data, firstOutside } = await loadData(file, options, seed, io);
  const readSeconds = (io.now() - readStarted) / 1000;
  if (firstOutside !== undefined && data.source !== "generated") {
    throw (await import("./family-options.js")).supportError(
      await chosenFamily(options),
      data.name,
      firstOutside,
      values,
    );
  }
  if (comparing(options)) {
    return (await import("./compare-families.js")).compare(values, data, seed, options, io);
  }
  const trace =
    options.trace === undefined
      ? undefined
      : openTrace(options.trace, (await chosenFamily(options)).params);
  const figure =
    options.plotFile === undefined
      ? undefined
      : {
          file: (await import("./figure-file.js")).openFigureFile(options.plotFile),
          path: recordPath(values, options),
        };
  try {
    return await fitAndReport({ values, data, seed, started, readSeconds }, options, io, {
      trace,
      figure,
    });
  } finally {
    figure?.file.discard();
  }
}

/** The data read, and the clock and seed of the run that read it. */
interface Loaded {
  values: Float64Array;
  data: DataSummary;
  seed: number;
  started: number;
  readSeconds: number;
}

/** Files written beside the report: --trace as the fit runs, --plot-file after it. */
interface SideOutputs {
  trace: ReturnType<typeof openTrace> | undefined;
  figure: { file: FigureFile; path: ReturnType<typeof pathRecorder> } | undefined;
}

async function fitAndReport(
  { values, data, seed, started, readSeconds }: Loaded,
  options: CliOptions,
  io: Io,
  { trace, figure }: SideOutputs,
): Promise<RunResult> {
  const family = await chosenFamily(options);
  let fit: NormalFit | FamilyFit;
  const fitStarted = io.now();
  const interrupts = io.watchInterrupts();
  const progress = wantsProgress({
    stream: io.progressStream,
    ci: io.ci,
    json: options.json === true,
    quiet: options.quiet === true,
    samples: options.epochs * values.length,
    engine: options.engine,
  })
    ? await startProgress(
        io.progressStream as NodeJS.WriteStream,
        io.progressColor,
        io.now,
        family.params,
      )
    : undefined;
  const settings = {
    engine: options.engine,
    literal: options.literal === true,
    lr: options.lr,
    batchSize: options.batchSize,
    epochs: options.epochs,
    optimizer: options.optimizer,
    schedule: options.schedule,
    average: options.average === true,
    uniform: uniformStream(seed, "shuffle"),
    ...stepCallback(trace, figure?.path),
  };
  try {
    fit =
      family === normal
        ? await fitNormalUntil(
            values,
            {
              ...settings,
              ...(options.initLoc === undefined ? {} : { initLoc: options.initLoc }),
              ...(options.initScale === undefined ? {} : { initScale: options.initScale }),
            },
            interrupts.signal,
            progress?.update,
          )
        : await (await import("../fit/fit-family.js")).fitFamilyUntil(
            family,
            values,
            settings,
            interrupts.signal,
            progress?.update,
          );
  } catch (error) {
    if (error instanceof DataError) {
      throw new DataError(
        `${sourceLabel(data)}: ${error.message}${emptyHint(data, values.length)}`,
      );
    }
    throw error;
  } finally {
    progress?.stop();
    interrupts.dispose();
    trace?.close();
  }
  const fitSeconds = (io.now() - fitStarted) / 1000;

  const gofSample = { size: GOF_SAMPLE, uniform: uniformStream(seed, "gof-sample") };
  const inference =
    "family" in fit
      ? inferFamily(values, fit, {
          level: options.level,
          engine: options.engine,
          gofSample,
          ...(options.bootstrap === undefined
            ? {}
            : {
                bootstrap: {
                  replicates: options.bootstrap,
                  method: options.bootstrapMethod,
                  uniform: uniformStream(seed, "bootstrap"),
                },
              }),
          ...(options.gofBootstrap === undefined
            ? {}
            : {
                gofBootstrap: {
                  replicates: options.gofBootstrap,
                  uniform: uniformStream(seed, "gof-bootstrap"),
                },
              }),
        })
      : inferNormal(values, fit, {
          level: options.level,
          engine: options.engine,
          gofSample,
          ...(await resampling(options, seed)),
        });
  const fitSummary = "family" in fit ? familySummary(fit) : normalSummary(fit);
  const summary: RunSummary = {
    family,
    fit: fitSummary,
    inference,
    data,
    optimizer: {
      name: options.optimizer,
      schedule: options.schedule,
      average: options.average === true,
      lr: options.lr,
      batchSize: options.batchSize,
      epochs: options.epochs,
      seed,
    },
    ...(options.timing
      ? { timing: timing(started, readSeconds, fitSeconds, options.epochs * values.length, io) }
      : {}),
  };
  if (figure !== undefined && "family" in fit) {
    const { familySurface, writeFamiliesFigure } = await import("./figure-file.js");
    await writeFamiliesFigure(
      {
        file: figure.file,
        title: `${fit.family.title} fit to ${fit.n.toLocaleString("en-US")} values (${describeSource(data)})`,
        bins: options.bins,
        sampleSize: GOF_SAMPLE,
        uniform: uniformStream(seed, "figure-sample"),
      },
      values,
      [
        { label: "SGD fit", family: fit.family, params: fit.params },
        { label: "exact MLE", family: fit.family, params: fit.exact.params },
      ],
      familySurface(
        fit.family,
        values,
        { params: fit.params, exact: fit.exact.params, se: inference.exact.wald?.se },
        figure.path.points({ loc: fit.start[0] as number, scale: fit.start[1] as number }),
        uniformStream(seed, "figure-surface"),
      ),
    );
  } else if (figure !== undefined && !("family" in fit)) {
    const { writeFigureFile } = await import("./figure-file.js");
    await writeFigureFile(
      {
        file: figure.file,
        title: figureTitle(data, fit.n),
        bins: options.bins,
        sampleSize: GOF_SAMPLE,
        uniform: uniformStream(seed, "figure-sample"),
      },
      values,
      fit,
      inference,
      figure.path.points(fit.start),
    );
  }
  const stdout = options.quiet
    ? `${family.params.map((name) => fitSummary.params[name]).join(",")}\n`
    : options.json
      ? formatJson(summary)
      : formatText(summary) +
        (options.plot ? `\n${plot(values, fitCurves(fit), options, io)}` : "");
  if (fit.interrupted) {
    const { epoch, step } = fit.interrupted;
    const message = `interrupted at epoch ${epoch}, step ${step}: the report above is the estimate so far`;
    return { stdout, warnings: [], failure: new InterruptedError(message) };
  }
  return { stdout, ...checkGap(inference, options.maxGapSe, family.params) };
}

function normalSummary(fit: NormalFit): FitSummary {
  return { ...fit, exactMethod: EXACT_MLE_METHOD };
}

function familySummary(fit: FamilyFit): FitSummary {
  const names = fit.family.params;
  return {
    n: fit.n,
    params: byName(names, fit.params),
    exact: byName(names, fit.exact.params),
    exactMethod: fit.exact.method,
    ...(fit.family.closedForm ? {} : { exactRelativeGradient: fit.exact.relativeGradient }),
    start: byName(names, fit.start),
    mode: fit.mode,
    engine: fit.engine,
    steps: fit.steps,
    ...(fit.interrupted ? { interrupted: fit.interrupted } : {}),
  };
}

/**
 * The SGD path for --plot-file, thinned to at most PATH_POINTS points; its first point, the start,
 * is known only once the fit has begun, so the caller adds it at the end.
 */
function recordPath(values: Float64Array, options: CliOptions) {
  const totalSteps = options.epochs * Math.ceil(values.length / options.batchSize);
  return pathRecorder(totalSteps);
}

/** --trace and --plot-file both listen to every step. */
function stepCallback(
  trace: { onStep: StepCallback } | undefined,
  path: { onStep: StepCallback } | undefined,
): { onStep?: StepCallback } {
  if (trace === undefined) return path === undefined ? {} : { onStep: path.onStep };
  if (path === undefined) return { onStep: trace.onStep };
  return {
    onStep: (...step) => {
      trace.onStep(...step);
      path.onStep(...step);
    },
  };
}

/** The SGD fit ('*') and the exact MLE ('o') as curves for --plot. */
function fitCurves(fit: NormalFit | FamilyFit): Curve[] {
  const [sgd, exact] =
    "family" in fit
      ? [familyDensity(fit.family, fit.params), familyDensity(fit.family, fit.exact.params)]
      : [
          normalDistribution(fit.params.loc, fit.params.scale).pdf,
          normalDistribution(fit.exact.loc, fit.exact.scale).pdf,
        ];
  return [
    { label: "SGD fit", density: sgd, marker: "*", colorCode: 33 },
    { label: "exact MLE", density: exact, marker: "o", colorCode: 32 },
  ];
}

/** The bootstrap's generators, on their own seeded streams, loaded only when asked for. */
async function resampling(options: CliOptions, seed: number) {
  if (options.bootstrap === undefined && options.gofBootstrap === undefined) return {};
  const { generateNormal } = await import("../data/generate.js");
  const drawFrom =
    (uniform: () => number): Draw =>
    (n, loc, scale) =>
      generateNormal(n, loc, scale, uniform);
  const bootstrapUniform = uniformStream(seed, "bootstrap");
  return {
    ...(options.gofBootstrap === undefined
      ? {}
      : {
          gofBootstrap: {
            replicates: options.gofBootstrap,
            draw: drawFrom(uniformStream(seed, "gof-bootstrap")),
          },
        }),
    ...(options.bootstrap === undefined
      ? {}
      : {
          bootstrap: {
            replicates: options.bootstrap,
            method: options.bootstrapMethod,
            draw: drawFrom(bootstrapUniform),
            uniform: bootstrapUniform,
          },
        }),
  };
}

/** The parameter farthest from the exact MLE, in standard errors. */
function largestGap(
  inference: NormalInference,
  names: readonly string[],
): { name: string; gap: number } | undefined {
  if (inference.gapSe === undefined) return undefined;
  let largest = { name: names[0] as string, gap: inference.gapSe[0] as number };
  inference.gapSe.forEach((gap, j) => {
    if (Math.abs(gap) > Math.abs(largest.gap)) largest = { name: names[j] as string, gap };
  });
  return largest;
}

/**
 * A gap above 1 standard error is a warning; with --max-gap-se X, a gap above X is a failure
 * (exit 3, after the report) and below it nothing is said: the caller chose the tolerance.
 */
function checkGap(
  inference: NormalInference,
  maxGapSe: number | undefined,
  names: readonly string[],
): Pick<RunResult, "warnings" | "failure"> {
  const largest = largestGap(inference, names);
  if (largest === undefined || Math.abs(largest.gap) <= (maxGapSe ?? 1)) return { warnings: [] };
  const what = `the SGD estimate of ${largest.name} is ${Math.abs(largest.gap).toFixed(2)} standard errors from the exact MLE`;
  if (maxGapSe === undefined) {
    return { warnings: [`warning: ${what}; for a closer estimate try ${CLOSE_FIT_RECIPE}`] };
  }
  return {
    warnings: [],
    failure: new FitError(`${what}, more than --max-gap-se ${maxGapSe}; try ${CLOSE_FIT_RECIPE}`),
  };
}

function timing(
  started: number,
  readSeconds: number,
  fitSeconds: number,
  samples: number,
  io: Io,
): Timing {
  return {
    elapsedSeconds: (io.now() - started) / 1000,
    readSeconds,
    fitSeconds,
    // A fit too fast for the clock has no measurable rate.
    samplesPerSecond: fitSeconds > 0 ? samples / fitSeconds : null,
  };
}
