import type { NormalFit } from "../fit/fit-normal.js";
import type { NormalInference } from "../inference/infer.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";

/** Everything a report shows about one run: the fit, where the data came from, how it was fitted. */
export interface RunSummary {
  fit: NormalFit;
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
  | { source: "generated"; seed: number; truth: { loc: number; scale: number } }
  | {
      source: "stdin" | "file";
      name: string;
      column: { name: string | undefined; index: number };
      skipped: number;
      firstSkipped?: { line: number; field: string };
    };

export const EXACT_MLE_METHOD = "mean, and standard deviation with divisor n";
