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
