import { describeConstraint, within } from "../distributions/constraint.js";
import type { Family } from "../distributions/family.js";
import { UsageError } from "../errors.js";

/**
 * The parameters to generate data from: --param name=value for each of the family's parameters
 * (the Normal also takes --loc and --scale, with the blog post's defaults, passed as `defaults`).
 * Each must be finite and keep its constraint.
 */
export function generationParams(
  family: Family,
  given: Readonly<Record<string, number>>,
  defaults: Readonly<Record<string, number>> = {},
): number[] {
  for (const name of Object.keys(given)) {
    if (!family.params.includes(name)) {
      throw new UsageError(
        `--param ${name}: ${family.name} has no parameter ${JSON.stringify(name)} (its parameters: ${family.params.join(", ")})`,
      );
    }
  }
  const values = family.params.map((name) => {
    const value = given[name] ?? defaults[name];
    if (value === undefined) {
      const example = family.params.map((p) => `--param ${p}=...`).join(" ");
      throw new UsageError(`to generate ${family.name} data, give every parameter: ${example}`);
    }
    return value;
  });
  family.constraints.forEach((constraint, j) => {
    const value = values[j] ?? Number.NaN;
    if (!within(constraint, value)) {
      const name = family.params[j];
      throw new UsageError(
        `--param ${name}=${value}: ${family.name}'s ${name} must be ${describeConstraint(constraint)}`,
      );
    }
  });
  return values;
}
