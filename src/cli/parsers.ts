import { extname } from "node:path";
import { InvalidArgumentError } from "commander";
import { MAX_SEED } from "../data/random.js";
import { canonicalFamilyName, FAMILY_NAMES, type FamilyName } from "../distributions/names.js";
import { parseStrictNumber } from "../input/parse-number.js";

/**
 * Option-argument parsers. Each names its flag and shows the bad value, since commander prints
 * only the message; the command line turns it into one line on stderr and exit 2.
 */
type Parser<T> = (text: string) => T;

function invalid(flag: string, text: string, want: string): InvalidArgumentError {
  return new InvalidArgumentError(`${flag} must be ${want}, got ${JSON.stringify(text)}`);
}

export function finiteNumber(flag: string): Parser<number> {
  return (text) => {
    const value = parseStrictNumber(text);
    if (value === undefined) throw invalid(flag, text, "a finite number");
    return value;
  };
}

export function positiveNumber(flag: string): Parser<number> {
  return (text) => {
    const value = parseStrictNumber(text);
    if (value === undefined || !(value > 0)) throw invalid(flag, text, "a number above 0");
    return value;
  };
}

/** Accepts 1000 and 1e6 alike; the upper bound keeps the shuffle's 32-bit indices valid. */
export function positiveInteger(flag: string, max = 2 ** 32 - 1): Parser<number> {
  return (text) => {
    const value = parseStrictNumber(text);
    if (value === undefined || !Number.isInteger(value) || value < 1 || value > max) {
      throw invalid(flag, text, `a whole number from 1 to ${max}`);
    }
    return value;
  };
}

/** --epochs: "auto", or a whole number of passes up to a million. */
export function epochs(text: string): number | "auto" {
  if (text === "auto") return "auto";
  const value = parseStrictNumber(text);
  if (value === undefined || !Number.isInteger(value) || value < 1 || value > 1e6) {
    throw invalid("--epochs", text, "auto, or a whole number from 1 to 1000000");
  }
  return value;
}

export function seed(text: string): number {
  const value = parseStrictNumber(text);
  if (value === undefined || !Number.isInteger(value) || value < 0 || value > MAX_SEED) {
    throw invalid("--seed", text, `a whole number from 0 to ${MAX_SEED}`);
  }
  return value;
}

/** A 1-based column number, or a header name. */
export function column(text: string): number | string {
  if (/^\d+$/.test(text.trim())) {
    const index = Number(text);
    if (index < 1) throw invalid("--column", text, "a header name or a column number from 1");
    return index;
  }
  if (text === "") throw invalid("--column", text, "a header name or a column number from 1");
  return text;
}

/** One character; `tab` and `\t` name the tab. */
export function delimiter(text: string): string {
  if (text === "tab" || text === "\\t") return "\t";
  if ([...text].length !== 1 || text === '"' || text === "\n" || text === "\r") {
    throw invalid("--delimiter", text, "one character other than a quote or newline (or tab)");
  }
  return text;
}

/** One of a fixed set of names. */
export function oneOf<T extends string>(flag: string, names: readonly T[]): Parser<T> {
  return (text) => {
    const name = names.find((n) => n === text);
    if (name === undefined) throw invalid(flag, text, `one of ${names.join(", ")}`);
    return name;
  };
}

/** A probability strictly between 0 and 1, such as a confidence level. */
export function probability(flag: string): Parser<number> {
  return (text) => {
    const value = parseStrictNumber(text);
    if (value === undefined || !(value > 0 && value < 1))
      throw invalid(flag, text, "a number between 0 and 1");
    return value;
  };
}

const FIGURE_FORMATS = ["svg", "png"] as const;
type FigureFormat = (typeof FIGURE_FORMATS)[number];

/** A figure's format, from its file name's extension (any case); undefined for any other. */
export function figureFormat(path: string): FigureFormat | undefined {
  const ext = extname(path).slice(1).toLowerCase();
  return FIGURE_FORMATS.find((format) => format === ext);
}

/** --plot-file: a path ending in .svg or .png, which says the format. */
export function figureFile(text: string): string {
  if (figureFormat(text) === undefined) {
    throw invalid("--plot-file", text, "a file name ending in .svg or .png");
  }
  return text;
}

/**
 * --dist: a family's name (or R's or scipy's short name); `auto`, to compare every family; or
 * a comma-separated list of names, to compare those.
 */
