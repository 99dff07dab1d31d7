import type { Operand } from "../../engine/value.js";
import { logAddExp, Value } from "../../engine/value.js";
import { UsageError } from "../../errors.js";
import type { Family } from "../family.js";
import type { Expr } from "./parse.js";

/**
 * A syntax tree (parse.ts) compiled to an engine graph: each operator and function becomes
 * engine operations, so the log-density's gradient and Hessian come from the engine, and the
 * compiled kernel runs it as it runs a built-in family. Names are looked up in Maps (never in
 * objects, whose prototypes answer to "constructor" and "__proto__"): a name that is not the
 * datum, a parameter, a constant or a function is an error naming it.
 */
type Fn = { arity: number | "many"; apply(args: Value[]): Value; about: string };

const unary = (about: string, apply: (a: Value) => Value): Fn => ({
  arity: 1,
  about,
  apply: ([a]) => apply(a as Value),
});

const FUNCTIONS = new Map<string, Fn>([
  ["log", unary("log", (a) => a.log())],
  ["exp", unary("exp", (a) => a.exp())],
  ["sqrt", unary("sqrt", (a) => a.pow(0.5))],
  ["log1p", unary("log1p", (a) => a.log1p())],
  ["expm1", unary("expm1", (a) => a.special("expm1"))],
  ["abs", unary("abs", (a) => a.abs())],
  ["lgamma", unary("lgamma", (a) => a.lgamma())],
  ["digamma", unary("digamma", (a) => a.special("digamma"))],
  ["logistic", unary("logistic (1 / (1 + e^-z))", (a) => a.special("sigmoid"))],
  [
    "logsumexp",
    {
      arity: "many",
      about: "logsumexp(a, b, ...)",
      apply: (args) => args.slice(1).reduce(logAddExp, args[0] as Value),
    },
  ],
]);

export const CONSTANTS = new Map<string, number>([["pi", Math.PI]]);

/** The built-in families' log-densities, log-CDFs and log-survivals as functions. */
export function familyFunctions(families: readonly Family[]): Map<string, Fn> {
  const table = new Map<string, Fn>();
  for (const family of families) {
    const base = family.name.replaceAll("-", "_");
    const arity = family.params.length + 1;
    const about = `${base}(x, ${family.params.join(", ")})`;
    const mass = family.support === "count" ? "logpmf" : "logpdf";
    table.set(`${base}_${mass}`, {
      arity,
      about,
      apply: ([x, ...params]) => family.logProb(x as Value, params),
    });
    const { logCdf, logSf } = family;
    if (logCdf !== undefined) {
      table.set(`${base}_logcdf`, {
        arity,
        about,
        apply: ([x, ...params]) => logCdf(x as Value, params),
      });
    }
    if (logSf !== undefined) {
      table.set(`${base}_logsf`, {
        arity,
        about,
        apply: ([x, ...params]) => logSf(x as Value, params),
      });
    }
  }
  return table;
}

/** Every name a parameter may not take: the datum, the constants and the functions. */
export function reservedNames(families: readonly Family[]): Set<string> {
  return new Set([
    "x",
    ...CONSTANTS.keys(),
    ...FUNCTIONS.keys(),
    ...familyFunctions(families).keys(),
  ]);
}

/**
 * The log-density as a function of the datum and the parameters (in `names`' order), building
 * an engine graph at each call. Every name and call is checked here, once, before any data are
 * read: an unknown name or a wrong count of arguments is a usage error naming it.
 */
