import { type FitRequest, inferStage, sgdOptions, summarize } from "../api/request.js";
import { type Family, familyDensity } from "../distributions/family.js";
import { InterruptedError, UsageError, type UserError } from "../errors.js";
import { type Fit, fitFamilyUntil } from "../fit/fit.js";
import { formatJson } from "../report/json.js";
import type { Curve } from "../report/plot.js";
import type { RunSummary, Timing } from "../report/summary.js";
import { formatText } from "../report/text.js";
import { checkGap } from "./gap.js";
import { checkIgnoredFlags } from "./ignored-flags.js";
import type { Io } from "./io.js";
import { chosenFamily, comparing, type Loaded, loadData, withSource } from "./load-data.js";
import { type CliOptions, expectedEpochs, fitSettingsOf, manyFits } from "./options.js";
import { startProgress, wantsProgress } from "./progress.js";
import { openSideOutputs, type SideOutputs } from "./side-outputs.js";
import { plot } from "./terminal-plot.js";

/** What a run prints: the report for stdout, warnings for stderr, and a failure to exit with. */
export interface RunResult {
  stdout: string;
  warnings: string[];
  /** Set when the report is printed but the run still fails (--max-gap-se, Ctrl-C). */
  failure?: UserError;
}

/** A run's data, with its seed and clock. */
interface Run extends Loaded {
  seed: number;
  started: number;
  readSeconds: number;
}

/** What --weights does not take yet: generated data, many fits, the bootstraps and the plots. */
function checkWeightFlags(options: CliOptions): void {
  const refused: [unknown, string][] = [
    [options.n ?? options.loc ?? options.scale ?? options.param, "generated data (--n, --param)"],
    [
      options.groupBy ?? (manyFits(options) ? true : undefined),
      "many fits (--group-by, --column a,b)",
    ],
    [options.bootstrap ?? options.gofBootstrap, "the bootstraps"],
    [options.plot ?? options.plotFile, "--plot and --plot-file"],
  ];
  for (const [given, what] of refused) {
    if (given !== undefined && given !== false) {
      throw new UsageError(
        `--weights with ${what}: not yet; --weights fits one column of a file or stdin`,
      );
    }
  }
}

/**
 * Censored rows come as --left and --right, or as --column (the time) and --event; they do not yet
 * take generated data, many fits, comparisons, the bootstraps, --skip-invalid or the terminal
 * plot (--plot-file draws the Turnbull estimate against the fitted CDF).
 */
function checkCensorFlags(options: CliOptions): void {
  const bounds = options.left !== undefined || options.right !== undefined;
  if (bounds && options.event !== undefined) {
    throw new UsageError(
      "--left/--right and --event are two ways to give censored data: choose one",
    );
  }
  if (bounds && (options.left === undefined || options.right === undefined)) {
    throw new UsageError(
      "--left and --right go together: the two bounds of each row (an empty or NA bound is no bound)",
    );
  }
  if (bounds && options.column !== undefined) {
    throw new UsageError(
      "--column with --left and --right: the bounds are the data (equal bounds are an exact value)",
    );
  }
  if (options.event !== undefined && options.column === undefined) {
    throw new UsageError("--event needs --column: the column of the times the events belong to");
  }
  const refused: [unknown, string][] = [
    [options.n ?? options.loc ?? options.scale ?? options.param, "generated data (--n, --param)"],
    [options.groupBy, "--group-by"],
    [comparing(options) ? true : undefined, "--dist auto or a list of families"],
    [options.bootstrap ?? options.gofBootstrap, "the bootstraps"],
    [options.skipInvalid, "--skip-invalid (a skipped bound must skip its row)"],
    [options.plot, "--plot (use --plot-file: the Turnbull estimate against the fitted CDF)"],
  ];
  for (const [given, what] of refused) {
    if (given !== undefined && given !== false) {
      throw new UsageError(`censored data with ${what}: not yet`);
    }
  }
}

