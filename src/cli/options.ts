import { defaultEpochs, type FitRequest } from "../api/request.js";
import type { FamilyName } from "../distributions/names.js";
import type { EngineName } from "../engine/engine-name.js";
import type { BootstrapMethod } from "../inference/bootstrap.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";

/** The command line's options, as commander parses them (program.ts declares each flag). */
export interface CliOptions {
  n?: number;
  loc?: number;
  scale?: number;
  seed?: number;
  /** A name or number; "a,b,c" fits each (many-fits.ts). */
  column?: number | string;
  /** --weights: the column of frequency weights. */
  weights?: number | string;
  /** --left and --right: fitdistcens's bounds (empty or NA: unbounded on that side). */
  left?: number | string;
  right?: number | string;
  /** --event: Surv(time, event)'s event column (1 observed, 0 right-censored); --column is the time. */
  event?: number | string;
  /** --sql: a query whose column (--column, or its first) is the data. */
  sql?: string;
  /** --db: a postgresql:// URL; the data are --sql or --table there. */
  db?: string;
  /** --table: a table (schema.table) of the --db server. */
  table?: string;
  /** --print-sql: print the aggregate queries instead of running them. */
  printSql?: boolean;
  /** --group-by: one fit per value of this column. */
  groupBy?: number | string;
  /** --format: the table of results of many fits. */
  format?: import("../report/results-table.js").ResultFormat;
  header?: boolean;
  /** --delimiter; undefined: from the first line (comma, tab or semicolon), or spaces. */
  delimiter?: string;
  skipInvalid?: boolean;
  batchSize: number;
  lr: number;
  /** --epochs: a count, or "auto"; undefined for the default (run.ts's `epochsOf`). */
  epochs?: number | "auto";
  optimizer: OptimizerName;
  schedule: ScheduleName;
  average?: boolean;
  initLoc?: number;
  initScale?: number;
  literal?: boolean;
  engine: EngineName;
  level: number;
  ci: import("../inference/infer.js").CiMethod;
  bootstrap?: number;
  bootstrapMethod: BootstrapMethod;
  gofBootstrap?: number;
  maxGapSe?: number;
  trace?: string;
  plot?: boolean;
  plotFile?: string;
  /** --dist: the family to fit (default the Normal); auto, or a list: compare families. */
  dist?: FamilyName | "auto" | FamilyName[];
  /** --mixture K: a mixture of K Normals (with --dist auto: added to the comparison). */
  mixture?: number;
  /** --logpdf / --logpmf: a user's log-density or log-mass function of x (expression/). */
  logpdf?: string;
  logpmf?: string;
  /** --start name=value,...: the expression's parameters, in order, and their starts. */
  start?: [string, number][];
  /** --positive a,b: parameters above 0. */
  positive?: string[];
  /** --bounds a=0:1: parameters inside an open interval. */
  bounds?: Record<string, [number, number]>;
  /** --fix name=value: parameters held at values while the others are fitted. */
  fix?: Record<string, number>;
  /** --param name=value, for generating data from a family. */
  param?: Record<string, number>;
  bins: number;
  ascii?: boolean;
  json?: boolean;
  quiet?: boolean;
  timing: boolean;
  /** The option keys given on the command line (not defaults): set by program.ts. */
  fromCommandLine?: readonly string[];
}

/** --epochs as given, or its default: "auto", or the post's 2 with --literal. */
export function epochsOf(options: CliOptions): number | "auto" {
  return options.epochs ?? defaultEpochs(options.literal === true);
}

/**
 * Passes over the data a fit will take, for sizing a progress bar or the figure's path before it
 * runs: --epochs auto is one minibatch epoch and, typically, a few full-batch steps.
 */
export function expectedEpochs(options: CliOptions): number {
  const epochs = epochsOf(options);
  return epochs === "auto" ? 4 : epochs;
}

/** --group-by, or several --column: many fits in one run, a table of results (many-fits.ts). */
export function manyFits(options: CliOptions): boolean {
  return options.groupBy !== undefined || columnsOf(options).length > 1;
}

/** --column a,b,c as a list of names or numbers. */
export function columnsOf(options: CliOptions): (number | string)[] {
  const { column } = options;
  if (column === undefined) return [];
  if (typeof column === "number") return [column];
  return column.split(",").map((c) => (/^\d+$/.test(c.trim()) ? Number(c) : c.trim()));
}

/** The flags of how one family is fitted, as the library's settings (one fit, or each of many). */
export function fitSettingsOf(
  options: CliOptions,
): Pick<
  FitRequest,
  | "literal"
  | "init"
  | "lr"
  | "batchSize"
  | "epochs"
  | "optimizer"
  | "schedule"
  | "average"
  | "engine"
  | "level"
  | "ci"
> {
  // --init-loc and --init-scale, by name.
  const init = {
    ...(options.initLoc === undefined ? {} : { loc: options.initLoc }),
    ...(options.initScale === undefined ? {} : { scale: options.initScale }),
  };
  return {
    literal: options.literal === true,
    ...(Object.keys(init).length > 0 ? { init } : {}),
    lr: options.lr,
    batchSize: options.batchSize,
    epochs: epochsOf(options),
    optimizer: options.optimizer,
    schedule: options.schedule,
    average: options.average === true,
    engine: options.engine,
    level: options.level,
    ci: options.ci,
  };
}