export function dist(text: string): FamilyName | "auto" | FamilyName[] {
  if (text.toLowerCase() === "auto") return "auto";
  const parts = text.split(",");
  const names = parts.map((part) => {
    const name = canonicalFamilyName(part.trim());
    if (name === undefined) {
      const known = `auto, one of ${FAMILY_NAMES.join(", ")} (or R's or scipy's name), or a list of them`;
      // In a list, name the one that is not a family.
      if (parts.length > 1) {
        throw new InvalidArgumentError(
          `--dist: ${JSON.stringify(part.trim())} in ${JSON.stringify(text)} is not a family; --dist must be ${known}`,
        );
      }
      throw invalid("--dist", text, known);
    }
    return name;
  });
  const [only] = names;
  if (names.length === 1 && only !== undefined) return only;
  return [...new Set(names)];
}

/** --mixture K: the number of components, 2 to 9. */
export function mixture(text: string): number {
  const k = Number(text);
  if (!/^\d+$/.test(text.trim()) || k < 2 || k > 9) {
    throw invalid("--mixture", text, "a number of components from 2 to 9");
  }
  return k;
}

/** --param name=value, repeated or comma-separated (as --start): collected into one object. */
export function param(text: string, previous: Record<string, number> = {}): Record<string, number> {
  return { ...previous, ...nameValue("--param", text) };
}

/**
 * --fix name=value, repeated or comma-separated: parameters held at values while the others are
 * fitted.
 */
export function fix(text: string, previous: Record<string, number> = {}): Record<string, number> {
  return { ...previous, ...nameValue("--fix", text) };
}

const PARAM_NAME = "[A-Za-z_][A-Za-z0-9_]*";

/** --start a=1,b=2 (or repeated): the parameters of --logpdf in order, with their starts. */
export function start(text: string, previous: [string, number][] = []): [string, number][] {
  const pairs = text.split(",").map((part): [string, number] => {
    const match = new RegExp(`^\\s*(${PARAM_NAME})\\s*=\\s*(\\S+)\\s*$`).exec(part);
    const value = match?.[2] === undefined ? undefined : parseStrictNumber(match[2]);
    if (match === null || value === undefined) {
      throw invalid("--start", text, "name=value,... with finite numbers, such as shape=1,scale=2");
    }
    return [match[1] as string, value];
  });
  return [...previous, ...pairs];
}

/** --positive a,b (or repeated): parameters of --logpdf that stay above 0. */
export function positive(text: string, previous: string[] = []): string[] {
  const names = text.split(",").map((n) => n.trim());
  if (!names.every((n) => new RegExp(`^${PARAM_NAME}$`).test(n))) {
    throw invalid("--positive", text, "parameter names separated by commas, such as shape,scale");
  }
  return [...previous, ...names];
}

/** --bounds p=0:1,... (or repeated): parameters of --logpdf inside an open interval. */
export function bounds(
  text: string,
  previous: Record<string, [number, number]> = {},
): Record<string, [number, number]> {
  const result = { ...previous };
  for (const part of text.split(",")) {
    const match = new RegExp(`^\\s*(${PARAM_NAME})\\s*=\\s*([^:]+):(.+)$`).exec(part);
    const lower = match?.[2] === undefined ? undefined : parseStrictNumber(match[2].trim());
    const upper = match?.[3] === undefined ? undefined : parseStrictNumber(match[3].trim());
    if (match === null || lower === undefined || upper === undefined || !(lower < upper)) {
      throw invalid("--bounds", text, "name=lower:upper with finite lower < upper, such as p=0:1");
    }
    result[match[1] as string] = [lower, upper];
  }
  return result;
}

/** name=value, or several joined by commas (a number has no comma): shape=2,rate=0.5. */
function nameValue(flag: string, text: string): Record<string, number> {
  const result: Record<string, number> = {};
  for (const part of text.split(",")) {
    const match = new RegExp(`^\\s*(${PARAM_NAME})\\s*=(.*)$`).exec(part);
    const [, name, raw] = match ?? [];
    const value = raw === undefined ? undefined : parseStrictNumber(raw.trim());
    if (name === undefined || value === undefined) {
      throw invalid(
        flag,
        text,
        "name=value with a finite number, such as shape=2 (or shape=2,rate=0.5)",
      );
    }
    result[name] = value;
  }
  return result;
}
