import { logAddExp, type Operand, Value } from "../engine/value.js";
import { FitError, UsageError } from "../errors.js";
import { mulberryStream } from "../stats/mulberry32.js";
import type { Constraint } from "./constraint.js";
import type { Family } from "./family.js";
import { type Parametrization, startRelativeParametrization } from "./parametrization.js";
import type { ScaleRole } from "./scaling.js";
import { meanSd } from "./summaries.js";

/** The most components --mixture takes. */
export const MAX_COMPONENTS = 9;
/** EM's seeded starts: the quantile start, then k-means++-like draws. */
const STARTS = 10;

const UNIT = { lower: 0, upper: 1 } as const;

interface Components {
  weights: number[];
  locs: number[];
  scales: number[];
}

/** The Normal mixture's vector (w1..w_{K-1}, loc1, scale1, ..., locK, scaleK) as components. */
function componentsOf(params: readonly number[], k: number): Components {
  const { weights, components } = splitParams(params, k, 2);
  return {
    weights,
    locs: components.map((c) => c[0] as number),
    scales: components.map((c) => c[1] as number),
  };
}

function vectorOf({ weights, locs, scales }: Components): number[] {
  return joinParams(
    weights,
    locs.map((loc, j) => [loc, scales[j] as number]),
  );
}

/**
 * EM for a mixture of K Normals from several seeded starts (the data's K quantiles, then
 * k-means++-like seeds), the best log-likelihood kept, components ordered by location. A
 * component that collapses onto a point (its scale below 1e-8 of the data's sd) ends its start.
 */
export function emNormalMixture(
  data: Float64Array,
  k: number,
  starts = STARTS,
): Components & { logLik: number } {
  const n = data.length;
  const { sd } = meanSd(data);
  const sorted = Float64Array.from(data).sort();
  // The same starts every run, whatever --seed: a fit's exact MLE does not depend on it.
  const uniform = mulberryStream(0x6d697874 + k);
  let best: (Components & { logLik: number }) | undefined;
  for (let s = 0; s < starts; s++) {
    const locs =
      s === 0
        ? Array.from({ length: k }, (_, j) => sorted[Math.floor(((j + 0.5) / k) * n)] as number)
        : seeds(data, k, uniform);
    const start = { weights: Array(k).fill(1 / k), locs, scales: Array(k).fill(sd / k || 1) };
    const result = em(data, start, sd);
    if (result !== undefined && (best === undefined || result.logLik > best.logLik)) best = result;
  }
  // Not a usage error: the data give no k components apart (exit 3, as a fit that fails).
  if (best === undefined) {
    throw new FitError(`no ${k}-component mixture fits these data: every start collapsed`);
  }
  const order = best.locs
    .map((_, j) => j)
    .sort((a, b) => (best.locs[a] as number) - (best.locs[b] as number));
  return {
    weights: order.map((j) => best.weights[j] as number),
    locs: order.map((j) => best.locs[j] as number),
    scales: order.map((j) => best.scales[j] as number),
    logLik: best.logLik,
  };
}

/** K distinct seeds, each drawn with probability growing with its squared distance (k-means++). */
export function seeds(data: Float64Array, k: number, uniform: () => number): number[] {
  const chosen = [data[Math.floor(uniform() * data.length)] as number];
  while (chosen.length < k) {
    let total = 0;
    const d2 = Array.from(data, (x) => {
      const d = Math.min(...chosen.map((c) => (x - c) ** 2));
      total += d;
      return d;
    });
    let target = uniform() * total;
    let i = 0;
    while (i < data.length - 1 && target > (d2[i] as number)) target -= d2[i++] as number;
    chosen.push(data[i] as number);
  }
  return chosen;
}

