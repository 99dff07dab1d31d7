import type { Family } from "../distributions/family.js";
import { checkMustFix, fixParameters } from "../distributions/fixed.js";
import { acceptingFamilies } from "../distributions/index.js";
import { supportError } from "../distributions/support.js";
import type { DataError } from "../errors.js";
import { UsageError } from "../errors.js";

/** --init-loc and --init-scale: the start of a family's loc or scale. */
const INIT_FLAGS = [
  ["initLoc", "--init-loc", "loc"],
  ["initScale", "--init-scale", "scale"],
] as const;

/** Flags about one family's SGD fit or its inference, which --dist auto (exact fits) has not. */
const FIT_ONLY = [
  ["gofBootstrap", "--gof-bootstrap"],
  ["trace", "--trace"],
  ["maxGapSe", "--max-gap-se"],
  ["initLoc", "--init-loc"],
  ["initScale", "--init-scale"],
  ["fix", "--fix"],
  ["weights", "--weights"],
] as const;

type FlagKey = (typeof FIT_ONLY)[number][0];

/** A usage error for a flag the chosen family, or a comparison of families, has no use for. */
export function checkFamilyFlags(
  family: Family | "auto",
  options: Partial<Record<FlagKey, unknown>>,
): void {
  const given = (key: FlagKey) => options[key] !== undefined && options[key] !== false;
  if (family === "auto") {
    for (const [key, flag] of FIT_ONLY) {
      if (given(key)) {
        throw new UsageError(
          `${flag} applies to one family's fit; a comparison (--dist auto or a list) has exact fits only (choose one --dist to use ${flag})`,
        );
      }
    }
    return;
  }
  const fixed = (options.fix ?? {}) as Record<string, number>;
  checkMustFix(family, fixed);
  // Names, values and that one parameter is left: a usage error before any data are read.
  if (given("fix")) fixParameters(family, fixed);
  for (const [key, flag, name] of INIT_FLAGS) {
    if (given(key) && !family.params.includes(name)) {
      throw new UsageError(
        `${flag}: --dist ${family.name} has no parameter ${name} (its parameters: ${family.params.join(", ")})`,
      );
    }
    if (given(key) && name in fixed) {
      throw new UsageError(`${flag}: ${name} is fixed by --fix ${name}=${fixed[name]}`);
    }
  }
}

/**
 * Exit 65 for a value of a file outside the family's support: the first one, its line, and the
 * families that would take every value.
 */
export function fileSupportError(
  family: Family,
  where: string,
  first: { line: number; value: number },
  values: Float64Array,
): DataError {
  return supportError(family, `${where}:${first.line}`, first.value, acceptingFamilies(values));
}
