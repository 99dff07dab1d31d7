import { uniformStream } from "../data/random.js";
import { expressionFamily } from "../distributions/expression/family.js";
import { checkMustFix, fixParameters } from "../distributions/fixed.js";
import {
  AUTO_FAMILIES,
  acceptingFamilies,
  comparable,
  FAMILIES,
  familyByName,
} from "../distributions/index.js";
import { checkSupport } from "../distributions/support.js";
import type { EngineName } from "../engine/engine-name.js";
import { DataError, UsageError } from "../errors.js";
import { fitFamily } from "../fit/fit.js";
import type { BootstrapMethod } from "../inference/bootstrap.js";
import { checkSomeFitted, compareFamilies } from "../inference/compare.js";
import { GOF_SAMPLE } from "../inference/gof.js";
import type { CiMethod } from "../inference/infer.js";
import { censoredFamily } from "../likelihood/censored-family.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";
import { type ComparisonReport, comparisonReport } from "../report/compare.js";
import { type FitReport, fitReport } from "../report/json.js";
import { fromBounds, fromEvents } from "../stats/censoring.js";
import { weighted } from "../stats/weights.js";
import {
  DEFAULTS,
  defaultEpochs,
  type FitRequest,
  inferStage,
  sgdOptions,
  summarize,
} from "./request.js";