function em(
  data: Float64Array,
  start: Components,
  sd: number,
): (Components & { logLik: number }) | undefined {
  const k = start.weights.length;
  const n = data.length;
  let { weights, locs, scales } = start;
  const r = new Float64Array(n * k);
  let previous = Number.NEGATIVE_INFINITY;
  for (let iteration = 0; iteration < 2000; iteration++) {
    // E-step: responsibilities, with the log-likelihood by log-sum-exp.
    let logLik = 0;
    for (let i = 0; i < n; i++) {
      const x = data[i] as number;
      let max = Number.NEGATIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        const z = (x - (locs[j] as number)) / (scales[j] as number);
        const a =
          Math.log(weights[j] as number) -
          Math.log(scales[j] as number) -
          0.5 * z * z -
          0.9189385332046728;
        r[i * k + j] = a;
        if (a > max) max = a;
      }
      let sum = 0;
      for (let j = 0; j < k; j++) sum += Math.exp((r[i * k + j] as number) - max);
      const lse = max + Math.log(sum);
      logLik += lse;
      for (let j = 0; j < k; j++) r[i * k + j] = Math.exp((r[i * k + j] as number) - lse);
    }
    // M-step.
    const next: Components = { weights: [], locs: [], scales: [] };
    for (let j = 0; j < k; j++) {
      let nj = 0;
      let m = 0;
      for (let i = 0; i < n; i++) {
        nj += r[i * k + j] as number;
        m += (r[i * k + j] as number) * (data[i] as number);
      }
      m /= nj;
      let v = 0;
      for (let i = 0; i < n; i++) v += (r[i * k + j] as number) * ((data[i] as number) - m) ** 2;
      const scale = Math.sqrt(v / nj);
      if (!(nj > 1e-9 * n) || !(scale > 1e-8 * sd)) return undefined;
      next.weights.push(nj / n);
      next.locs.push(m);
      next.scales.push(scale);
    }
    ({ weights, locs, scales } = next);
    if (Math.abs(logLik - previous) <= 1e-13 * Math.abs(logLik)) break;
    previous = logLik;
  }
  const logLik = mixtureLogLik(data, { weights, locs, scales });
  return Number.isFinite(logLik) ? { weights, locs, scales, logLik } : undefined;
}

function mixtureLogLik(data: Float64Array, { weights, locs, scales }: Components): number {
  let total = 0;
  for (const x of data) {
    let max = Number.NEGATIVE_INFINITY;
    const terms = weights.map((w, j) => {
      const z = (x - (locs[j] as number)) / (scales[j] as number);
      const a = Math.log(w) - Math.log(scales[j] as number) - 0.5 * z * z - 0.9189385332046728;
      if (a > max) max = a;
      return a;
    });
    total += max + Math.log(terms.reduce((s, a) => s + Math.exp(a - max), 0));
  }
  return total;
}

/**
 * A mixture of K components of a family (continuous, or counts: Poissons, negative binomials): parameters w1..w_{K-1} (the last weight is
 * 1 minus their sum), then each component's parameters, suffixed by its number (loc1, scale1,
 * loc2, ...; shape1, rate1, ...), components ordered by their medians.
 * log p = log Σ_k w_k p(x | θ_k), by pairwise log-sum-exp in engine operations. SGD moves the
 * weights as softmax logits (so they stay on the simplex), and Newton's exact MLE refines the
 * start on the engine's Hessian, from which the standard errors come.
 *
 * Of Normals (mclust's model V: each component its own variance) the start is EM's best from
 * several seeded starts, in closed form here. Of other families, EM's M-step is the family's
 * weighted exact MLE, which the fit layer runs (fit/mixture-em.ts, from `em`); `start` itself is
 * a quick one, the family's start on each of K quantile groups.
 */
