import type { Family } from "../distributions/family.js";
import type { Fit } from "../fit/fit.js";
import type { Inference } from "../inference/infer.js";
import type { OptimizerName, ScheduleName } from "../optim/optimizer.js";

/** Everything a report shows about one run: the fit, where the data came from, how it was fitted. */
export interface RunSummary {
  fit: Fit;
  inference: Inference;
  data: DataSummary;
  optimizer: {
    name: OptimizerName;
    schedule: ScheduleName;
    average: boolean;
    lr: number;
    batchSize: number;
    epochs: number | "auto";
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
  /** The minibatch SGD loop's own time (its shuffles and steps), within fitSeconds. */
  sgdSeconds: number;
  /** Samples through the SGD loop per second of its own time; null when unmeasurable. */
  samplesPerSecond: number | null;
  /** Data in a database: the exact MLE's own time (its queries and Newton's method). */
  exactSeconds?: number;
}

export type DataSummary =
  | { source: "generated"; family: Family; seed: number; truth: Record<string, number> }
  /** Values passed to the library's `fit`. */
  | { source: "array" }
  /** Rows left in a database (--sql, --db, a Parquet file): fitted from its sums. */
  | {
      source: "database";
      engine: "duckdb" | "postgresql";
      name: string;
      column: { name: string | undefined; index: number };
      /** Rows left out with --skip-invalid (NULL, NaN, ±∞). */
      skipped: number;
      /** Queries run: the check, the sample, the sums and the scans. */
      queries: number;
    }
  | {
      source: "stdin" | "file";
      name: string;
      column: { name: string | undefined; index: number };
      skipped: number;
      firstSkipped?: { line: number; field: string };
      /** Censored rows: the columns of their bounds (--left, --right) or times and events. */
      censored?: { left: string; right: string } | { time: string; event: string };
    };
