import { uniformStream } from "../data/random.js";
import type { Family } from "../distributions/family.js";
import type { StepCallback } from "../fit/sgd-fit.js";
import { pathRecorder } from "../report/figure/path.js";
import type { RunSummary } from "../report/summary.js";
import { figureTitle } from "./load-data.js";
import { type CliOptions, epochsOf, expectedEpochs } from "./options.js";
import { openTrace } from "./trace.js";

/** Files written beside the report: --trace as the fit runs, --plot-file after it. */
export interface SideOutputs {
  /** Feeds every SGD step to --trace and to the figure's path. */
  onStep?: StepCallback;
  writeFigure(summary: RunSummary, values: Float64Array): Promise<void>;
  /** Puts the trace in place: the run succeeded (its report is printed). */
  commit(): void;
  /**
   * Removes what was opened but not put in place (the run failed): an existing --trace or
   * --plot-file is left as it was. Nothing, after `commit`.
   */
  discard(): void;
}

/**
 * Opens --trace and --plot-file before the fit, so that a path that cannot be written fails at
 * once (exit 73), not after a long fit.
 */
export async function openSideOutputs(
  options: CliOptions,
  family: Family,
  values: Float64Array,
): Promise<SideOutputs> {
  const trace = options.trace === undefined ? undefined : openTrace(options.trace, family.params);
  const figureModule =
    options.plotFile === undefined ? undefined : await import("./figure-file.js");
  const figure =
    options.plotFile === undefined || figureModule === undefined
      ? undefined
      : {
          module: figureModule,
          file: figureModule.openFigureFile(options.plotFile),
          path: pathRecorder(
            (epochsOf(options) === "auto" ? 1 : expectedEpochs(options)) *
              Math.ceil(values.length / options.batchSize),
          ),
        };
  const listeners = [trace?.onStep, figure?.path.onStep].filter(
    (listener): listener is StepCallback => listener !== undefined,
  );
  const onStep: StepCallback | undefined =
    listeners.length === 0
      ? undefined
      : listeners.length === 1
        ? listeners[0]
        : (...step) => {
            for (const listener of listeners) listener(...step);
          };
  return {
    ...(onStep === undefined ? {} : { onStep }),
    commit: () => trace?.commit(),
    writeFigure: async (summary, data) => {
      if (figure === undefined) return;
      const { fit, optimizer } = summary;
      await figure.module.writeFitFigure(
        {
          file: figure.file,
          title: figureTitle(fit.family, summary.data, fit.n),
          bins: options.bins,
          uniform: uniformStream(optimizer.seed, "figure-sample"),
        },
        data,
        summary,
        figure.path.points({ loc: fit.start[0] ?? Number.NaN, scale: fit.start[1] ?? Number.NaN }),
        uniformStream(optimizer.seed, "figure-surface"),
      );
    },
    discard: () => {
      trace?.discard();
      figure?.file.discard();
    },
  };
}
