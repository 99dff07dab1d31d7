import { Value } from "../../engine/value.js";
import { UsageError } from "../../errors.js";
import { integrate } from "../../stats/quadrature.js";
import { type Constraint, describeConstraint, within } from "../constraint.js";
import { type Family, SUPPORTS, type Support } from "../family.js";
import { compileExpression, reservedNames } from "./compile.js";
import { parseExpression } from "./parse.js";

/** A user's log-density or log-mass function, as the command line gives it. */
export interface ExpressionSpec {
  text: string;
  /** --logpdf (a density of a continuous datum) or --logpmf (a mass function of counts). */
  mass: "pdf" | "pmf";
  /** --start: each parameter's name and start, in order. */
  start: readonly (readonly [string, number])[];
  /** --positive: parameters above 0. */
  positive?: readonly string[];
  /** --bounds: parameters inside an open interval. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * A family from a user's log-density: parsed and compiled to engine graphs (parse.ts,
 * compile.ts), so that SGD, the exact MLE by Newton on the engine's Hessian, standard errors,
 * intervals and the figure all work as for a built-in family. Its CDF, for goodness of fit
 * and the figure, is the density integrated numerically (a mass function summed), and a
 * density that does not integrate to 1 is said to have no goodness of fit.
 */
export function expressionFamily(spec: ExpressionSpec, families: readonly Family[]): Family {
  const flag = spec.mass === "pdf" ? "--logpdf" : "--logpmf";
  if (spec.start.length === 0) {
    throw new UsageError(`${flag} needs --start name=value,... : each parameter and its start`);
  }
  const reserved = reservedNames(families);
  const names = spec.start.map(([name]) => name);
  for (const name of names) {
    if (!NAME.test(name) || reserved.has(name)) {
      throw new UsageError(
        `--start ${name}: a parameter's name is a letter or _ and then letters, digits or _, and not x, pi or a function's name`,
      );
    }
  }
  if (new Set(names).size !== names.length) {
    throw new UsageError(`--start names a parameter twice: ${names.join(", ")}`);
  }
  const constraints = names.map((name): Constraint => {
    const bound = spec.bounds?.[name];
    const positive = spec.positive?.includes(name) ?? false;
    if (bound !== undefined && positive) {
      throw new UsageError(`${name} is in both --positive and --bounds: choose one`);
    }
    if (bound !== undefined) return { lower: bound[0], upper: bound[1] };
    return positive ? "positive" : "real";
  });
  for (const name of [...(spec.positive ?? []), ...Object.keys(spec.bounds ?? {})]) {
    if (!names.includes(name)) {
      throw new UsageError(
        `${name} (in --positive or --bounds) is not a parameter of --start (${names.join(", ")})`,
      );
    }
  }
  const start = spec.start.map(([, value]) => value);
  start.forEach((value, j) => {
    const constraint = constraints[j] as Constraint;
    if (!within(constraint, value)) {
      throw new UsageError(
        `--start ${names[j]}=${value}: it must be ${describeConstraint(constraint)}`,
      );
    }
  });
  const logProb = compileExpression(parseExpression(spec.text, flag), names, families, flag);
  const support: Support = spec.mass === "pmf" ? "count" : "real";
  // The data's range and spread, from the first call of start(data): the panels of the
  // numerical CDF are laid at their scale.
  let hint = { lo: 0, hi: 0, spread: 1 };
  const tables = new Map<string, CdfTable>();
  const tableAt = (params: readonly number[]): CdfTable => {
    const key = params.join(",");
    let table = tables.get(key);
    if (table === undefined) {
      const leaves = params.map((p) => new Value(p));
      const density = (x: number) => Math.exp(logProb(x, leaves).data);
      table = support === "count" ? countTable(density, hint.hi) : densityTable(density, hint);
      if (tables.size > 64) tables.clear();
      tables.set(key, table);
    }
    return table;
  };
  return {
    name: spec.mass === "pdf" ? "logpdf" : "logpmf",
    title: spec.mass === "pdf" ? "Your log-density" : "Your log-mass function",
    params: names,
    constraints,
    support,
    logProb,
    start(data) {
      if (data.length > 0) {
        let lo = Number.POSITIVE_INFINITY;
        let hi = Number.NEGATIVE_INFINITY;
        for (const v of data) {
          if (v < lo) lo = v;
          if (v > hi) hi = v;
        }
        hint = { lo, hi, spread: (hi - lo) / 8 || Math.abs(lo) || 1 };
      }
      return [...start];
    },
    cdf: (x, params) => tableAt(params).cdf(x),
    sampler() {
      throw new UsageError(
        `${flag}: drawing values from your density is not available (the bootstraps, generated data)`,
      );
    },
    expression: {
      text: spec.text,
      flag,
      gofUnavailable(params) {
        const mass = tableAt(params).mass;
        if (Math.abs(mass - 1) <= 1e-6) return undefined;
        const where = support === "count" ? "sums to" : "integrates to";
        return `not available: your ${spec.mass === "pdf" ? "density" : "mass function"} ${where} ${mass.toPrecision(6)} over ${SUPPORTS[support].describe} at the estimate, not 1 (without its normalizing constant the fit is not an MLE, nor AIC an AIC)`;
      },
    },
  };
}

interface CdfTable {
  cdf(x: number): number;
  /** The total: 1 for a density that is one. */
  mass: number;
}

/**
 * The CDF of a density by quadrature over panels at the data's scale: 64 across the data's
 * range, then panels doubling in width into each tail until they hold nothing (relative to
 * what is accumulated). The cumulative integral at each panel's edge is kept; F(x) adds the
 * integral from the edge below x.
 */
function densityTable(
  density: (x: number) => number,
  { lo, hi, spread }: { lo: number; hi: number; spread: number },
): CdfTable {
  const points: number[] = [];
  for (let k = 60; k >= 0; k--) points.push(lo - spread * 2 ** k);
  // Data above 0: an edge at 0 and panels halving towards it, where a density on the positive
  // line may have an integrable singularity (the gamma's x^(a-1) for a < 1).
  if (lo > 0) for (let k = 60; k >= 0; k--) points.push(k === 60 ? 0 : lo * 2 ** -(k + 1));
  const inner = hi > lo ? 64 : 0;
  for (let i = 0; i <= inner; i++) points.push(lo + ((hi - lo) * i) / Math.max(inner, 1));
  for (let k = 0; k <= 60; k++) points.push(hi + spread * 2 ** k);
  const edges = [...new Set(points)].sort((a, b) => a - b);
  const cumulative = [0];
  for (let i = 1; i < edges.length; i++) {
    const piece = integrate(density, edges[i - 1] as number, edges[i] as number);
    cumulative.push((cumulative[i - 1] as number) + piece);
  }
  // The tails beyond 2^60 spreads hold nothing a double can see.
  const mass = cumulative.at(-1) as number;
  return {
    mass,
    cdf(x) {
      if (!(x > (edges[0] as number))) return 0;
      if (x >= (edges.at(-1) as number)) return mass;
      let low = 0;
      let high = edges.length - 1;
      while (high - low > 1) {
        const middle = (low + high) >> 1;
        if ((edges[middle] as number) <= x) low = middle;
        else high = middle;
      }
      return (cumulative[low] as number) + integrate(density, edges[low] as number, x);
    },
  };
}

/** The CDF of a mass function on 0, 1, 2, ...: partial sums, until the terms vanish. */
function countTable(mass: (k: number) => number, hi: number): CdfTable {
  const sums: number[] = [];
  let total = 0;
  for (let k = 0; k < 10_000_000; k++) {
    const p = mass(k);
    total += Number.isFinite(p) ? p : 0;
    sums.push(total);
    if (k > hi && k > 20 && !(p > 1e-17 * total)) break;
  }
  return {
    mass: total,
    cdf(x) {
      if (x < 0) return 0;
      const k = Math.floor(x);
      return k < sums.length ? (sums[k] as number) : total;
    },
  };
}