export function mixtureFamily(base: Family, k: number): Family {
  checkMixable(base, k);
  const p = base.params.length;
  const normalBase = base.name === "normal";
  const params = [
    ...Array.from({ length: k - 1 }, (_, j) => `w${j + 1}`),
    ...Array.from({ length: k }, (_, j) => base.params.map((name) => `${name}${j + 1}`)).flat(),
  ];
  const constraints: Constraint[] = [
    ...Array(k - 1).fill(UNIT),
    ...Array.from({ length: k }, () => [...base.constraints]).flat(),
  ];
  const split = (theta: readonly number[]) => splitParams(theta, k, p);
  // log Σ_k w_k e^(term_k), by pairwise log-sum-exp: the log-density with each component's log p,
  // the log-CDF with its log F, the log-survival with its log S.
  const mixed = (
    theta: readonly Value[],
    termOf: (component: readonly Value[]) => Value,
  ): Value => {
    const free = theta.slice(0, k - 1);
    const last = free.reduce((rest: Value, w) => rest.sub(w), new Value(1));
    const weights = [...free, last];
    const terms = weights.map((w, j) =>
      w.log().add(termOf(theta.slice(k - 1 + p * j, k - 1 + p * (j + 1)))),
    );
    return terms.slice(1).reduce(logAddExp, terms[0] as Value);
  };
  const logProb = (x: Operand, theta: readonly Value[]): Value =>
    mixed(theta, (component) => base.logProb(x, component));
  const { logCdf, logSf } = base;
  // Censored rows need the components' log F and log S: where the family has them, so does the
  // mixture.
  const censorable =
    logCdf === undefined || logSf === undefined
      ? {}
      : {
          logCdf: (x: Operand, theta: readonly Value[]) =>
            mixed(theta, (component) => logCdf(x, component)),
          logSf: (x: Operand, theta: readonly Value[]) =>
            mixed(theta, (component) => logSf(x, component)),
        };
  const scaling = base.scaling;
  return {
    name: `${base.name}-mixture-${k}`,
    title: `Mixture of ${k} ${base.title}s`,
    params,
    constraints,
    ...(scaling
      ? {
          scaling: [
            ...Array<ScaleRole>(k - 1).fill("none"),
            ...Array.from({ length: k }, () => [...scaling]).flat(),
          ],
        }
      : {}),
    support: base.support,
    logProb,
    ...censorable,
    start: normalBase
      ? (data) => vectorOf(emNormalMixture(data, k))
      : (data) => quantileGroupsStart(base, data, k),
    ...(normalBase ? {} : { em: { base, k } }),
    cdf: (x, theta) => {
      const { weights, components } = split(theta);
      return weights.reduce((s, w, j) => s + w * base.cdf(x, components[j] as number[]), 0);
    },
    sgdParametrization: normalBase
      ? (start) => softmaxParametrization(k, start)
      : (start, _data, units) => softmaxWeights(k, start, constraints, units?.() ?? []),
    canonical: (theta) => {
      const { weights, components } = split(theta);
      const order = componentOrder(base, components);
      return joinParams(
        order.map((j) => weights[j] as number),
        order.map((j) => components[j] as number[]),
      );
    },
    components: (theta) => {
      const { weights, components } = split(theta);
      return weights.map((weight, j) => {
        const leaves = (components[j] as number[]).map((v) => new Value(v));
        return {
          weight,
          density: (x: number) => weight * Math.exp(base.logProb(x, leaves).data),
        };
      });
    },
    sampler: (theta, uniform) => {
      const { weights, components } = split(theta);
      const draws = components.map((c) => base.sampler(c, uniform));
      return () => {
        let u = uniform();
        let j = 0;
        while (j < k - 1 && u >= (weights[j] as number)) u -= weights[j++] as number;
        return (draws[j] as () => number)();
      };
    },
  };
}

/** A usage error for what cannot be mixed: known or edge parameters, K out of range. */
function checkMixable(base: Family, k: number): void {
  if (!Number.isInteger(k) || k < 2 || k > MAX_COMPONENTS) {
    throw new UsageError(
      `--mixture ${k}: the number of components is a whole number from 2 to ${MAX_COMPONENTS}`,
    );
  }
  const why =
    base.mustFix !== undefined
      ? `its ${base.mustFix.join(", ")} is known, not fitted`
      : base.edges !== undefined
        ? "an end of its support is a parameter (each component's would be an extreme value)"
        : base.expression !== undefined || base.em !== undefined || base.components !== undefined
          ? "it is not one of the built-in families"
          : undefined;
  if (why !== undefined) {
    throw new UsageError(
      `--mixture ${k} --dist ${base.name}: ${base.name} cannot be mixed: ${why}`,
    );
  }
}

/** The weights (the last 1 minus the others) and each component's parameters. */
export function splitParams(
  theta: readonly number[],
  k: number,
  p: number,
): { weights: number[]; components: number[][] } {
  const free = theta.slice(0, k - 1);
  return {
    weights: [...free, 1 - free.reduce((s, w) => s + w, 0)],
    components: Array.from({ length: k }, (_, j) =>
      theta.slice(k - 1 + p * j, k - 1 + p * (j + 1)),
    ),
  };
}

/** The mixture's vector from weights (all K) and components. */
export function joinParams(weights: readonly number[], components: readonly number[][]): number[] {
  return [...weights.slice(0, -1), ...components.flat()];
}

/**
 * A quick start: the data sorted into K groups of equal size, each given the family's own
 * start, weights 1/K. EM (fit/mixture-em.ts) starts from it, and from seeded others.
 */
export function quantileGroupsStart(base: Family, data: Float64Array, k: number): number[] {
  const components = quantileGroups(data, k).map((group) => base.start(group));
  return joinParams(Array(k).fill(1 / k), components);
}