/** Reads or generates the data, then compares families, or fits one: fit, infer, report. */
export async function run(
  file: string | undefined,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const flagWarnings = checkIgnoredFlags(options, comparing(options));
  const result = await runChecked(file, options, io);
  return { ...result, warnings: [...flagWarnings, ...result.warnings] };
}

async function runChecked(
  file: string | undefined,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const started = io.now();
  // The Web Crypto global loads on first use: runs with --seed never pay for it.
  const seed = options.seed ?? (crypto.getRandomValues(new Uint32Array(1))[0] as number);
  const censoredRows =
    options.left !== undefined || options.right !== undefined || options.event !== undefined;
  if (censoredRows) checkCensorFlags(options);
  else if (options.weights !== undefined) checkWeightFlags(options);
  options = await knownFromParams(options);
  if ((options.dist !== undefined && options.dist !== "normal") || options.fix !== undefined) {
    (await import("./family-options.js")).checkFamilyFlags(
      comparing(options) ? "auto" : await chosenFamily(options),
      options,
    );
  }
  const { databaseRun, runDatabase, runDatabaseComparison } = await import("./database.js");
  if (databaseRun(file, options) && comparing(options)) {
    const { comparedFamilies } = await import("./compare-families.js");
    return runDatabaseComparison(file, comparedFamilies(options), options, seed, io);
  }
  if (databaseRun(file, options)) {
    const family = await chosenFamily(options);
    const fixed =
      options.fix === undefined
        ? family
        : (await import("../distributions/fixed.js")).fixParameters(family, options.fix);
    return runDatabase(file, fixed, options, seed, io);
  }
  if (manyFits(options)) {
    const many = await import("./many-fits.js");
    many.checkManyFlags(options);
    return many.fitMany(file, await chosenFamily(options), options, seed, io);
  }
  if (options.format !== undefined) {
    throw new UsageError(
      "--format is for the table of many fits: add --group-by COL, or --column a,b to fit several",
    );
  }
  const loaded = await loadData(file, options, seed, io);
  const data = { ...loaded, seed, started, readSeconds: (io.now() - started) / 1000 };
  const { firstOutside, summary } = loaded;
  if (firstOutside !== undefined && (summary.source === "file" || summary.source === "stdin")) {
    const { fileSupportError } = await import("./family-options.js");
    const family = await chosenFamily(options);
    throw fileSupportError(family, summary.name, firstOutside, loaded.values);
  }
  if (comparing(options)) {
    if (options.ci === "profile") {
      throw new UsageError(
        "--ci profile applies to one family's fit; a comparison (--dist auto or a list) ranks exact fits by AIC (choose one --dist to use --ci profile)",
      );
    }
    return (await import("./compare-families.js")).compare(loaded, seed, options, io);
  }
  const family = await chosenFamily(options);
  const fixed =
    options.fix === undefined
      ? family
      : (await import("../distributions/fixed.js")).fixParameters(family, options.fix);
  const fitted = censoredRows
    ? (await import("../likelihood/censored-family.js")).censoredFamily(fixed)
    : fixed;
  return fitAndReport(data, fitted, options, io);
}

/**
 * Generated data of a family with a known parameter (the binomial's size): --param gives it,
 * and the fit holds it there, as --fix would.
 */
async function knownFromParams(options: CliOptions): Promise<CliOptions> {
  if (options.param === undefined || typeof options.dist !== "string") return options;
  const family = await chosenFamily(options);
  const known = (family.mustFix ?? []).filter(
    (name) => options.param?.[name] !== undefined && options.fix?.[name] === undefined,
  );
  if (known.length === 0) return options;
  const values = Object.fromEntries(known.map((name) => [name, options.param?.[name] as number]));
  return { ...options, fix: { ...values, ...options.fix } };
}

