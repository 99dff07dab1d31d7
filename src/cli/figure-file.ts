import { closeSync, openSync, unlinkSync, writeFileSync } from "node:fs";
import { OutputError, UsageError } from "../errors.js";
import type { FigureTarget } from "../report/figure/fit-figure.js";
import { PNG_NEEDS_RESVG, pngAvailable } from "../report/figure/render.js";
import { figureFormat } from "./parsers.js";

export { writeFamiliesFigure, writeFitFigure } from "../report/figure/fit-figure.js";

/**
 * The figure file, created before the fit so that a path that cannot be written fails at once
 * (exit 73), not after a long fit; removed again if the run ends without a figure.
 */
export interface FigureFile extends FigureTarget {
  path: string;
  discard(): void;
}

export function openFigureFile(path: string): FigureFile {
  if (figureFormat(path) === "png" && !pngAvailable()) {
    throw new UsageError(`--plot-file ${path}: ${PNG_NEEDS_RESVG}`);
  }
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (error) {
    throw cannotWrite(path, error);
  }
  let open = true;
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  return {
    path,
    format: figureFormat(path) ?? "svg",
    write(bytes) {
      try {
        writeFileSync(fd, bytes);
      } catch (error) {
        throw cannotWrite(path, error);
      } finally {
        close();
      }
    },
    discard() {
      if (!open) return;
      close();
      unlinkSync(path);
    },
  };
}

function cannotWrite(path: string, error: unknown): OutputError {
  const code = (error as NodeJS.ErrnoException).code ?? "error";
  return new OutputError(`--plot-file ${path}: cannot write the file (${code})`);
}
