/**
 * Adaptive Gauss-Kronrod quadrature (7-point Gauss inside 15-point Kronrod, QUADPACK's QK15):
 * ∫ f over [a, b], halving panels until the Kronrod and Gauss estimates agree to `tolerance`
 * of the panel's size. The endpoints are never evaluated, so integrable singularities there
 * (x^(a-1) at 0) do no harm. A value of f that is not a number counts as 0: a density written
 * for part of the line (log x below 0) has no mass where it is undefined. Nodes and weights:
 * QUADPACK's, to double precision. A feature far narrower than the first panel can fall
 * between its nodes: callers give panels at the scale of the data.
 */
const XGK = [
  0.9914553711208126, 0.9491079123427585, 0.8648644233597691, 0.7415311855993945,
  0.5860872354676911, 0.4058451513773972, 0.20778495500789848, 0,
];
const WGK = [
  0.022935322010529224, 0.06309209262997856, 0.10479001032225019, 0.14065325971552592,
  0.1690047266392679, 0.19035057806478542, 0.20443294007529889, 0.20948214108472782,
];
const WG = [0.1294849661688697, 0.27970539148927664, 0.3818300505051189, 0.4179591836734694];

function panel(f: (x: number) => number, a: number, b: number): [number, number] {
  const centre = (a + b) / 2;
  const half = (b - a) / 2;
  const value = (x: number) => {
    const y = f(x);
    return Number.isFinite(y) ? y : 0;
  };
  const fc = value(centre);
  let kronrod = fc * (WGK[7] as number);
  let gauss = fc * (WG[3] as number);
  for (let j = 0; j < 7; j++) {
    const dx = half * (XGK[j] as number);
    const sum = value(centre - dx) + value(centre + dx);
    kronrod += (WGK[j] as number) * sum;
    // The Gauss nodes are the Kronrod nodes of odd index.
    if (j % 2 === 1) gauss += (WG[(j - 1) / 2] as number) * sum;
  }
  return [kronrod * half, Math.abs((kronrod - gauss) * half)];
}

/** ∫ₐᵇ f(x) dx, to about `tolerance` of |∫| (absolute below `floor`). */
export function integrate(
  f: (x: number) => number,
  a: number,
  b: number,
  tolerance = 1e-12,
  floor = 1e-300,
): number {
  if (a === b) return 0;
  if (a > b) return -integrate(f, b, a, tolerance, floor);
  const stack: [number, number, number][] = [[a, b, 0]];
  let total = 0;
  while (stack.length > 0) {
    const [lo, hi, depth] = stack.pop() as [number, number, number];
    const [estimate, error] = panel(f, lo, hi);
    if (error <= Math.max(tolerance * Math.abs(estimate), floor) || depth >= 40) {
      total += estimate;
    } else {
      const middle = (lo + hi) / 2;
      stack.push([lo, middle, depth + 1], [middle, hi, depth + 1]);
    }
  }
  return total;
}
