import { type Role, roles } from "./compile.js";
import { isSpecial, SPECIAL, type SpecialName } from "./special.js";
import { topologicalOrder, Value } from "./value.js";

/**
 * The compiler's second backend: a traced graph as SQL, for sums over rows that a database
 * computes where the data live. Only ANSI functions appear (SUM and COUNT around the
 * expressions; LN, EXP, POWER, ABS and CASE inside them), so the same text runs on DuckDB,
 * PostgreSQL, Spark SQL, Trino or BigQuery. Nodes that depend on the parameters alone are not
 * SQL at all: they are computed once in JavaScript and reach the query as bound values ($1,
 * $2, ...), never spliced into its text.
 */

/** A graph that needs a function SQL lacks (lgamma of a datum and a parameter, say). */
export class NotPushableError extends Error {
  constructor(readonly op: string) {
    super(`no SQL for ${op}`);
    this.name = "NotPushableError";
  }
}

/** Each node's role in the graphs of these roots: compile.ts's classification, over their union. */
export function rolesOf(
  roots: readonly Value[],
  x: Value,
  theta: readonly Value[],
): Map<Value, Role> {
  return roles(topologicalOrder(new Value(0, roots, "roots")), [x], theta);
}

/**
 * What an engine does that ANSI leaves open, where the SQL can be lighter for it. The portable
 * dialect (--print-sql) assumes the strictest engine.
 */
export interface SqlDialect {
  /**
   * EXP below about -745 is 0, as in IEEE arithmetic (DuckDB), rather than an error
   * (PostgreSQL's "value out of range: underflow"): EXP needs no CASE guard per row, which
   * costs DuckDB a quarter of a Weibull query's time.
   */
  expUnderflowsToZero: boolean;
  /**
   * Each layer of per-row columns (SqlWriter.layered) ends in OFFSET 0, which keeps PostgreSQL
   * from pulling the subquery up into its parent: pulled up, every use of a column is its whole
   * expression again, nested layers multiply, and a GEV query over 100,000 rows ran for minutes
   * (OFFSET 0: under a second). ANSI has no such fence, and BigQuery refuses an OFFSET without a
   * LIMIT, so the portable text leaves it out.
   */
  fenceLayers: boolean;
}

export const PORTABLE: SqlDialect = { expUnderflowsToZero: false, fenceLayers: false };
/** PostgreSQL's. */
export const POSTGRES: SqlDialect = { expUnderflowsToZero: false, fenceLayers: true };
/** DuckDB's. */
export const IEEE_EXP: SqlDialect = { expUnderflowsToZero: true, fenceLayers: false };

/** A finite number as SQL text (never NaN or ±Infinity, which SQL has no literal for). */
export function sqlNumber(v: number): string {
  if (!Number.isFinite(v)) throw new NotPushableError(`the constant ${v}`);
  const text = Object.is(v, -0) ? "0" : String(v);
  // With an exponent: a DOUBLE in DuckDB (1.5 alone would be a DECIMAL, cast on every row), a
  // float in the other engines, and never an INTEGER that divides with truncation.
  return /[eE]/.test(text) ? `(${text})` : `(${text}e0)`;
}

/**
 * SQL expressions of the sample nodes of a graph. `column` is the datum (x); `param(node)` is
 * the SQL of a node of θ alone: a bound placeholder ("$3"). Expressions are memoized, so a node
 * shared by several roots is written once per use (the text is a tree).
 */
export class SqlWriter {
  private readonly memo = new Map<Value, string>();
  /** Named per-row nodes: their column, and the nesting level that computes them. */
  private readonly named = new Map<Value, { column: string; level: number; text: string }>();
  private readonly depth = new Map<Value, number>();

  constructor(
    private readonly role: Map<Value, Role>,
    private readonly column: string,
    private readonly param: (node: Value) => string,
    /** Per-row nodes that several expressions use: computed once per row, as a column. */
    private readonly shared: ReadonlySet<Value> = new Set(),
    private readonly dialect: SqlDialect = PORTABLE,
  ) {}

