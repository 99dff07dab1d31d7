/**
 * x with as many significant digits as it takes to show it to `resolution` (at least 3, at most
 * 17), so a loc of 1e12 fitted with a scale of 1e-3 shows the digits that differ, and a loc of -4
 * with a scale of 2 does not drown in them.
 *
 * @example
 * formatNumber(-3.987654321, 2e-5); // "-3.98765"
 * formatNumber(1000000000000.00123, 1e-8); // "1000000000000.00123"
 */
export function formatNumber(x: number, resolution: number): string {
  if (x === 0) return "0";
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const step = Math.floor(Math.log10(resolution));
  const digits = Math.min(17, Math.max(3, magnitude - step + 1));
  const text = x.toPrecision(digits);
  // toPrecision switches to exponent form only past its digits; keep plain decimals readable.
  return text.includes("e") ? text : trimZeros(text);
}

function trimZeros(text: string): string {
  return text.includes(".") ? text.replace(/\.?0+$/, "") : text;
}