/** The values split into K groups of equal size, in sorted order. */
export function quantileGroups(data: Float64Array, k: number): Float64Array[] {
  const sorted = Float64Array.from(data).sort();
  const n = sorted.length;
  return Array.from({ length: k }, (_, j) =>
    sorted.slice(Math.floor((j * n) / k), Math.floor(((j + 1) * n) / k)),
  );
}

/**
 * The components' canonical order, as indices: by median, and where medians tie (two Poissons of
 * means 2.1 and 2.4 both have median 2) by their parameters in turn.
 */
export function componentOrder(base: Family, components: readonly (readonly number[])[]): number[] {
  const medians = components.map((c) => familyMedian(base, c));
  return components
    .map((_, j) => j)
    .sort((a, b) => {
      const byMedian = (medians[a] as number) - (medians[b] as number);
      if (byMedian !== 0) return byMedian;
      const [ca, cb] = [components[a] as readonly number[], components[b] as readonly number[]];
      const differ = ca.findIndex((v, i) => v !== cb[i]);
      return differ < 0 ? 0 : (ca[differ] as number) - (cb[differ] as number);
    });
}

/**
 * The median of a family at these parameters, by its quantile function or by bisection of its
 * CDF: what orders a mixture's components ("by location" for any family).
 */
export function familyMedian(base: Family, params: readonly number[]): number {
  const q = base.quantile?.(0.5, params);
  if (q !== undefined && Number.isFinite(q)) return q;
  let lo = -1;
  let hi = 1;
  while (base.cdf(lo, params) > 0.5 && lo > -1e300) lo *= 2;
  while (base.cdf(hi, params) < 0.5 && hi < 1e300) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(Math.abs(lo), Math.abs(hi)); i++) {
    const mid = (lo + hi) / 2;
    if (base.cdf(mid, params) < 0.5) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * SGD's coordinates for a mixture of any family: the weights as softmax logits against the last
 * component (on the simplex whatever the step), the components' parameters relative to the start
 * in the units the fit gives every family (their per-value standard errors there).
 */
function softmaxWeights(
  k: number,
  start: readonly number[],
  constraints: readonly Constraint[],
  units: readonly number[],
): Parametrization {
  const rest = startRelativeParametrization(
    constraints.slice(k - 1),
    start.slice(k - 1),
    start.slice(k - 1).map((_, j) => units[k - 1 + j] ?? 1),
  );
  return {
    name: "default",
    describe: `weights as softmax logits; ${rest.describe}`,
    theta: (params) => {
      const free = params.slice(0, k - 1);
      const last = 1 - free.reduce((s, w) => s + w, 0);
      return [...free.map((w) => Math.log(w / last)), ...rest.theta(params.slice(k - 1))];
    },
    natural: (theta) => {
      const logits = theta.slice(0, k - 1);
      const lse = logits.reduce(logAddExp, new Value(0));
      return [...logits.map((z) => z.sub(lse).exp()), ...rest.natural(theta.slice(k - 1))];
    },
  };
}

/**
 * SGD's coordinates for a mixture: the weights as softmax logits against the last component
 * (on the simplex whatever the step), each loc in units of its component's starting scale, each
 * scale on a log scale.
 */
function softmaxParametrization(k: number, start: readonly number[]): Parametrization {
  const { locs, scales } = componentsOf(start, k);
  return {
    name: "default",
    describe: "weights as softmax logits, each loc in units of its starting scale, log scales",
    theta: (params) => {
      const c = componentsOf(params, k);
      return [
        ...c.weights.slice(0, -1).map((w) => Math.log(w / (c.weights[k - 1] as number))),
        ...c.locs.flatMap((loc, j) => [
          (loc - (locs[j] as number)) / (scales[j] as number),
          Math.log((c.scales[j] as number) / (scales[j] as number)),
        ]),
      ];
    },
    natural: (theta) => {
      const logits = theta.slice(0, k - 1);
      // w_j = e^z_j / (1 + Σ e^z), by log-sum-exp from 0 (the last component's logit).
      const lse = logits.reduce(logAddExp, new Value(0));
      return [
        ...logits.map((z) => z.sub(lse).exp()),
        ...Array.from({ length: k }, (_, j) => [
          (theta[k - 1 + 2 * j] as Value).mul(scales[j] as number).add(locs[j] as number),
          (theta[k + 2 * j] as Value).exp().mul(scales[j] as number),
        ]).flat(),
      ];
    },
  };
}
