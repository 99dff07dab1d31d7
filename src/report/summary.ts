import type { NormalFit } from "../fit/fit-normal.js";

/** Everything a report shows about one run: the fit, where the data came from, how it was fitted. */
export interface RunSummary {
  fit: NormalFit;
  data: DataSummary;
  optimizer: { lr: number; batchSize: number; epochs: number; seed: number };
  /** Wall time of reading and fitting, in seconds, for the text report; absent with --no-timing. */
  elapsedSeconds?: number;
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
