/**
 * The Cullen and Frey summary (fitdistrplus's descdist): the data's skewness and kurtosis against
 * the values the families can take. Skewness² on one axis and kurtosis on the other: the Normal,
 * uniform, logistic and exponential are points, the gamma and the lognormal lines (each traced by
 * its shape), the beta a region between the limit of all distributions (kurtosis = 1 +
 * skewness²) and the gamma line.
 */

/** Skewness and kurtosis, unbiased estimates as descdist's default (method = "unbiased"). */
export function skewnessKurtosis(values: ArrayLike<number>): {
  skewness: number;
  kurtosis: number;
} {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i] as number;
  mean /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - mean;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const skewness = (Math.sqrt(n * (n - 1)) / (n - 2)) * (m3 / m2 ** 1.5);
  const kurtosis = ((n - 1) / ((n - 2) * (n - 3))) * ((n + 1) * (m4 / (m2 * m2)) - 3 * (n - 1)) + 3;
  return { skewness, kurtosis };
}

/** A family's place in the (skewness², kurtosis) plane. */
export type Reference =
  | { family: string; kind: "point"; at: [number, number] }
  | { family: string; kind: "line"; points: [number, number][] };

const GAMMA_SHAPES = Array.from({ length: 120 }, (_, i) => 0.2 * 1.07 ** i);
const LOGNORMAL_SDLOGS = Array.from({ length: 120 }, (_, i) => 0.005 + (0.9 * i) / 119);

/** The references fitdistrplus draws: four points and two lines. */
export const REFERENCES: readonly Reference[] = [
  { family: "normal", kind: "point", at: [0, 3] },
  { family: "uniform", kind: "point", at: [0, 1.8] },
  { family: "exponential", kind: "point", at: [4, 9] },
  { family: "logistic", kind: "point", at: [0, 4.2] },
  {
    family: "gamma",
    kind: "line",
    points: GAMMA_SHAPES.map((a) => [4 / a, 3 + 6 / a]),
  },
  {
    family: "lognormal",
    kind: "line",
    points: LOGNORMAL_SDLOGS.map((s) => {
      const w = Math.exp(s * s);
      return [(w + 2) ** 2 * (w - 1), w ** 4 + 2 * w ** 3 + 3 * w ** 2 - 3];
    }),
  },
];

/** Whether (skewness², kurtosis) is in the beta's region: 1 + β1 < β2 < 3 + 1.5 β1. */
export function inBetaRegion(beta1: number, beta2: number): boolean {
  return beta2 > 1 + beta1 && beta2 < 3 + 1.5 * beta1;
}

/** Each reference's distance from the data's point in the plane, nearest first. */
export function nearestReferences(
  beta1: number,
  beta2: number,
): { family: string; distance: number }[] {
  return REFERENCES.map((ref) => {
    const points = ref.kind === "point" ? [ref.at] : ref.points;
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < points.length; i++) {
      const [x, y] = points[i] as [number, number];
      best = Math.min(best, Math.hypot(x - beta1, y - beta2));
      // Between consecutive points of a line: the distance to the segment.
      const next = points[i + 1];
      if (next !== undefined) best = Math.min(best, segmentDistance([x, y], next, [beta1, beta2]));
    }
    return { family: ref.family, distance: best };
  }).sort((a, b) => a.distance - b.distance);
}

function segmentDistance(a: [number, number], b: [number, number], p: [number, number]): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length2 = dx * dx + dy * dy;
  const t =
    length2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2)) : 0;
  return Math.hypot(a[0] + t * dx - p[0], a[1] + t * dy - p[1]);
}

/** descdist's bootstrap: the (skewness², kurtosis) of B resamples of the data with replacement. */
export function bootstrapCloud(
  values: ArrayLike<number>,
  samples: number,
  uniform: () => number,
): [number, number][] {
  const n = values.length;
  const resample = new Float64Array(n);
  return Array.from({ length: samples }, (): [number, number] => {
    for (let i = 0; i < n; i++) resample[i] = values[Math.floor(uniform() * n)] as number;
    const { skewness, kurtosis } = skewnessKurtosis(resample);
    return [skewness * skewness, kurtosis];
  });
}