  expression(node: Value): string {
    const known = this.memo.get(node);
    if (known !== undefined) return known;
    const role = this.role.get(node);
    let text: string;
    if (role === "constant") text = sqlNumber(node.data);
    else if (role === "param") text = this.param(node);
    else if (node.children.length === 0) text = this.column;
    else text = this.op(node);
    // The level whose columns this node's text reads: the deepest named node inside it.
    let depth = Math.max(0, ...node.children.map((c) => this.depth.get(c) ?? 0));
    if (this.shared.has(node) && node.children.length > 0 && role === "sample") {
      depth += 1;
      const column = `c${this.named.size}`;
      this.named.set(node, { column, level: depth, text });
      text = column;
    }
    this.depth.set(node, depth);
    this.memo.set(node, text);
    return text;
  }

  /**
   * The relation `from` (with the datum in x) wrapped in one SELECT per level of named nodes,
   * each adding the columns computed from the level below: every engine computes a named node
   * once per row, not once per use.
   */
  layered(from: string): string {
    const levels = Math.max(0, ...[...this.named.values()].map((n) => n.level));
    if (levels === 0) return from;
    let relation = `(SELECT * FROM ${from}) AS l0`;
    for (let level = 1; level <= levels; level++) {
      const columns = [...this.named.values()]
        .filter((n) => n.level === level)
        .map((n) => `${n.text} AS ${n.column}`);
      const fence = this.dialect.fenceLayers ? " OFFSET 0" : "";
      relation = `(SELECT l${level - 1}.*, ${columns.join(", ")} FROM ${relation}${fence}) AS l${level}`;
    }
    return relation;
  }

  private op(node: Value): string {
    const [a, b] = node.children.map((c) => this.expression(c));
    const constant = (i: number) => {
      const child = node.children[i] as Value;
      return this.role.get(child) === "constant" ? child.data : undefined;
    };
    switch (node.op) {
      case "+":
        if (constant(1) === 0) return a as string;
        if (constant(0) === 0) return b as string;
        return `(${a} + ${b})`;
      case "*":
        // The gradient graphs multiply by 1 and -1 a lot: folded, not computed per row.
        if (constant(1) === 1) return a as string;
        if (constant(0) === 1) return b as string;
        if (constant(1) === -1) return `(- ${a})`;
        if (constant(0) === -1) return `(- ${b})`;
        return `(${a} * ${b})`;
      case "sum":
        return `(${node.children.map((c) => this.expression(c)).join(" + ")})`;
      case "**":
        return power(a as string, node.exponent as number);
      case "exp":
        return this.dialect.expUnderflowsToZero ? `EXP(${a})` : guardedExp(a as string);
      case "log":
        return `LN(${a})`;
      default:
        if (isSpecial(node.op)) return special(node.op, a as string);
        throw new NotPushableError(node.op);
    }
  }
}

function power(a: string, k: number): string {
  if (k === 0) return "(1e0)";
  if (k === 1) return a;
  if (k === 2) return `(${a} * ${a})`;
  if (k === -1) return `(1e0 / ${a})`;
  if (k === -2) return `(1e0 / (${a} * ${a}))`;
  return `POWER(${a}, ${sqlNumber(k)})`;
}

/** EXP that underflows to 0 below -700 (PostgreSQL raises an error there instead). */
function guardedExp(a: string): string {
  return `(CASE WHEN ${a} < -700e0 THEN 0e0 ELSE EXP(${a}) END)`;
}

/** The special functions SQL can write with ANSI functions, stable where the JavaScript is. */
function special(name: SpecialName, a: string): string {
  switch (name) {
    case "log1p":
      return log1pSql(a);
    case "abs":
      return `ABS(${a})`;
    case "sign":
      return `(CASE WHEN ${a} > 0 THEN 1e0 WHEN ${a} < 0 THEN -1e0 ELSE 0e0 END)`;
    case "softplus":
      // log(1 + eᵃ): a itself above 36 (e⁻ᵃ below a double's resolution), eᵃ below -36.
      return `(CASE WHEN ${a} > 36e0 THEN ${a} WHEN ${a} < -36e0 THEN ${guardedExp(a)} ELSE LN(1e0 + EXP(${a})) END)`;
    case "sigmoid":
      return `(CASE WHEN ${a} < -700e0 THEN 0e0 WHEN ${a} > 700e0 THEN 1e0 ELSE 1e0 / (1e0 + EXP(-(${a}))) END)`;
    case "log1pOver":
    case "log1pOver1":
    case "log1pOver2":
      return log1pOverSql(name, a);
    default:
      throw new NotPushableError(name);
  }
}

