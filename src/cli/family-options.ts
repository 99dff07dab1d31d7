import type { Family } from "../distributions/family.js";
import { SUPPORTS } from "../distributions/family.js";
import { FAMILIES } from "../distributions/index.js";
import { normal } from "../distributions/normal.js";
import { DataError, UsageError } from "../errors.js";

/** Flags that only the Normal's own fit knows, refused with any other family. */
const NORMAL_ONLY = [
  ["initLoc", "--init-loc"],
  ["initScale", "--init-scale"],
] as const;

/** Flags about one family's SGD fit or its inference, which --dist auto (exact fits) has not. */
const FIT_ONLY = [
  ["bootstrap", "--bootstrap"],
  ["gofBootstrap", "--gof-bootstrap"],
  ["trace", "--trace"],
  ["maxGapSe", "--max-gap-se"],
] as const;

/** A usage error for a flag the chosen family does not support (yet). */
export function checkFamilyFlags(
  family: Family | "auto",
  options: Partial<Record<(typeof NORMAL_ONLY)[number][0] | (typeof FIT_ONLY)[number][0], unknown>>,
): void {
  if (family === normal) return;
  if (family === "auto") {
    for (const [key, flag] of FIT_ONLY) {
      if (options[key] !== undefined && options[key] !== false) {
        throw new UsageError(
          `${flag} applies to one family's fit; a comparison (--dist auto or a list) has exact fits only (choose one --dist to use ${flag})`,
        );
      }
    }
  }
  for (const [key, flag] of NORMAL_ONLY) {
    if (options[key] !== undefined && options[key] !== false) {
      const which = family === "auto" ? "--dist auto" : `--dist ${family.name}`;
      throw new UsageError(`${flag} works with --dist normal only, not with ${which}`);
    }
  }
}

/**
 * The parameters to generate data from: --param name=value for each of the family's parameters
 * (the Normal also takes --loc and --scale, with the seed's defaults). Each must be finite and
 * keep its constraint.
 */
export function generationParams(
  family: Family,
  given: Record<string, number>,
  normalDefaults: { loc: number; scale: number },
): number[] {
  for (const name of Object.keys(given)) {
    if (!family.params.includes(name)) {
      throw new UsageError(
        `--param ${name}: ${family.name} has no parameter ${JSON.stringify(name)} (its parameters: ${family.params.join(", ")})`,
      );
    }
  }
  const values = family.params.map((name) => {
    const value =
      given[name] ?? (family === normal ? normalDefaults[name as "loc" | "scale"] : undefined);
    if (value === undefined) {
      const example = family.params.map((p) => `--param ${p}=...`).join(" ");
      throw new UsageError(`to generate ${family.name} data, give every parameter: ${example}`);
    }
    return value;
  });
  family.constraints.forEach((constraint, j) => {
    if (constraint === "positive" && !((values[j] as number) > 0)) {
      throw new UsageError(
        `--param ${family.params[j]}=${values[j]}: ${family.name}'s ${family.params[j]} must be above 0`,
      );
    }
  });
  return values;
}

/** The families whose support holds every value: what --dist auto fits. */
export function acceptingFamilies(values: Float64Array): Family[] {
  const holds = { real: true, positive: true, count: true };
  for (const x of values) {
    if (holds.positive && !SUPPORTS.positive.accepts(x)) holds.positive = false;
    if (holds.count && !SUPPORTS.count.accepts(x)) holds.count = false;
    if (!holds.positive && !holds.count) break;
  }
  return FAMILIES.filter((f) => holds[f.support]);
}

/**
 * Exit 65 for a value outside the family's support: the first one, its line, and the families
 * that would take every value.
 */
export function supportError(
  family: Family,
  where: string,
  first: { line: number; value: number },
  values: Float64Array,
): DataError {
  const accepting = acceptingFamilies(values).map((f) => f.name);
  return new DataError(
    `${where}:${first.line}: ${first.value} is outside the ${family.name} family's support (${SUPPORTS[family.support].describe}); families that accept these data: ${accepting.join(", ")}`,
  );
}
