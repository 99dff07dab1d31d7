import { edfFromLogTails } from "../stats/edf.js";
import { normalMle } from "../stats/moments.js";
import { normalLogTails } from "../stats/normal-tails.js";
import type { GofTables } from "./family.js";

/**
 * Goodness of fit of a Normal fitted by maximum likelihood, as fitdistrplus's gofstat reports it:
 * KS, CvM and AD statistics of sorted data against the Normal fitted to them.
 *
 * The parameters were estimated from the same data, so the plain KS, CvM and AD distributions do
 * not apply: p-values come from the published approximations for a Normal with estimated mean and
 * standard deviation, computed as R's nortest does (statistics with the n - 1 standard
 * deviation): Lilliefors's KS with the Dallal-Wilkinson approximation, and Stephens's modified CvM
 * and AD statistics (D'Agostino and Stephens 1986, table 4.9).
 */
export function normalGofTables(sorted: Float64Array): GofTables {
  const n = sorted.length;
  const { loc, scale } = normalMle(sorted);
  const at = (s: number) => edfFromLogTails(sorted, (x, out) => normalLogTails((x - loc) / s, out));
  const observed = at(scale);
  const withSampleSd = at(scale * Math.sqrt(n / (n - 1)));
  return {
    ks: { statistic: observed.ks, pValue: n >= 5 ? lillieforsPValue(withSampleSd.ks, n) : null },
    cvm: {
      statistic: observed.cvm,
      pValue: n >= 8 ? cramerVonMisesPValue(withSampleSd.cvm, n) : null,
    },
    ad: {
      statistic: observed.ad,
      pValue: n >= 8 ? andersonDarlingPValue(withSampleSd.ad, n) : null,
    },
    method: `approximations for estimated parameters, as R's nortest (Lilliefors, Stephens)${n < 8 ? "; none for n < 8 (KS: n < 5)" : ""}`,
  };
}

/** Lilliefors's KS test: Dallal and Wilkinson (1986), and Stephens's (1974) modified D above 0.1. */
export function lillieforsPValue(d: number, n: number): number {
  const [kd, nd] = n <= 100 ? [d, n] : [d * (n / 100) ** 0.49, 100];
  const p = Math.exp(
    -7.01256 * kd * kd * (nd + 2.78019) +
      2.99587 * kd * Math.sqrt(nd + 2.78019) -
      0.122119 +
      0.974598 / Math.sqrt(nd) +
      1.67997 / nd,
  );
  if (p <= 0.1) return p;
  const k = (Math.sqrt(n) - 0.01 + 0.85 / Math.sqrt(n)) * d;
  if (k <= 0.302) return 1;
  if (k <= 0.5)
    return 2.76773 - 19.828315 * k + 80.709644 * k ** 2 - 138.55152 * k ** 3 + 81.218052 * k ** 4;
  if (k <= 0.9)
    return -4.901232 + 40.662806 * k - 97.490286 * k ** 2 + 94.029866 * k ** 3 - 32.355711 * k ** 4;
  if (k <= 1.31)
    return 6.198765 - 19.558097 * k + 23.186922 * k ** 2 - 12.234627 * k ** 3 + 2.423045 * k ** 4;
  return 0;
}

/** Stephens's modified W² = W²(1 + 0.5/n) and its p-value (D'Agostino and Stephens 1986). */
export function cramerVonMisesPValue(w: number, n: number): number {
  const ww = (1 + 0.5 / n) * w;
  if (ww < 0.0275) return 1 - Math.exp(-13.953 + 775.5 * ww - 12542.61 * ww ** 2);
  if (ww < 0.051) return 1 - Math.exp(-5.903 + 179.546 * ww - 1515.29 * ww ** 2);
  if (ww < 0.092) return Math.exp(0.886 - 31.62 * ww + 10.897 * ww ** 2);
  if (ww < 1.1) return Math.exp(1.111 - 34.242 * ww + 12.832 * ww ** 2);
  return 7.37e-10; // the approximation's floor
}

/** Stephens's modified A² = A²(1 + 0.75/n + 2.25/n²) and its p-value (D'Agostino and Stephens 1986). */
export function andersonDarlingPValue(a: number, n: number): number {
  const aa = (1 + 0.75 / n + 2.25 / n ** 2) * a;
  if (aa < 0.2) return 1 - Math.exp(-13.436 + 101.14 * aa - 223.73 * aa ** 2);
  if (aa < 0.34) return 1 - Math.exp(-8.318 + 42.796 * aa - 59.938 * aa ** 2);
  if (aa < 0.6) return Math.exp(0.9177 - 4.279 * aa - 1.38 * aa ** 2);
  if (aa < 10) return Math.exp(1.2937 - 5.709 * aa + 0.0186 * aa ** 2);
  return 3.7e-24; // the approximation's floor
}
