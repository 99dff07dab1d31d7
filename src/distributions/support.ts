import { DataError } from "../errors.js";
import { censoringOf } from "../stats/censoring.js";
import { checkCensoredSupport } from "./censored.js";
import { type Family, firstOutside, SUPPORTS } from "./family.js";

/**
 * Exit 65 for a value outside the family's support: where it is (a file's line, or an index),
 * the value, the support, and, when given, the families that would take every value.
 */
export function supportError(
  family: Family,
  where: string,
  value: number,
  accepting?: readonly Family[],
): DataError {
  const others =
    accepting === undefined
      ? ""
      : `; families that accept these data: ${accepting.map((f) => f.name).join(", ")}`;
  return new DataError(
    `${where}: ${value} is outside the ${family.name} family's support (${SUPPORTS[family.support].describe})${others}`,
  );
}

/** Throws supportError for the first value outside the family's support, named data[i]. */
export function checkSupport(
  family: Family,
  values: ArrayLike<number>,
  accepting?: (values: ArrayLike<number>) => readonly Family[],
): void {
  if (values instanceof Float64Array && censoringOf(values) !== undefined) {
    checkCensoredSupport(family, values);
    return;
  }
  const outside = firstOutside(family, values);
  if (outside !== undefined) {
    throw supportError(family, `data[${outside.index}]`, outside.value, accepting?.(values));
  }
}
