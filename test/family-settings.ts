/** Each family's parameters for generated test data, by name (bench/convergence.mjs has the same). */
export const FAMILY_SETTINGS: Record<string, number[]> = {
  normal: [-4, 2],
  lognormal: [0.5, 0.8],
  exponential: [0.3],
  gamma: [2, 0.5],
  weibull: [1.5, 3],
  logistic: [1, 2],
  laplace: [1, 2],
  cauchy: [1, 2],
  "student-t": [1, 2, 4],
  poisson: [3.5],
  negbin: [2, 5],
};
