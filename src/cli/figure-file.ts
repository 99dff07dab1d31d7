import { UsageError } from "../errors.js";
import type { FigureTarget } from "../report/figure/fit-figure.js";
import { PNG_NEEDS_RESVG, pngAvailable } from "../report/figure/render.js";
import { AtomicFile } from "./atomic-file.js";
import { figureFormat } from "./parsers.js";

export {
  componentCurves,
  writeFamiliesFigure,
  writeFitFigure,
} from "../report/figure/fit-figure.js";

/**
 * The figure file, created (under a temporary name) before the fit so that a path that cannot be
 * written fails at once (exit 73), not after a long fit; put in place when the figure is written,
 * and removed again if the run ends without one.
 */
export interface FigureFile extends FigureTarget {
  path: string;
  discard(): void;
}

export function openFigureFile(path: string): FigureFile {
  if (figureFormat(path) === "png" && !pngAvailable()) {
    throw new UsageError(`--plot-file ${path}: ${PNG_NEEDS_RESVG}`);
  }
  // Written under a temporary name and renamed over the path once whole: a run that fails
  // leaves an existing figure as it was.
  const file = new AtomicFile(path, "--plot-file");
  return {
    path,
    format: figureFormat(path) ?? "svg",
    write(bytes) {
      file.write(bytes);
      file.commit();
    },
    discard: () => file.discard(),
  };
}
