import type { Family } from "../distributions/family.js";
import type { Wald } from "./wald.js";

/**
 * A mixture's K weights and their standard errors: the first K - 1 are parameters; the last is
 * 1 minus their sum, its standard error by the delta method, sqrt(1'Σ1) over the free weights'
 * covariance (Σ from the Wald standard errors and correlations). Undefined for other families;
 * standard errors null where the information is not positive definite.
 */
export function mixtureWeights(
  family: Family,
  params: readonly number[],
  wald: Wald | undefined,
): { weights: number[]; se: number[] | null } | undefined {
  if (family.components === undefined) return undefined;
  const weights = family.components(params).map((c) => c.weight);
  const free = weights.length - 1;
  if (wald === undefined) return { weights, se: null };
  let variance = 0;
  for (let i = 0; i < free; i++) {
    for (let j = 0; j < free; j++) {
      variance +=
        (wald.correlations[i]?.[j] ?? 0) * (wald.se[i] as number) * (wald.se[j] as number);
    }
  }
  return { weights, se: [...wald.se.slice(0, free), Math.sqrt(variance)] };
}