/**
 * Special functions whose SQL repeats their argument (a CASE on it, a series in it): the
 * argument is best computed once per row, as a column of its own (SqlWriter's `shared`).
 */
export function repeatsArgument(op: string): boolean {
  return (
    op === "sign" ||
    op === "softplus" ||
    op === "sigmoid" ||
    op === "log1p" ||
    op.startsWith("log1pOver")
  );
}

/**
 * log(1 + a) to a few ulps with LN alone (no ANSI LOG1P), by Goldberg's trick: u = 1 + a rounds,
 * and LN(u)·a/(u - 1) corrects for that; a itself where u rounds to 1. Plain LN(1 + a) loses
 * the digits of a small a (all of them below 1e-16).
 */
function log1pSql(a: string): string {
  return `(CASE WHEN (1e0 + ${a}) = 1e0 THEN ${a} ELSE LN(1e0 + ${a}) * ${a} / ((1e0 + ${a}) - 1e0) END)`;
}

/** Terms of the series below |t| = 0.1: the last is below 0.1^19 · 19 ≈ 2e-18 of the first. */
const LOG1P_OVER_TERMS = 20;

/**
 * L(t) = log(1 + t)/t and its two derivatives, as special.ts computes them: by their Taylor
 * series (Horner's rule in -t) below |t| = 0.1, where the closed forms cancel, and by the closed
 * forms above, with log1p(t) (no ANSI LOG1P) as LN(1 + t) corrected for the rounding of 1 + t:
 * plain LN(1 + t) cost L'' 30 times its error at t = 0.1.
 */
function log1pOverSql(name: "log1pOver" | "log1pOver1" | "log1pOver2", t: string): string {
  const coefficient = (m: number) =>
    name === "log1pOver"
      ? 1 / (m + 1)
      : name === "log1pOver1"
        ? -(m + 1) / (m + 2)
        : ((m + 2) * (m + 1)) / (m + 3);
  let series = sqlNumber(coefficient(LOG1P_OVER_TERMS - 1));
  for (let m = LOG1P_OVER_TERMS - 2; m >= 0; m--) {
    series = `(${series} * (- ${t}) + ${sqlNumber(coefficient(m))})`;
  }
  const log = log1pSql(t);
  const closed =
    name === "log1pOver"
      ? `${log} / ${t}`
      : name === "log1pOver1"
        ? `(${t} / (1e0 + ${t}) - ${log}) / (${t} * ${t})`
        : `(2e0 * ${log} - ${t} * (3e0 * ${t} + 2e0) / ((1e0 + ${t}) * (1e0 + ${t}))) / (${t} * ${t} * ${t})`;
  return `(CASE WHEN ABS(${t}) < 0.1e0 THEN ${series} ELSE ${closed} END)`;
}

/**
 * Evaluates the nodes of θ alone at given parameters, with the engine's own arithmetic: what the
 * bound values of a query are.
 */
export function evaluateParamNodes(
  nodes: readonly Value[],
  theta: readonly Value[],
  at: readonly number[],
): Map<Value, number> {
  const values = new Map<Value, number>();
  theta.forEach((leaf, j) => {
    values.set(leaf, at[j] as number);
  });
  const numberOf = (node: Value): number => {
    const known = values.get(node);
    if (known !== undefined) return known;
    if (node.children.length === 0) return node.data;
    const [a, b] = node.children.map(numberOf) as [number, number];
    let v: number;
    switch (node.op) {
      case "+":
        v = a + b;
        break;
      case "*":
        v = a * b;
        break;
      case "sum":
        v = node.children.reduce((s, c) => s + numberOf(c), 0);
        break;
      case "**":
        v = a ** (node.exponent as number);
        break;
      case "exp":
        v = Math.exp(a);
        break;
      case "log":
        v = Math.log(a);
        break;
      default:
        if (!isSpecial(node.op)) throw new Error(`no value for op ${node.op}`);
        v = SPECIAL[node.op](a);
    }
    values.set(node, v);
    return v;
  };
  for (const node of nodes) numberOf(node);
  return values;
}
