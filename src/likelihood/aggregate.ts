import type { Family } from "../distributions/family.js";
import { gradientGraph } from "../engine/gradient-graph.js";
import {
  evaluateParamNodes,
  NotPushableError,
  PORTABLE,
  repeatsArgument,
  rolesOf,
  type SqlDialect,
  SqlWriter,
} from "../engine/sql.js";
import { topologicalOrder, Value } from "../engine/value.js";
import { UsageError } from "../errors.js";
import type { LikelihoodAt } from "./likelihood.js";

/**
 * A family's log-likelihood as sums a database computes (issue 14): the engine's graph of log p,
 * its gradient and its Hessian, compiled to SQL (engine/sql.ts).
 *
 * - "statistics": where every root is a polynomial, with coefficients in θ, of numbers computed
 *   from the datum alone (x, x², log x, ... : sufficient statistics), one query of their sums
 *   gives the log-likelihood, gradient and Hessian at any θ: Newton's method then runs here,
 *   and the data are read once (Normal, lognormal, exponential, gamma).
 * - "newton": otherwise each evaluation is one query, SUM of each root's per-row expression with
 *   θ's values bound (Weibull, logistic, Cauchy, Student t).
 *
 * A graph that needs a function SQL lacks, per row, is not pushable: a UsageError (exit 2) names
 * the family and the function.
 */
export interface AggregatePlan {
  kind: "statistics" | "newton";
  /** The SELECT list over a relation with the datum in column `x`; $1, $2, ... bound. */
  selectList: string[];
  /**
   * Whether the rows are read centred, x - c: then bind and evaluate take θ followed by c, and
   * the relation must give x - c as x.
   */
  centred: boolean;
  /** The relation the select list reads: `from` (the datum in x) with its shared columns. */
  wrap(from: string): string;
  /** The values bound to $1, $2, ... at θ (none for "statistics"). */
  bind(theta: readonly number[]): number[];
  /** The likelihood at θ from the query's results (n = COUNT(x) is its first column). */
  evaluate(results: readonly number[], theta: readonly number[]): LikelihoodAt;
}

const plans = new WeakMap<Family, Map<SqlDialect, AggregatePlan>>();

export function aggregatePlan(family: Family, dialect: SqlDialect = PORTABLE): AggregatePlan {
  let byDialect = plans.get(family);
  if (byDialect === undefined) {
    byDialect = new Map();
    plans.set(family, byDialect);
  }
  let plan = byDialect.get(dialect);
  if (plan === undefined) {
    plan = makePlan(family, dialect);
    byDialect.set(dialect, plan);
  }
  return plan;
}

interface Roots {
  x: Value;
  theta: Value[];
  /** θ, then the centre c where the rows are centred (x = x̃ + c): what the plan's values read. */
  leaves: Value[];
  logProb: Value;
  gradient: Value[];
  /** Hessian of log p, [j][k] for k ≥ j (the rest by symmetry). */
  hessian: Value[][];
}

function tracedRoots(family: Family): Roots {
  const x = new Value(0);
  const theta = family.params.map(() => new Value(0));
  // A family of all real numbers reads its rows centred, x̃ = x - c (c near their middle), and
  // its graph is traced at x̃ + c with c a value like θ's: then (x - loc) is x̃ + (c - loc), with
  // c - loc computed here, and the sums of x̃ and x̃² keep their digits for data like 1e12 + noise
  // (the sums of x and x² would cancel).
  const centre = family.support === "real" ? new Value(0) : undefined;
  const logProb = family.logProb(centre === undefined ? x : x.add(centre), theta);
  const gradient = gradientGraph(logProb, theta);
  const hessian = gradient.map((g, j) => gradientGraph(g, theta.slice(j)));
  return {
    x,
    theta,
    leaves: centre === undefined ? theta : [...theta, centre],
    logProb,
    gradient,
    hessian,
  };
}