/** The options of `fit`: the command line's flags, in camelCase. */
export interface FitLibraryOptions {
  /** A family's name (R's and scipy's names too), "auto", or a list of names. Default "normal". */
  dist?: string | readonly string[];
  /** Seed of the shuffles and of every random step (default: drawn, and reported). */
  seed?: number;
  /** The blog post's algorithm exactly: raw parameters starting at 1. */
  literal?: boolean;
  /** Starting values by parameter name. */
  init?: Readonly<Record<string, number>>;
  /**
   * Frequency weights, one per value (non-negative, finite): the log-likelihood is Σ w log f, the
   * fit equals that of the data repeated w times, and BIC's n is Σ w.
   */
  weights?: ArrayLike<number>;
  /**
   * Censored data as survival's Surv(time, event): with the data as the times, 1 for an
   * observed time and 0 for one right-censored (the event came later). For fitdistcens's bounds,
   * pass `{ left, right }` as the data instead.
   */
  event?: ArrayLike<number>;
  /** Parameters held at these values while the others are fitted (R's fix.arg), by name. */
  fix?: Readonly<Record<string, number>>;
  lr?: number;
  batchSize?: number;
  /** A count of passes, or "auto" (the default): until the stopping rule says converged. */
  epochs?: number | "auto";
  optimizer?: OptimizerName;
  schedule?: ScheduleName;
  average?: boolean;
  engine?: EngineName;
  /** Confidence level of the intervals (default 0.95). */
  level?: number;
  /** The exact MLE's intervals: "wald" (default) or "profile" (the profile likelihood's). */
  ci?: CiMethod;
  /**
   * Percentile intervals from this many bootstrap refits; 0 for none, not even the 200 that a
   * non-regular fit (an end of the support among the parameters) runs unasked.
   */
  bootstrap?: number;
  bootstrapMethod?: BootstrapMethod;
  /** Goodness-of-fit p-values from this many parametric bootstrap samples. */
  gofBootstrap?: number;
  /**
   * Your own log-density of x instead of a family (`--logpdf`), such as
   * "log(k) - log(s) + (k - 1) * log(x / s) - (x / s)^k", or a log-mass function of counts
   * (`logpmf`); its parameters and starts, in order, in `start`.
   */
  logpdf?: string;
  logpmf?: string;
  start?: Readonly<Record<string, number>>;
  /** Parameters of `logpdf` that stay above 0. */
  positive?: readonly string[];
  /** Parameters of `logpdf` inside an open interval, by name: { p: [0, 1] }. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
}

type Comparing = FitLibraryOptions & { dist: "auto" | readonly string[] };

/**
 * Fits a family to the data, as `mle-fit --json` does, and returns the same object: the SGD
 * estimate beside the exact MLE, standard errors, intervals, AIC/BIC and goodness of fit. With
 * `dist: "auto"` or a list of names, compares the families by AIC instead, as
 * `mle-fit --dist auto --json` does. The data are checked as the command line checks them: a
 * value that is not finite, or outside the family's support, throws a DataError.
 *
 * @example
 * import { fit } from "mle-fit";
 * const result = fit([2.1, 3.5, 1.2, 4.8, 2.9], { dist: "gamma", seed: 1 });
 * result.exact_mle.params.shape; // the exact MLE of the shape
 */
export function fit(data: ArrayLike<number>, options: Comparing): ComparisonReport;
export function fit(
  data: ArrayLike<number> | CensoredBounds,
  options?: FitLibraryOptions,
): FitReport;
export function fit(
  data: ArrayLike<number> | CensoredBounds,
  options: FitLibraryOptions = {},
): FitReport | ComparisonReport {
  if (isBounds(data) || options.event !== undefined) return fitCensored(data, options);
  const values = finiteValues(data);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const { dist = "normal" } = options;
  if (dist === "auto" || typeof dist !== "string") {
    checkComparisonOptions(options);
    if (dist !== "auto" && dist.length === 0) {
      throw new UsageError('dist: an empty list of families (give names, or "auto")');
    }
    const named = dist === "auto" ? AUTO_FAMILIES : dist.map(familyNamed);
    const families = comparable(FAMILIES.filter((f) => named.includes(f)));
    const comparison = compareFamilies(
      families,
      values,
      options.engine ?? DEFAULTS.engine,
      { size: GOF_SAMPLE, uniform: uniformStream(seed, "gof-sample") },
      options.bootstrap === undefined
        ? undefined
        : { samples: options.bootstrap, uniform: uniformStream(seed, "cullen-frey") },
    );
    checkSomeFitted(comparison, values);
    return comparisonReport(comparison, { n: values.length, data: { source: "array" } });
  }
  const named = (options.logpdf ?? options.logpmf) ? expressionModel(options) : familyNamed(dist);
  checkSupport(named, values, acceptingFamilies);
  if (options.weights !== undefined) {
    if (options.bootstrap !== undefined || options.gofBootstrap !== undefined) {
      throw new UsageError("weights: the bootstraps do not take weights yet");
    }
    weighted(values, checkedWeights(options.weights, values.length));
  }
  checkMustFix(named, options.fix);
  const family = options.fix === undefined ? named : fixParameters(named, options.fix);
  const request = fitRequest(family, seed, options);
  // `values` is fit's own copy of the caller's data: the epochs may shuffle it in place.
  const sgd = fitFamily(family, values, { ...sgdOptions(request), reorderData: true });
  const inference = inferStage(values, sgd, request);
  return fitReport(summarize(sgd, inference, { source: "array" }, request));
}

/**
 * Censored data as fitdistcens takes them: each row's lower and upper bound, null (or NaN) for
 * none; equal bounds are an exact value.
 */
export interface CensoredBounds {
  left: ArrayLike<number | null>;
  right: ArrayLike<number | null>;
}

function isBounds(data: ArrayLike<number> | CensoredBounds): data is CensoredBounds {
  return typeof data === "object" && data !== null && "left" in data && "right" in data;
}

/** One family's fit of censored rows (no comparisons, bootstraps or --skip-invalid yet). */
function fitCensored(data: ArrayLike<number> | CensoredBounds, options: FitLibraryOptions) {
  const { dist = "normal" } = options;
  if (typeof dist !== "string" || dist === "auto") {
    throw new UsageError("censored data: one family at a time (no comparisons yet)");
  }
  if (options.bootstrap !== undefined || options.gofBootstrap !== undefined) {
    throw new UsageError("censored data: the bootstraps do not take censored rows yet");
  }
  const asNumbers = (column: ArrayLike<number | null>) =>
    Float64Array.from(Array.from(column, (v) => (v === null ? Number.NaN : v)));
  let made: ReturnType<typeof fromBounds>;
  if (isBounds(data)) {
    if (options.event !== undefined) {
      throw new UsageError("event: give the times as the data, not { left, right }");
    }
    const left = asNumbers(data.left);
    const right = asNumbers(data.right);
    if (left.length !== right.length) {
      throw new UsageError(`left and right: ${left.length} and ${right.length} bounds`);
    }
    made = fromBounds(left, right);
  } else {
    const times = finiteValues(data);
    const events = Float64Array.from(options.event ?? []);
    if (events.length !== times.length) {
      throw new UsageError(`event: ${events.length} events for ${times.length} times`);
    }
    made = fromEvents(times, events);
  }
  if (!("values" in made)) throw new DataError(`row ${made.row + 1}: ${made.problem}`);
  const values = made.values;
  if (options.weights !== undefined)
    weighted(values, checkedWeights(options.weights, values.length));
  const named = familyNamed(dist);
  const fixed = options.fix === undefined ? named : fixParameters(named, options.fix);
  const family = censoredFamily(fixed);
  checkSupport(family, values);
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 32);
  const request = fitRequest(family, seed, options);
  const sgd = fitFamily(family, values, { ...sgdOptions(request), reorderData: true });
  const inference = inferStage(values, sgd, request);
  return fitReport(summarize(sgd, inference, { source: "array" }, request));
}

