/** Decimal or scientific notation, nothing else: no hex, no NaN or Infinity, no thousands marks. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a field holds, or undefined when it does not hold exactly one finite number.
 * Spaces around it are allowed; `NaN`, `inf`, `0x1F`, `1,5`, `NA` and an empty field are not, and
 * neither is a value too large for a double (such as 1e999).
 *
 * @example
 * parseStrictNumber(" -4.5e-3 "); // -0.0045
 * parseStrictNumber("NaN"); // undefined
 */
export function parseStrictNumber(field: string): number | undefined {
  const text = field.trim();
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