async function fitAndReport(
  data: Run,
  family: Family,
  options: CliOptions,
  io: Io,
): Promise<RunResult> {
  const request = fitRequest(family, options, data.seed);
  const outputs = await openSideOutputs(options, family, data.values);
  try {
    const { fit, fitSeconds } = await fitStage(data, request, options, io, outputs);
    const inference = inferStage(data.values, fit, request);
    const timing = options.timing ? runTiming(data, fit, fitSeconds, io) : undefined;
    const summary = summarize(fit, inference, data.summary, request, timing);
    await outputs.writeFigure(summary, data.values);
    const result = report(summary, data.values, options, io);
    outputs.commit();
    return result;
  } finally {
    outputs.discard();
  }
}

/** The CLI's options as a fit request: the library's, with the bootstraps. */
function fitRequest(family: Family, options: CliOptions, seed: number): FitRequest {
  return {
    family,
    seed,
    ...fitSettingsOf(options),
    ...(options.bootstrap === undefined ? {} : { bootstrap: options.bootstrap }),
    bootstrapMethod: options.bootstrapMethod,
    ...(options.gofBootstrap === undefined ? {} : { gofBootstrap: options.gofBootstrap }),
  };
}

/** The SGD fit, with Ctrl-C heard, a progress bar on a terminal, and --trace and the path fed. */
async function fitStage(
  data: Run,
  request: FitRequest,
  options: CliOptions,
  io: Io,
  outputs: SideOutputs,
): Promise<{ fit: Fit; fitSeconds: number }> {
  const { values } = data;
  const fitStarted = io.now();
  const interrupts = io.watchInterrupts();
  const progress = wantsProgress({
    stream: io.progressStream,
    ci: io.ci,
    json: options.json === true,
    quiet: options.quiet === true,
    samples: expectedEpochs(options) * values.length,
    engine: options.engine,
  })
    ? await startProgress(
        io.progressStream as NodeJS.WriteStream,
        io.progressColor,
        io.now,
        request.family.params,
      )
    : undefined;
  try {
    const fit = await fitFamilyUntil(
      request.family,
      values,
      // The command owns its data: the epochs may shuffle them in place (no copy of n values).
      { ...sgdOptions(request, outputs.onStep), now: io.now, reorderData: true },
      interrupts.signal,
      progress?.update,
    );
    return { fit, fitSeconds: (io.now() - fitStarted) / 1000 };
  } catch (error) {
    throw withSource(error, data.summary, values.length);
  } finally {
    progress?.stop();
    interrupts.dispose();
  }
}

/** stdout by --quiet, --json or text (with --plot), and what the exit code must say. */
function report(summary: RunSummary, values: Float64Array, options: CliOptions, io: Io): RunResult {
  const { fit } = summary;
  const stdout = options.quiet
    ? `${fit.params.join(",")}\n`
    : options.json
      ? formatJson(summary)
      : formatText(summary) +
        (options.plot ? `\n${plot(values, fitCurves(fit), options, io)}` : "");
  if (fit.interrupted) {
    const { epoch, step } = fit.interrupted;
    const message = `interrupted at epoch ${epoch}, step ${step}: the report above is the estimate so far`;
    return { stdout, warnings: [], failure: new InterruptedError(message) };
  }
  return { stdout, ...checkGap(summary, options.maxGapSe) };
}

/** The SGD fit ('*') and the exact MLE ('o') as curves for --plot. */
function fitCurves(fit: Fit): Curve[] {
  return [
    {
      label: "SGD fit",
      density: familyDensity(fit.family, fit.params),
      marker: "*",
      colorCode: 33,
    },
    {
      label: "exact MLE",
      density: familyDensity(fit.family, fit.exact.params),
      marker: "o",
      colorCode: 32,
    },
  ];
}

/** Wall times of the run, and the SGD loop's rate over the samples it processed. */
function runTiming(data: Run, fit: Fit, fitSeconds: number, io: Io): Timing {
  return {
    elapsedSeconds: (io.now() - data.started) / 1000,
    readSeconds: data.readSeconds,
    fitSeconds,
    sgdSeconds: fit.sgdSeconds,
    // A loop too fast for the clock has no measurable rate.
    samplesPerSecond: fit.sgdSeconds > 0 ? fit.sgdSamples / fit.sgdSeconds : null,
  };
}