/** The family of `logpdf` or `logpmf` (distributions/expression/). */
function expressionModel(options: FitLibraryOptions) {
  if (
    options.dist !== undefined ||
    (options.logpdf !== undefined && options.logpmf !== undefined)
  ) {
    throw new UsageError("give one model: dist, logpdf or logpmf");
  }
  return expressionFamily(
    {
      text: (options.logpdf ?? options.logpmf) as string,
      mass: options.logpdf !== undefined ? "pdf" : "pmf",
      start: Object.entries(options.start ?? {}),
      ...(options.positive ? { positive: options.positive } : {}),
      ...(options.bounds ? { bounds: options.bounds } : {}),
    },
    FAMILIES,
  );
}

function familyNamed(name: string) {
  const family = familyByName(name);
  if (family === undefined) {
    throw new UsageError(
      `dist ${JSON.stringify(name)}: no such family (known: ${FAMILIES.map((f) => f.name).join(", ")}, or auto)`,
    );
  }
  return family;
}

/** Frequency weights: one per value, each finite and at least 0, and some above 0. */
export function checkedWeights(weights: ArrayLike<number>, n: number): Float64Array {
  const checked = Float64Array.from(weights);
  if (checked.length !== n) {
    throw new UsageError(`weights: ${checked.length} weights for ${n} values`);
  }
  checked.forEach((w, i) => {
    if (!(Number.isFinite(w) && w >= 0)) {
      throw new DataError(`weights[${i}]: ${w} is not a weight (a finite number, 0 or more)`);
    }
  });
  if (!checked.some((w) => w > 0)) throw new DataError("weights: every weight is 0");
  return checked;
}

/** The data as doubles, every one finite. */
function finiteValues(data: ArrayLike<number>): Float64Array {
  const values = Float64Array.from(data);
  values.forEach((value, i) => {
    if (!Number.isFinite(value)) {
      throw new DataError(`data[${i}]: ${value} is not a finite number`);
    }
  });
  return values;
}

function fitRequest(
  family: FitRequest["family"],
  seed: number,
  options: FitLibraryOptions,
): FitRequest {
  const request: FitRequest = {
    family,
    seed,
    literal: options.literal === true,
    ...(options.init === undefined ? {} : { init: options.init }),
    lr: options.lr ?? DEFAULTS.lr,
    batchSize: options.batchSize ?? DEFAULTS.batchSize,
    epochs: options.epochs ?? defaultEpochs(options.literal === true),
    optimizer: options.optimizer ?? DEFAULTS.optimizer,
    schedule: options.schedule ?? DEFAULTS.schedule,
    average: options.average === true,
    engine: options.engine ?? DEFAULTS.engine,
    level: options.level ?? DEFAULTS.level,
    ci: options.ci ?? DEFAULTS.ci,
    ...(options.bootstrap === undefined ? {} : { bootstrap: options.bootstrap }),
    bootstrapMethod: options.bootstrapMethod ?? DEFAULTS.bootstrapMethod,
    ...(options.gofBootstrap === undefined ? {} : { gofBootstrap: options.gofBootstrap }),
  };
  checkRequest(request);
  return request;
}

/** The same limits as the command line's flags, in the same words. */
function checkRequest(request: FitRequest): void {
  const positive = { lr: request.lr };
  const counts = {
    batchSize: request.batchSize,
    ...(request.epochs === "auto" ? {} : { epochs: request.epochs }),
  };
  for (const [name, value] of Object.entries(positive)) {
    if (!(value > 0 && Number.isFinite(value))) {
      throw new UsageError(`${name} ${value}: must be a positive number`);
    }
  }
  for (const [name, value] of Object.entries(counts)) {
    if (!(Number.isInteger(value) && value > 0)) {
      throw new UsageError(
        `${name} ${value}: must be a positive whole number${name === "epochs" ? ', or "auto"' : ""}`,
      );
    }
  }
  if (!(request.level > 0 && request.level < 1)) {
    throw new UsageError(`level ${request.level}: must be between 0 and 1`);
  }
  for (const name of Object.keys(request.init ?? {})) {
    if (!request.family.params.includes(name)) {
      throw new UsageError(
        `init ${name}: ${request.family.name} has no parameter ${JSON.stringify(name)} (its parameters: ${request.family.params.join(", ")})`,
      );
    }
  }
}

/** Options of one family's fit, which a comparison (exact fits only) has no use for. */
const FIT_ONLY = [
  "fix",
  "weights",
  "literal",
  "init",
  "lr",
  "batchSize",
  "epochs",
  "optimizer",
  "schedule",
  "average",
  "level",
  "ci",
  "bootstrapMethod",
  "gofBootstrap",
] as const;

/**
 * As the command line refuses one fit's flags with --dist auto, so does the library; bootstrap
 * there is the Cullen and Frey summary's cloud of resamples (descdist's boot).
 */
function checkComparisonOptions(options: FitLibraryOptions): void {
  for (const name of FIT_ONLY) {
    if (options[name] !== undefined) {
      throw new UsageError(
        `${name} applies to one family's fit; a comparison (dist "auto" or a list) has exact fits only`,
      );
    }
  }
}
