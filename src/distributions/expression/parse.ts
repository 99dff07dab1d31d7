import { UsageError } from "../../errors.js";

/**
 * The grammar of --logpdf and --logpmf: numbers, names, calls, parentheses, unary minus and
 * + - * / ^ (also **), with the usual precedence (^ binds tightest and to the right, so -x^2 is
 * -(x^2)). A grammar of our own: smaller than adapting a general JavaScript-expression parser
 * (jsep) and refusing the most of what it accepts (members, strings, this). The tree it makes
 * is only ever compiled to engine graphs (compile.ts): the user's text is never evaluated or
 * spliced into code.
 */
export type Expr =
  | { kind: "number"; value: number; at: number }
  | { kind: "name"; name: string; at: number }
  | { kind: "call"; name: string; args: Expr[]; at: number }
  | { kind: "negate"; arg: Expr; at: number }
  | { kind: "binary"; op: "+" | "-" | "*" | "/" | "^"; left: Expr; right: Expr; at: number };

/** Longer text than this is refused before it is read. */
export const MAX_LENGTH = 10_000;
/** Deeper nesting than this is refused (the parser and the compiler recurse). */
export const MAX_DEPTH = 100;

interface Token {
  kind: "number" | "name" | "op" | "end";
  text: string;
  at: number;
}

const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** The text as tokens; a character that is none of them is an error naming its column. */
function tokenize(text: string, flag: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const rest = text.slice(i);
    const space = /^\s+/.exec(rest);
    if (space) {
      i += space[0].length;
      continue;
    }
    const number = NUMBER.exec(rest);
    const name = number ? null : NAME.exec(rest);
    let token: Token;
    if (number) token = { kind: "number", text: number[0], at: i };
    else if (name) token = { kind: "name", text: name[0], at: i };
    else if (rest.startsWith("**")) token = { kind: "op", text: "^", at: i };
    else if ("+-*/^(),".includes(rest[0] as string)) {
      token = { kind: "op", text: rest[0] as string, at: i };
    } else {
      throw new UsageError(
        `${flag}: unexpected ${JSON.stringify(rest[0])} at column ${i + 1} (an expression has numbers, names, calls f(a, b), parentheses and + - * / ^)`,
      );
    }
    tokens.push(token);
    i += rest.startsWith("**") ? 2 : token.text.length;
  }
  tokens.push({ kind: "end", text: "", at: text.length });
  return tokens;
}

/** The syntax tree of an expression, or a usage error naming the column where it goes wrong. */
export function parseExpression(text: string, flag: string): Expr {
  if (text.length > MAX_LENGTH) {
    throw new UsageError(
      `${flag}: the expression is ${text.length} characters long; at most ${MAX_LENGTH}`,
    );
  }
  const tokens = tokenize(text, flag);
  let position = 0;
  let depth = 0;
  const peek = () => tokens[position] as Token;
  const fail = (what: string, token: Token = peek()): never => {
    const found = token.kind === "end" ? "the end" : JSON.stringify(token.text);
    throw new UsageError(`${flag}: expected ${what} at column ${token.at + 1}, found ${found}`);
  };
  const take = (text: string) => {
    if (peek().kind === "op" && peek().text === text) {
      position++;
      return true;
    }
    return false;
  };
  const nested = <T>(inner: () => T): T => {
    if (++depth > MAX_DEPTH) {
      throw new UsageError(`${flag}: the expression nests more than ${MAX_DEPTH} levels deep`);
    }
    const result = inner();
    depth--;
    return result;
  };

  const additive = (): Expr =>
    nested(() => {
      let left = multiplicative();
      for (;;) {
        const at = peek().at;
        if (take("+")) left = { kind: "binary", op: "+", left, right: multiplicative(), at };
        else if (take("-")) left = { kind: "binary", op: "-", left, right: multiplicative(), at };
        else return left;
      }
    });
  const multiplicative = (): Expr => {
    let left = unary();
    for (;;) {
      const at = peek().at;
      if (take("*")) left = { kind: "binary", op: "*", left, right: unary(), at };
      else if (take("/")) left = { kind: "binary", op: "/", left, right: unary(), at };
      else return left;
    }
  };
  const unary = (): Expr =>
    nested(() => {
      const at = peek().at;
      if (take("-")) return { kind: "negate", arg: unary(), at };
      if (take("+")) return unary();
      const base = primary();
      const powerAt = peek().at;
      // Right-associative, and the exponent may carry its own sign: 2^-x, a^b^c = a^(b^c).
      if (take("^")) return { kind: "binary", op: "^", left: base, right: unary(), at: powerAt };
      return base;
    });
  const primary = (): Expr => {
    const token = peek();
    if (token.kind === "number") {
      position++;
      const value = Number(token.text);
      if (!Number.isFinite(value)) fail("a finite number", token);
      return { kind: "number", value, at: token.at };
    }
    if (token.kind === "name") {
      position++;
      if (!take("(")) return { kind: "name", name: token.text, at: token.at };
      const args: Expr[] = [];
      if (!take(")")) {
        do args.push(additive());
        while (take(","));
        if (!take(")")) fail('"," or ")"');
      }
      return { kind: "call", name: token.text, args, at: token.at };
    }
    if (take("(")) {
      const inner = additive();
      if (!take(")")) fail('")"');
      return inner;
    }
    return fail("a number, a name or (");
  };

  const tree = additive();
  if (peek().kind !== "end") fail("an operator or the end");
  return tree;
}