export function compileExpression(
  tree: Expr,
  names: readonly string[],
  families: readonly Family[],
  flag: string,
): (x: Operand, params: readonly Value[]) => Value {
  const functions = new Map([...FUNCTIONS, ...familyFunctions(families)]);
  const index = new Map(names.map((name, j) => [name, j]));
  const check = (node: Expr): void => {
    switch (node.kind) {
      case "name":
        if (node.name !== "x" && !index.has(node.name) && !CONSTANTS.has(node.name)) {
          throw new UsageError(
            `${flag}: unknown name ${JSON.stringify(node.name)} at column ${node.at + 1} (x is the datum; the parameters are ${names.join(", ") || "none"}, named with --start; constants: pi)`,
          );
        }
        return;
      case "call": {
        const fn = functions.get(node.name);
        if (fn === undefined) {
          throw new UsageError(
            `${flag}: unknown function ${JSON.stringify(node.name)} at column ${node.at + 1} (functions: ${[...FUNCTIONS.keys()].join(", ")}, and each family's <name>_logpdf, _logpmf, _logcdf, _logsf)`,
          );
        }
        const count = node.args.length;
        if (fn.arity === "many" ? count < 1 : count !== fn.arity) {
          throw new UsageError(
            `${flag}: ${node.name} takes ${fn.arity === "many" ? "one or more arguments" : `${fn.arity} argument${fn.arity === 1 ? "" : "s"}`}, given ${count} at column ${node.at + 1}: ${fn.about}`,
          );
        }
        for (const arg of node.args) check(arg);
        return;
      }
      case "negate":
        check(node.arg);
        return;
      case "binary":
        check(node.left);
        check(node.right);
        return;
      default:
        return;
    }
  };
  check(tree);
  for (const name of names) {
    if (!mentions(tree, name)) {
      throw new UsageError(
        `${flag}: the parameter ${name} (from --start) does not appear in the expression`,
      );
    }
  }
  return (x, params) => {
    const datum = x instanceof Value ? x : new Value(x);
    const build = (node: Expr): Value => {
      switch (node.kind) {
        case "number":
          return new Value(node.value);
        case "name":
          if (node.name === "x") return datum;
          if (index.has(node.name)) return params[index.get(node.name) as number] as Value;
          return new Value(CONSTANTS.get(node.name) as number);
        case "call":
          return (functions.get(node.name) as Fn).apply(node.args.map(build));
        case "negate":
          return build(node.arg).neg();
        case "binary":
          return binary(node.op, build(node.left), build(node.right), constantOf(node.right));
      }
    };
    return build(tree);
  };
}

/** The value of a subtree of numbers and constants alone (2^3^2, -1/2, pi), else undefined. */
function constantOf(node: Expr): number | undefined {
  switch (node.kind) {
    case "number":
      return node.value;
    case "name":
      return CONSTANTS.get(node.name);
    case "negate": {
      const a = constantOf(node.arg);
      return a === undefined ? undefined : -a;
    }
    case "binary": {
      const a = constantOf(node.left);
      const b = constantOf(node.right);
      if (a === undefined || b === undefined) return undefined;
      switch (node.op) {
        case "+":
          return a + b;
        case "-":
          return a - b;
        case "*":
          return a * b;
        case "/":
          return a / b;
        default:
          return a ** b;
      }
    }
    default:
      return undefined;
  }
}

function binary(
  op: "+" | "-" | "*" | "/" | "^",
  a: Value,
  b: Value,
  exponent: number | undefined,
): Value {
  switch (op) {
    case "+":
      return a.add(b);
    case "-":
      return a.sub(b);
    case "*":
      return a.mul(b);
    case "/":
      return a.div(b);
    default:
      // A constant exponent is the engine's power (x^2 of a negative x is fine); any other
      // exponent is exp(b·log a), for a positive a.
      if (exponent !== undefined && Number.isFinite(exponent)) return a.pow(exponent);
      return b.mul(a.log()).exp();
  }
}

function mentions(tree: Expr, name: string): boolean {
  switch (tree.kind) {
    case "name":
      return tree.name === name;
    case "call":
      return tree.args.some((arg) => mentions(arg, name));
    case "negate":
      return mentions(tree.arg, name);
    case "binary":
      return mentions(tree.left, name) || mentions(tree.right, name);
    default:
      return false;
  }
}
