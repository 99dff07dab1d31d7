import { censoredTerms } from "../distributions/censored.js";
import { type Family, SUPPORTS } from "../distributions/family.js";
import { FitError } from "../errors.js";
import { censoringOf, EXACT } from "../stats/censoring.js";
import { weightsOf } from "../stats/weights.js";
import { likelihoodEvaluator } from "./likelihood.js";

const views = new WeakMap<Family, Family>();

/**
 * The family as a fit of censored data sees it (fitdistcens): the same parameters, log-density
 * and log-CDFs, so the engine's exact MLE (Newton), standard errors and SGD follow from the
 * censored log-likelihood (likelihood.ts sums its terms), without the hooks that only hold for
 * exact values: the closed-form MLE, the tables of goodness-of-fit p-values, the limit test. A
 * family whose log-density is kinked (Laplace) keeps its hooks, made for censored rows: its kinked
 * parameter's exact maximum is found by bisection on the (monotone) derivative, and its
 * information is the observed one with each exact value's curvature in that parameter, which a
 * kink cannot show, replaced by its expectation. A family without log-CDFs is a UsageError
 * naming the ones that have them.
 */
export function censoredFamily(family: Family): Family {
  let view = views.get(family);
  if (view === undefined) {
    view = makeView(family);
    views.set(family, view);
  }
  return view;
}

function makeView(family: Family): Family {
  censoredTerms(family);
  const {
    closedForm: _closedForm,
    closedFormMethod: _method,
    closedFormWeighted: _weighted,
    gofTables: _tables,
    noMaximum: _noMaximum,
    kinked,
    information,
    ...rest
  } = family;
  const { accepts } = SUPPORTS[family.support];
  // The start from the rows' representative numbers that the family takes (a row right-censored
  // at 0 stands for nothing a lognormal can start from).
  const view: Family = { ...rest, start: (data) => family.start(data.filter(accepts)) };
  if (kinked !== undefined) {
    const argmaxes = new WeakMap<Float64Array, Map<string, number>>();
    view.kinked = {
      param: kinked.param,
      argmax: (data, params) => {
        if (censoringOf(data) === undefined) return kinked.argmax(data, params);
        let known = argmaxes.get(data);
        if (known === undefined) {
          known = new Map();
          argmaxes.set(data, known);
        }
        const key = params.filter((_, j) => j !== kinked.param).join(",");
        let best = known.get(key);
        if (best === undefined) {
          best = bisectArgmax(view, data, params, kinked.param);
          known.set(key, best);
        }
        return best;
      },
    };
  }
  if (information !== undefined) {
    view.information = (params, n, data) => {
      const censoring = data === undefined ? undefined : censoringOf(data);
      if (data === undefined || censoring === undefined) return information(params, n, data);
      const observed = likelihoodEvaluator(view, "compiled")(data, params).hessian;
      if (kinked === undefined) return observed;
      const weights = weightsOf(data);
      let exact = 0;
      censoring.kind.forEach((kind, i) => {
        if (kind === EXACT) exact += weights === undefined ? 1 : (weights[i] as number);
      });
      const j = kinked.param;
      const perValue = information(params, 1)[j]?.[j] ?? 0;
      return observed.map((row, r) =>
        row.map((v, c) => (r === j && c === j ? v + exact * perValue : v)),
      );
    };
  }
  return view;
}

/**
 * The kinked parameter's maximum with the others held: the log-likelihood is concave in it (a
 * Laplace log-density, log-CDF and log-survival are), so its derivative falls through 0 there,
 * or jumps across 0 at a kink; bisection finds that point to the last bit.
 */
function bisectArgmax(
  family: Family,
  data: Float64Array,
  params: readonly number[],
  j: number,
): number {
  const evaluate = likelihoodEvaluator(family, "compiled");
  const slope = (t: number) =>
    evaluate(
      data,
      params.map((v, k) => (k === j ? t : v)),
    ).gradient[j] ?? Number.NaN;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  const censoring = censoringOf(data);
  for (const bounds of [censoring?.lower, censoring?.upper, data]) {
    for (const b of bounds ?? []) {
      if (Number.isFinite(b)) {
        lo = Math.min(lo, b);
        hi = Math.max(hi, b);
      }
    }
  }
  const width = Math.max(hi - lo, 1);
  for (let k = 0; slope(lo) < 0; k++) {
    if (k > 60)
      throw new FitError(
        `${family.name}: the log-likelihood falls without end in ${family.params[j]}`,
      );
    lo -= width * 2 ** k;
  }
  for (let k = 0; slope(hi) > 0; k++) {
    if (k > 60)
      throw new FitError(
        `${family.name}: the log-likelihood rises without end in ${family.params[j]}`,
      );
    hi += width * 2 ** k;
  }
  for (let i = 0; i < 200; i++) {
    const mid = lo / 2 + hi / 2;
    if (mid <= lo || mid >= hi) break;
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  return slope(lo) === 0 ? lo : hi;
}
