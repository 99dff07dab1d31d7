import type { Family } from "../distributions/family.js";
import { fixParameters } from "../distributions/fixed.js";
import { DataError, UsageError } from "../errors.js";
import { censoringOf } from "../stats/censoring.js";
import { extremes } from "../stats/extremes.js";
import { weightsOf } from "../stats/weights.js";

/**
 * A family's edge parameters (family.ts `edges`: the uniform's ends, the Pareto's min) held at
 * the data's extremes, which is their MLE whatever the other parameters: `values` by name,
 * `inner` the family of the rest (undefined when nothing is left to fit, as for the uniform),
 * and `full` the whole parameter vector from the inner one's.
 */
export interface HeldEdges {
  values: Readonly<Record<string, number>>;
  inner: Family | undefined;
  full(innerParams: readonly number[]): number[];
  /** For the report: "min = the smallest value, max = the largest". */
  describe: string;
}

/**
 * The edges of the family held at these data's extremes (rows of positive weight), or undefined
 * for a family without edges. Censored rows are refused (an edge hidden in an interval has no
 * such MLE); a user's fixed edge must hold the data (Pareto's --fix min=2 with a value 1.5 is
 * exit 65).
 */
export function holdEdges(family: Family, data: Float64Array): HeldEdges | undefined {
  checkFixedEdges(family, extremes(data, weightsOf(data)));
  const edges = family.edges;
  if (edges === undefined || edges.length === 0) return undefined;
  if (censoringOf(data) !== undefined) {
    throw new UsageError(
      `--dist ${family.name}: censored data cannot be fitted with ${edgeNames(family)} estimated (an end of the support, whose MLE is an extreme value, which a censored row hides); if it is known, fix it: --fix ${family.params[edges[0]?.param ?? 0]}=...`,
    );
  }
  return heldAt(family, extremes(data, weightsOf(data)));
}

/**
 * The family's edges held at these smallest and largest values (of data in memory, or a
 * database's MIN and MAX); undefined for a family without edges.
 */
export function heldAt(
  family: Family,
  { min, max }: { min: number; max: number },
): HeldEdges | undefined {
  const edges = family.edges;
  if (edges === undefined || edges.length === 0) return undefined;
  const values: Record<string, number> = {};
  for (const edge of edges)
    values[family.params[edge.param] as string] = edge.at === "min" ? min : max;
  const inner = allEdges(family) ? undefined : fixParameters(family, values);
  const full = (innerParams: readonly number[]) => {
    let k = 0;
    return family.params.map((name) => values[name] ?? (innerParams[k++] as number));
  };
  const describe = edges
    .map((e) => `${family.params[e.param]} = the ${e.at === "min" ? "smallest" : "largest"} value`)
    .join(", ");
  return { values, inner, full, describe };
}

/** Every parameter is an end of the support (the uniform): nothing to iterate. */
export function allEdges(family: Family): boolean {
  return family.edges?.length === family.params.length;
}

function edgeNames(family: Family): string {
  return (family.edges ?? []).map((e) => family.params[e.param]).join(" and ");
}

/**
 * A DataError when an edge the user fixed leaves the smallest or largest value outside the
 * support (the generalized Pareto's threshold above the smallest value).
 */
export function checkFixedEdges(family: Family, { min, max }: { min: number; max: number }): void {
  const fixed = family.fixed;
  if (fixed === undefined) return;
  for (const edge of fixed.family.edges ?? []) {
    const name = fixed.family.params[edge.param] as string;
    const value = fixed.values[name];
    if (value === undefined) continue;
    const outside = edge.at === "min" ? min < value : max > value;
    if (outside) {
      throw new DataError(
        `--fix ${name}=${value}: the ${edge.at === "min" ? "smallest" : "largest"} value, ${edge.at === "min" ? min : max}, is outside the ${family.name} family's support (${name} is its ${edge.at === "min" ? "lower" : "upper"} end)`,
      );
    }
  }
}

/**
 * Why Wald's standard errors do not apply to this fit, or undefined where they do: a parameter
 * at an edge of the support (its MLE is an extreme value, where the log-likelihood's derivative is
 * not 0), or the family's own reason at these parameters (the GEV's shape ≤ -0.5).
 */
export function nonRegularReason(family: Family, params: readonly number[]): string | undefined {
  const edges = family.edges ?? [];
  if (edges.length > 0) {
    return `${edgeNames(family)} ${edges.length === 1 ? "is an end" : "are the ends"} of the support, whose MLE${edges.length === 1 ? " is an extreme value" : "s are the extreme values"}, where the log-likelihood's derivative is not 0`;
  }
  return family.nonRegular?.(params);
}

/**
 * For a support that moves with the parameters (family.inSupport: the GEV's, the generalized
 * Pareto's), the test that θ keeps every value between min and max inside it: the support is an
 * interval, so the two ends stand for all. Undefined for a support that does not move.
 */
export function supportHolds(
  family: Family,
  { min, max }: { min: number; max: number },
): ((params: readonly number[]) => boolean) | undefined {
  const { inSupport } = family;
  if (inSupport === undefined) return undefined;
  return (params) => inSupport(min, params) && inSupport(max, params);
}