function makePlan(family: Family, dialect: SqlDialect): AggregatePlan {
  if (family.kinked !== undefined) {
    throw new UsageError(
      `${family.name} cannot be fitted in the database yet: its MLE sits at a kink (a median), which sums cannot find (fit it in memory, without --sql / --db)`,
    );
  }
  if (family.edges !== undefined) {
    const edges = family.edges.map((e) => family.params[e.param]).join(" and ");
    throw new UsageError(
      `--print-sql --dist ${family.name}: its ${edges} ${family.edges.length === 1 ? "is an end" : "are the ends"} of the support, held at the rows' MIN and MAX before the other sums: that plan is not printed yet (the fit itself runs in the database)`,
    );
  }
  const roots = tracedRoots(family);
  const all = [roots.logProb, ...roots.gradient, ...roots.hessian.flat()];
  try {
    return polynomialPlan(roots, all, dialect);
  } catch (error) {
    if (error instanceof NotPushableError) {
      throw new UsageError(
        `${family.name} cannot be fitted in the database: its log-density needs ${error.op} of each value, which SQL has not (fit it in memory, without --sql / --db)`,
      );
    }
    throw error;
  }
}

/** Assembles the likelihood from each root's total over the rows. */
function fromTotals(roots: Roots, totals: readonly number[]): LikelihoodAt {
  const p = roots.theta.length;
  let k = 1 + p;
  const hessian = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    for (let m = j; m < p; m++) {
      const h = -(totals[k++] as number);
      (hessian[j] as number[])[m] = h;
      (hessian[m] as number[])[j] = h;
    }
  }
  return { logLik: totals[0] as number, gradient: totals.slice(1, 1 + p), hessian };
}

/**
 * A polynomial in the atoms: monomial key (atom ids joined by "*"; "" is 1) → its coefficient,
 * a graph of θ alone built with the engine's ops, evaluated whole: (c - loc) is one subtraction
 * before it is squared, not c² - 2c·loc + loc², which would cancel.
 */
type Poly = Map<string, Value>;

const MAX_DEGREE = 4;

/**
 * Every root as a polynomial over per-row atoms: sums, products and small whole powers are
 * expanded, and any other node (log x; e^(shape·t), with θ in it) is an atom of its own. Atoms of
 * the datum alone make a "statistics" plan (one query); an atom with θ in it, a "newton" plan.
 */
