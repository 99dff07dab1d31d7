import type { Family } from "../distributions/family.js";
import type { EngineName } from "../fit/objective.js";
import type { NormalInference } from "../inference/infer.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";

/** Everything a report shows about one run: the fit, where the data came from, how it was fitted. */
export interface RunSummary {
  family: Family;
  fit: FitSummary;
  inference: NormalInference;
  data: DataSummary;
  optimizer: {
    name: OptimizerName;
    schedule: ScheduleName;
    average: boolean;
    lr: number;
    batchSize: number;
    epochs: number;
    seed: number;
  };
  /** Absent with --no-timing. */
  timing?: Timing;
}

/** A fit of any family, for the reports: parameters by name. */
export interface FitSummary {
  n: number;
  /** The SGD estimate. */
  params: Record<string, number>;
  exact: Record<string, number>;
  /** How the exact MLE was found. */
  exactMethod: string;
  /** Newton's relative gradient norm at the exact MLE, for families without a closed form. */
  exactRelativeGradient?: number;
  start: Record<string, number>;
  mode: "literal" | "default";
  engine: EngineName;
  steps: number;
  interrupted?: { epoch: number; step: number };
}

/** Parameter values by name, from a list in the family's order. */
export function byName(
  names: readonly string[],
  values: readonly number[],
): Record<string, number> {
  return Object.fromEntries(names.map((name, j) => [name, values[j] as number]));
}

export interface Timing {
  /** Wall time from the start of the run to the report: reading or generating, and fitting. */
  elapsedSeconds: number;
  /** Wall time of reading the input, or of generating the data. */
  readSeconds: number;
  /** Wall time of the SGD fit alone. */
  fitSeconds: number;
  /** Samples the fit processed (epochs × n) per second of fitSeconds; null when unmeasurable. */
  samplesPerSecond: number | null;
}

export type DataSummary =
  | { source: "generated"; seed: number; truth: Record<string, number> }
  | {
      source: "stdin" | "file";
      name: string;
      column: { name: string | undefined; index: number };
      skipped: number;
      firstSkipped?: { line: number; field: string };
    };

export const EXACT_MLE_METHOD = "mean, and standard deviation with divisor n";
