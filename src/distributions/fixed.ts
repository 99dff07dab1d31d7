import { type Operand, Value } from "../engine/value.js";
import { UsageError } from "../errors.js";
import { type Constraint, describeConstraint, within } from "./constraint.js";
import type { Family } from "./family.js";

/**
 * The family with some parameters held at given values, as R's fitdist(fix.arg = ...): its params
 * are the free ones, in the family's order, and everything the fit, the inference and the reports
 * use (log-density, start, CDF, quantile, sampler) takes the free ones and puts the fixed ones
 * back. So every step of the pipeline fits only the free parameters, and SE, AIC and BIC count
 * only them.
 *
 * The hooks that assume every parameter is estimated are dropped: the closed form (Newton finds
 * the constrained MLE), the tables of goodness-of-fit p-values (they are for estimated
 * parameters; a parametric bootstrap, which refits the free ones, gives them), the family's own
 * SGD coordinates, the limit test, and the scaling of data near 1e±300 (a fixed parameter would
 * have to scale with the data).
 *
 * @example
 * const fixedLoc = fixParameters(normal, { loc: 0 }); // fits scale alone
 * fixedLoc.params; // ["scale"]
 */
export function fixParameters(family: Family, values: Readonly<Record<string, number>>): Family {
  checkFixed(family, values);
  const free = family.params.flatMap((name, j) => (name in values ? [] : [j]));
  const held = family.params.map((name) => values[name]);
  /** The full vector from the free values. */
  const full = <T>(freeValues: readonly T[], constant: (v: number) => T): T[] => {
    let k = 0;
    return family.params.map((_, j) => {
      const fixedValue = held[j];
      return fixedValue === undefined ? (freeValues[k++] as T) : constant(fixedValue);
    });
  };
  const numbers = (freeValues: readonly number[]) => full(freeValues, (v) => v);
  const pick = <T>(all: readonly T[]) => free.map((j) => all[j] as T);
  const described = family.params
    .filter((name) => name in values)
    .map((name) => `${name} = ${values[name]}`)
    .join(", ");
  const { kinked, information, resolution, logCdf, logSf } = family;
  const fullValues = (params: readonly Value[]) => full(params, (v) => new Value(v));
  const kinkedFree = kinked === undefined ? -1 : free.indexOf(kinked.param);
  const fixed: Family = {
    name: family.name,
    title: `${family.title} (${described} fixed)`,
    params: pick(family.params),
    constraints: pick(family.constraints),
    support: family.support,
    logProb: (x, params) => family.logProb(x, fullValues(params)),
    ...(logCdf && logSf
      ? {
          logCdf: (x: Operand, params: readonly Value[]) => logCdf(x, fullValues(params)),
          logSf: (x: Operand, params: readonly Value[]) => logSf(x, fullValues(params)),
        }
      : {}),
    start: (data) => pick(family.start(data)),
    cdf: (x, params) => family.cdf(x, numbers(params)),
    ...(family.quantile
      ? {
          quantile: (p: number, params: readonly number[]) =>
            family.quantile?.(p, numbers(params)) ?? Number.NaN,
        }
      : {}),
    ...(family.logTails
      ? {
          logTails: (x: number, params: readonly number[], out: Float64Array) =>
            family.logTails?.(x, numbers(params), out),
        }
      : {}),
    ...(information
      ? {
          information: (params: readonly number[], n: number, data?: Float64Array) => {
            const matrix = information(numbers(params), n, data);
            return free.map((j) => free.map((k) => matrix[j]?.[k] ?? Number.NaN));
          },
        }
      : {}),
    ...(kinked !== undefined && kinkedFree >= 0
      ? {
          kinked: {
            param: kinkedFree,
            argmax: (data: Float64Array, params: readonly number[]) =>
              kinked.argmax(data, numbers(params)),
          },
        }
      : {}),
    ...(resolution
      ? { resolution: (exact: readonly number[]) => pick(resolution(numbers(exact))) }
      : {}),
    ...(family.limit ? { limit: family.limit } : {}),
    ...edgeHooks(family, free, numbers),
    sampler: (params, uniform) => family.sampler(numbers(params), uniform),
    fixed: { family, values: { ...values } },
  };
  views.set(fixed, { family, free, full: numbers });
  return fixed;
}

/**
 * How a family made by fixParameters maps to the family it came from: its free parameters'
 * indices there, and the full vector from the free values. The likelihood of such a family is
 * the original's at the full vector, its gradient and Hessian the free rows and columns of the
 * original's (likelihood.ts): so one compiled kernel serves every value a parameter is held at
 * (a profile's grid, a bootstrap's refits with an edge at each sample's minimum).
 */
export interface FixedView {
  family: Family;
  free: readonly number[];
  full(freeValues: readonly number[]): number[];
}

const views = new WeakMap<Family, FixedView>();

/** The view of a family made by fixParameters, or undefined for any other (a copy included). */
export function fixedView(family: Family): FixedView | undefined {
  return views.get(family);
}

/**
 * The support hooks of a family with fixed parameters: the free edges, renumbered among the free
 * parameters, and the moving support's tests, which take the free values and put the fixed back.
 */
function edgeHooks(
  family: Family,
  free: readonly number[],
  numbers: (freeValues: readonly number[]) => number[],
): Pick<Family, "edges" | "inSupport" | "nonRegular" | "unbounded"> {
  const { inSupport, nonRegular, unbounded } = family;
  const edges = (family.edges ?? []).flatMap((edge) => {
    const k = free.indexOf(edge.param);
    return k < 0 ? [] : [{ param: k, at: edge.at }];
  });
  return {
    ...(edges.length > 0 ? { edges } : {}),
    ...(inSupport
      ? { inSupport: (x: number, params: readonly number[]) => inSupport(x, numbers(params)) }
      : {}),
    ...(nonRegular
      ? { nonRegular: (params: readonly number[]) => nonRegular(numbers(params)) }
      : {}),
    ...(unbounded ? { unbounded: (params: readonly number[]) => unbounded(numbers(params)) } : {}),
  };
}

/** Names the family has, values in range, and at least one parameter left to fit. */
function checkFixed(family: Family, values: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(values)) {
    const j = family.params.indexOf(name);
    if (j < 0) {
      throw new UsageError(
        `--fix ${name}: ${family.name} has no parameter ${JSON.stringify(name)} (its parameters: ${family.params.join(", ")})`,
      );
    }
    if (!within(family.constraints[j] as Constraint, value)) {
      throw new UsageError(
        `--fix ${name}=${value}: ${family.name}'s ${name} must be ${describeConstraint(family.constraints[j] as Constraint)}`,
      );
    }
  }
  if (family.params.every((name) => name in values)) {
    throw new UsageError(
      `--fix: every parameter of ${family.name} is fixed (${family.params.join(", ")}); leave at least one to fit`,
    );
  }
}

/**
 * A usage error when a family's known parameters (the binomial's size) are not all fixed:
 * they are data about the experiment, not estimates.
 */
export function checkMustFix(family: Family, fixed: Readonly<Record<string, number>> = {}): void {
  const missing = (family.mustFix ?? []).filter((name) => !(name in fixed));
  if (missing.length > 0) {
    const example = missing.map((name) => `--fix ${name}=N`).join(" ");
    const generate = missing.map((name) => `--param ${name}=N`).join(" ");
    throw new UsageError(
      `--dist ${family.name}: ${missing.join(", ")} is known, not fitted (${family.known ?? "a property of the data, not an estimate"}): give it with ${example} (with generated data, ${generate})`,
    );
  }
}
