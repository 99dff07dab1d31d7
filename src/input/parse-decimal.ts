/** 2^53: every integer up to it is exact in a double. */
const MAX_EXACT = 2 ** 53;

/** 10^0 … 10^22: every one exact in a double. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number written in ASCII bytes[from, to); undefined when they do not hold one (the grammar
 * of parseStrictNumber: ASCII whitespace around, decimal or scientific notation); null when they
 * do but the caller must convert the text with Number(). Most values need no string at all:
 * Clinger's fast path applies to a mantissa m of at most 2^53 (every value of 15 digits, most of
 * 16) and a power of ten 10^k with |k| ≤ 22, both exact doubles, so m·10^k or m/10^-k is one
 * correctly rounded operation, equal to Number(text) bit for bit. Larger mantissas (most
 * 17-digit values) and large exponents return null.
 *
 * @example
 * parseDecimal(Buffer.from(" -4.25e1"), 0, 8); // -42.5
 */
export function parseDecimal(
  bytes: Uint8Array,
  from: number,
  to: number,
): number | undefined | null {
  let i = from;
  let end = to;
  while (i < end && isSpace(bytes[i] as number)) i++;
  while (end > i && isSpace(bytes[end - 1] as number)) end--;
  if (i === end) return undefined;
  let negative = false;
  if (bytes[i] === 43 || bytes[i] === 45) {
    negative = bytes[i] === 45;
    i++;
  }
  let mantissa = 0;
  let exact = true; // false once the mantissa passes 2^53, past Clinger's range
  let scale = 0; // power of ten to apply
  let seenDigit = false;
  let c = bytes[i] as number;
  while (i < end && c >= 48 && c <= 57) {
    seenDigit = true;
    if (mantissa !== 0 || c !== 48) {
      if (exact && mantissa <= (MAX_EXACT - (c - 48)) / 10) mantissa = mantissa * 10 + (c - 48);
      else exact = false;
    }
    c = bytes[++i] as number;
  }
  if (i < end && c === 46) {
    c = bytes[++i] as number;
    while (i < end && c >= 48 && c <= 57) {
      seenDigit = true;
      if (mantissa !== 0 || c !== 48) {
        if (exact && mantissa <= (MAX_EXACT - (c - 48)) / 10) mantissa = mantissa * 10 + (c - 48);
        else exact = false;
      }
      scale--;
      c = bytes[++i] as number;
    }
  }
  if (!seenDigit) return undefined;
  if (i < end && (c === 101 || c === 69)) {
    c = bytes[++i] as number;
    let exponentNegative = false;
    if (i < end && (c === 43 || c === 45)) {
      exponentNegative = c === 45;
      c = bytes[++i] as number;
    }
    if (!(i < end && c >= 48 && c <= 57)) return undefined;
    let exponent = 0;
    while (i < end && c >= 48 && c <= 57) {
      if (exponent < 1e6) exponent = exponent * 10 + (c - 48);
      c = bytes[++i] as number;
    }
    scale += exponentNegative ? -exponent : exponent;
  }
  if (i !== end) return undefined;
  if (exact && (mantissa === 0 || (scale >= -22 && scale <= 22))) {
    const value =
      mantissa === 0
        ? 0
        : scale >= 0
          ? mantissa * (POWERS[scale] as number)
          : mantissa / (POWERS[-scale] as number);
    return negative ? -value : value;
  }
  // Valid, but not for the fast path: the caller converts the checked text with Number().
  return null;
}

/** The ASCII characters String.prototype.trim removes: tab, LF, VT, FF, CR, space. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
