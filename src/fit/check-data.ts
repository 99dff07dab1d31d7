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
      `only one value (${data[0]}): ${aFit(family)} needs at least two that differ`,
    );
  }
  const { mean, sd } = meanSd(data);
  if ((family.support === "count" || family.support === "nonnegative") && mean === 0) {
    throw new DataError(
      `all ${n} values are 0: ${aFit(family)} would put the mean at 0, on the edge of its range`,
    );
  }
  if (!(sd > 0) && k > 1) {
    throw new DataError(
      `all ${n} values are equal (${data[0]}): ${aFit(family)} needs values that differ`,
    );
  }
  if (!Number.isFinite(sd)) {
    throw new DataError("the values' spread overflows a double: rescale the data first");
  }
}

/** "a Normal fit", "an Exponential fit", "a Uniform fit", "a fit of a mixture of 2 Poissons". */
function aFit(family: Family): string {
  const { title } = family;
  if (title.startsWith("Mixture of ")) return `a fit of a m${title.slice(1)}`;
  return `${/^(?!Uni)[AEIOU]/.test(title) ? "an" : "a"} ${title} fit`;
}
