import { type Family, familyDensity } from "../../distributions/family.js";
import type { CullenFrey } from "../../inference/compare.js";
import { GOF_SAMPLE } from "../../inference/gof.js";
import { logLikelihoodFunction } from "../../likelihood/likelihood.js";
import { censoringOf } from "../../stats/censoring.js";
import { REFERENCES } from "../../stats/cullen-frey.js";
import { randomSample } from "../../stats/edf.js";
import { turnbull, turnbullCdf } from "../../stats/turnbull.js";
import { weightsOf } from "../../stats/weights.js";
import type { RunSummary } from "../summary.js";
import { figureData, type ParamPoint, type SurfaceInput } from "./figure-data.js";
import { figureSpec } from "./figure-spec.js";
import { renderSvg, svgToPng } from "./render.js";

/** Where a figure goes: its format, and what writes its bytes. */
export interface FigureTarget {
  format: "svg" | "png";
  write(bytes: string | Uint8Array): void;
}

export interface FigureRequest {
  file: FigureTarget;
  title: string;
  bins: number;
  /** Draws the random sample the Q-Q, CDF and P-P panels use above GOF_SAMPLE values. */
  uniform: () => number;
}

/**
 * --plot-file for one fit: fitdistrplus's four panels with the SGD and exact fits, and for a
 * family of two or more parameters the fifth, SGD's path over the log-likelihood.
 */
export async function writeFitFigure(
  request: FigureRequest,
  values: Float64Array,
  { fit, inference }: RunSummary,
  path: readonly ParamPoint[],
  surfaceUniform: () => number,
): Promise<void> {
  const { family } = fit;
  await writeFamiliesFigure(
    request,
    values,
    [
      { label: "SGD fit", family, params: fit.params },
      { label: "exact MLE", family, params: fit.exact.params },
    ],
    {
      surface: familySurface(
        family,
        values,
        { params: fit.params, exact: fit.exact.params, se: inference.exact.wald?.se },
        path,
        surfaceUniform,
      ),
      // A mixture's components, at the exact MLE.
      components: componentCurves(family, fit.exact.params),
    },
  );
}

/**
 * The four panels for the fits given: one family's SGD and exact fits, or with --dist auto the
 * best three families; the fifth when a surface (one fit) or a Cullen and Frey summary (--dist
 * auto) is given; a mixture's components under the densities.
 */
export async function writeFamiliesFigure(
  request: FigureRequest,
  values: Float64Array,
  curves: readonly { label: string; family: Family; params: readonly number[] }[],
  {
    surface,
    cullenFrey,
    components = [],
  }: {
    surface?: SurfaceInput | undefined;
    cullenFrey?: CullenFrey | undefined;
    components?: { label: string; pdf(x: number): number }[];
  } = {},
): Promise<void> {
  const censoring = censoringOf(values);
  const figure = figureData({
    ...(censoring === undefined
      ? {}
      : { npmle: turnbullCdf(turnbull(censoring, { weights: weightsOf(values) })) }),
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
    components,
    ...(surface === undefined ? {} : { surface }),
    ...(cullenFrey === undefined
      ? {}
      : {
          cullenFrey: {
            observed: [cullenFrey.skewness ** 2, cullenFrey.kurtosis] as [number, number],
            ...(cullenFrey.cloud === undefined ? {} : { cloud: cullenFrey.cloud }),
            references: REFERENCES,
          },
        }),
  });
  await render(request, figure);
}

export function componentCurves(
  family: Family,
  params: readonly number[],
): { label: string; pdf(x: number): number }[] {
  if (family.components === undefined) return [];
  return family.components(params).map((c, j) => ({
    label: `comp. ${j + 1} (w ${c.weight.toFixed(3)})`,
    pdf: c.density,
  }));
}

async function render(request: FigureRequest, figure: ReturnType<typeof figureData>) {
  const svg = await renderSvg(figureSpec(figure));
  request.file.write(request.file.format === "png" ? svgToPng(svg) : svg);
}

function sortedSample(values: Float64Array, request: FigureRequest): Float64Array {
  const sample =
    values.length > GOF_SAMPLE
      ? randomSample(values, GOF_SAMPLE, request.uniform)
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
  const point = (p: readonly number[]) => ({ loc: p[0] ?? Number.NaN, scale: p[1] ?? Number.NaN });
  return {
    path,
    estimate: point(fit.params),
    exact: point(fit.exact),
    exactSe: fit.se === undefined ? undefined : point(fit.se),
    logLikelihood: (a, b) => weight * logLik([a, b, ...rest]),
    names: [family.params[0] ?? "", family.params[1] ?? ""],
    xPositive: family.constraints[0] === "positive",
    cells: 60,
  };
}

/**
 * The p-quantile of a family from its CDF, by bisection: the smallest x with F(x) >= p (for
 * counts, the smallest whole number), after widening a bracket until it holds p.
 */
export function familyQuantile(family: Family, params: readonly number[], p: number): number {
  if (family.quantile !== undefined) return family.quantile(p, params);
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
