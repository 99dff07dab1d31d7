import { type Curve, formatPlot } from "../report/plot.js";
import type { Io } from "./io.js";
import type { CliOptions } from "./options.js";

/** The histogram with fitted densities drawn over it, for the terminal. */
export function plot(values: Float64Array, curves: Curve[], options: CliOptions, io: Io): string {
  return formatPlot(values, curves, {
    width: io.stdoutColumns ?? 80,
    bins: options.bins,
    height: 15,
    ascii: options.ascii === true,
    color: io.color,
  });
}
