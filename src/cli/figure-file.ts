import { closeSync, openSync, unlinkSync, writeFileSync } from "node:fs";
import { type Family, familyDensity } from "../distributions/family.js";
import { normalDistribution } from "../distributions/normal.js";
import { OutputError } from "../errors.js";
import type { NormalFit } from "../fit/fit-normal.js";
import { randomSample } from "../inference/gof.js";
import type { NormalInference } from "../inference/infer.js";
import { logLikelihoodFunction, normalLogLikelihood } from "../inference/likelihood.js";
import { figureData, type ParamPoint, type SurfaceInput } from "../report/figure/figure-data.js";
import { figureSpec } from "../report/figure/figure-spec.js";
import { renderSvg, svgToPng } from "../report/figure/render.js";
import { figureFormat } from "./parsers.js";

/**
 * The figure file, created before the fit so that a path that cannot be written fails at once
 * (exit 73), not after a long fit; removed again if the run ends without a figure.
 */
export interface FigureFile {
  path: string;
  write(bytes: string | Uint8Array): void;
  discard(): void;
}

export function openFigureFile(path: string): FigureFile {
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

export interface FigureRequest {
  file: FigureFile;
  title: string;
  bins: number;
  /** The Q-Q, CDF and P-P panels use a random sample of this many values when n is larger. */
  sampleSize: number;
  uniform: () => number;
}

/** --plot-file: the five-panel figure of a Normal fit, written as SVG or PNG. */
export async function writeFigureFile(
  request: FigureRequest,
  values: Float64Array,
  fit: NormalFit,
  inference: NormalInference,
  path: readonly ParamPoint[],
): Promise<void> {
  const sample = sortedSample(values, request);
  const curve = (label: string, p: ParamPoint) => ({
    label,
    ...normalDistribution(p.loc, p.scale),
  });
  const se = inference.exact.wald?.se;
  const figure = figureData({
    title: request.title,
    data: values,
    sorted: sample,
    bins: request.bins,
    fits: [curve("SGD fit", fit.params), curve("exact MLE", fit.exact)],
    surface: {
      path,
      estimate: fit.params,
      exact: fit.exact,
      exactSe: se === undefined ? undefined : { loc: se[0] as number, scale: se[1] as number },
      logLikelihood: normalLogLikelihood(fit.n, fit.exact),
    },
  });
  await render(request, figure);
}

/**
 * The four panels for any family: its SGD and exact fits, or with --dist auto the best three
 * families. No fifth panel: the path over the likelihood is drawn for the Normal's plane only.
 */
export async function writeFamiliesFigure(
  request: FigureRequest,
  values: Float64Array,
  curves: readonly { label: string; family: Family; params: readonly number[] }[],
  surface?: SurfaceInput,
): Promise<void> {
  const figure = figureData({
    title: request.title,
    data: values,
    sorted: sortedSample(values, request),
    bins: request.bins,
    fits: curves.map(({ label, family, params }) => ({
      label,
      pdf: familyDensity(family, params),
      cdf: (x: number) => family.cdf(x, params),
      quantile: (p: number) => familyQuantile(family, params, p),
    })),
    ...(surface === undefined ? {} : { surface }),
  });
  await render(request, figure);
}

async function render(request: FigureRequest, figure: ReturnType<typeof figureData>) {
  const svg = await renderSvg(figureSpec(figure));
  request.file.write(figureFormat(request.file.path) === "png" ? svgToPng(svg) : svg);
}

function sortedSample(values: Float64Array, request: FigureRequest): Float64Array {
  const sample =
    values.length > request.sampleSize
      ? randomSample(values, request.sampleSize, request.uniform)
      : Float64Array.from(values);
  return sample.sort();
}

/** Values the surface is computed on at most: a 60 × 60 grid costs 3,600 passes over them. */
const SURFACE_SAMPLE = 10_000;

/**
 * The fifth panel for a family of two or more parameters: SGD's path in the plane of the first
 * two, over the log-likelihood with any others held at their exact MLE. Above 10,000 values the
 * surface is computed on a seeded random sample and scaled by n / m (the contours' levels are
 * then approximate; the report's numbers are not).
 */
export function familySurface(
  family: Family,
  values: Float64Array,
  fit: { params: readonly number[]; exact: readonly number[]; se: readonly number[] | undefined },
  path: readonly ParamPoint[],
  uniform: () => number,
): SurfaceInput | undefined {
  if (family.params.length < 2) return undefined;
  const sample =
    values.length > SURFACE_SAMPLE ? randomSample(values, SURFACE_SAMPLE, uniform) : values;
  const weight = values.length / sample.length;
  const logLik = logLikelihoodFunction(family, sample);
  const rest = fit.exact.slice(2);
  const point = (p: readonly number[]) => ({ loc: p[0] as number, scale: p[1] as number });
  return {
    path,
    estimate: point(fit.params),
    exact: point(fit.exact),
    exactSe: fit.se === undefined ? undefined : point(fit.se),
    logLikelihood: (a, b) => weight * logLik([a, b, ...rest]),
    names: [family.params[0] as string, family.params[1] as string],
    xPositive: family.constraints[0] === "positive",
    cells: 60,
  };
}

/**
 * The p-quantile of a family from its CDF, by bisection: the smallest x with F(x) >= p (for
 * counts, the smallest whole number), after widening a bracket until it holds p.
 */
export function familyQuantile(family: Family, params: readonly number[], p: number): number {
  const cdf = (x: number) => family.cdf(x, params);
  let lo = family.support === "real" ? -1 : 0;
  let hi = 1;
  while (cdf(hi) < p && hi < 1e300) hi *= 2;
  if (family.support === "real") while (cdf(lo) > p && lo > -1e300) lo *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  if (family.support === "count") {
    let k = Math.max(0, Math.floor(lo));
    while (cdf(k) < p) k++;
    return k;
  }
  return hi;
}
