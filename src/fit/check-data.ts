import type { Family } from "../distributions/family.js";
import { meanSd } from "../distributions/summaries.js";
import { DataError } from "../errors.js";

/**
 * Throws a DataError that says why the data cannot be fitted: no values; one value for a family
 * of two or more parameters; all values equal (no spread to estimate a scale from); all counts 0
 * (or all 0 for a family of values of 0 or above: the mean on the edge of its range); a spread that overflows a double. Whether the maximum
 * then exists is the exact fit's to say: a parameter running off to its limit is reported there.
 */
export function checkEnoughData(family: Family, data: Float64Array): void {
  const n = data.length;
  const k = family.params.length;
  if (n === 0) throw new DataError("no values to fit");
  if (n === 1 && k > 1) {
    throw new DataError(
      `only one value (${data[0]}): a ${family.title} fit needs at least two that differ`,
    );
  }
  const { mean, sd } = meanSd(data);
  if ((family.support === "count" || family.support === "nonnegative") && mean === 0) {
    throw new DataError(
      `all ${n} values are 0: a ${family.title} fit's mean would be 0, on the edge of its range`,
    );
  }
  if (!(sd > 0) && k > 1) {
    throw new DataError(
      `all ${n} values are equal (${data[0]}): ${/^(?!Uni)[AEIOU]/.test(family.title) ? "an" : "a"} ${family.title} fit needs values that differ`,
    );
  }
  if (!Number.isFinite(sd)) {
    throw new DataError("the values' spread overflows a double: rescale the data first");
  }
}