function polynomialPlan(roots: Roots, all: Value[], dialect: SqlDialect): AggregatePlan {
  const role = rolesOf(all, roots.x, roots.leaves);
  const bound: Value[] = [];
  const param = (node: Value) => {
    let i = bound.indexOf(node);
    if (i < 0) i = bound.push(node) - 1;
    return `CAST($${i + 1} AS DOUBLE PRECISION)`;
  };
  const plain = new SqlWriter(role, "x", param);
  // The atoms: the per-row numbers the sums multiply together. Of the datum alone (x, log x),
  // they are sufficient statistics; of the datum and θ (the Weibull's (x/scale)^shape), their
  // sums change with θ, and each evaluation is a query of them.
  const atoms: Value[] = [];
  const atomIndex = new Map<string, number>();
  const statOf = (node: Value): string => {
    const sql = plain.expression(node);
    let i = atomIndex.get(sql);
    if (i === undefined) {
      i = atoms.push(node) - 1;
      atomIndex.set(sql, i);
    }
    return String(i);
  };
  const polys = new Map<Value, Poly>();
  const polyOf = (node: Value): Poly | undefined => {
    const r = role.get(node);
    if (r === "constant" || r === "param") return new Map([["", node]]);
    return polys.get(node);
  };
  const statistic = (node: Value): Poly => new Map([[statOf(node), new Value(1)]]);
  for (const root of all) {
    for (const node of topologicalOrder(root)) {
      if (polys.has(node) || role.get(node) !== "sample") continue;
      // Sums, products and small whole powers are expanded; any other function (log x, e^(k·t))
      // is an atom of its own.
      const poly = node.children.length === 0 ? statistic(node) : combined(node, polyOf);
      polys.set(node, poly ?? statistic(node));
    }
  }
  const rootPolys = all.map((root) => polyOf(root) as Poly);
  const monomials = [...new Set(rootPolys.flatMap((p) => [...p.keys()]))].filter((m) => m !== "");
  // Each atom computed once per row, as a column, however many sums use it; so is the argument
  // of a function whose SQL repeats it (the GEV's L(ξz) is a CASE and a series in ξz).
  const shared = new Set(atoms);
  for (const root of all) {
    for (const node of topologicalOrder(root)) {
      if (repeatsArgument(node.op)) shared.add(node.children[0] as Value);
    }
  }
  const sharing = new SqlWriter(role, "x", param, shared, dialect);
  const atomSql = atoms.map((atom) => sharing.expression(atom));
  // COUNT(x), not COUNT(*): rows the fit skips are NULL in x (cli/database.ts), and every sum
  // skips them too.
  const selectList = [
    "COUNT(x)",
    ...monomials.map(
      (m) =>
        `SUM(${m
          .split("*")
          .map((id) => atomSql[Number(id)] as string)
          .join(" * ")})`,
    ),
  ];
  const coefficients = [...new Set(rootPolys.flatMap((p) => [...p.values()]))];
  return {
    kind: bound.length === 0 ? "statistics" : "newton",
    centred: roots.leaves.length > roots.theta.length,
    selectList,
    wrap: (from) => sharing.layered(from),
    bind: (theta) => {
      const values = evaluateParamNodes(bound, roots.leaves, theta);
      return bound.map((node) => values.get(node) as number);
    },
    evaluate: (results, theta) => {
      const values = evaluateParamNodes(coefficients, roots.leaves, theta);
      const sums = new Map<string, number>([["", results[0] as number]]);
      monomials.forEach((m, i) => {
        sums.set(m, results[i + 1] as number);
      });
      const totals = rootPolys.map((poly) => {
        let total = 0;
        for (const [m, coefficient] of poly) {
          total += (values.get(coefficient) ?? coefficient.data) * (sums.get(m) as number);
        }
        return total;
      });
      return fromTotals(roots, totals);
    },
  };
}

/** A sum, product or small whole power of polynomials; undefined for any other op. */
function combined(node: Value, polyOf: (node: Value) => Poly | undefined): Poly | undefined {
  const children = node.children.map(polyOf);
  if (children.some((c) => c === undefined)) return undefined;
  const [a, b] = children as Poly[];
  if (node.op === "+" || node.op === "sum") return (children as Poly[]).reduce(addPoly);
  if (node.op === "*") return mulPoly(a as Poly, b as Poly);
  if (node.op !== "**") return undefined;
  const k = node.exponent as number;
  if (!(Number.isInteger(k) && k >= 0 && k <= MAX_DEGREE)) return undefined;
  let poly: Poly | undefined = new Map([["", new Value(1)]]);
  for (let i = 0; i < k && poly !== undefined; i++) poly = mulPoly(poly, a as Poly);
  return poly;
}

function addPoly(a: Poly, b: Poly): Poly {
  const out: Poly = new Map(a);
  for (const [m, coefficient] of b) {
    const known = out.get(m);
    out.set(m, known === undefined ? coefficient : known.add(coefficient));
  }
  return out;
}

function mulPoly(a: Poly, b: Poly): Poly | undefined {
  const out: Poly = new Map();
  for (const [ma, ta] of a) {
    for (const [mb, tb] of b) {
      const ids = [...(ma ? ma.split("*") : []), ...(mb ? mb.split("*") : [])].sort();
      if (ids.length > MAX_DEGREE) return undefined;
      const key = ids.join("*");
      const product = ta.mul(tb);
      const known = out.get(key);
      out.set(key, known === undefined ? product : known.add(product));
    }
  }
  return out;
}
