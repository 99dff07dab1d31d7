/**
 * x to a fixed number of decimals chosen from `resolution`, so a column of numbers lines up and
 * shows the digits that matter: a loc of 1e12 fitted with a scale of 1e-3 shows its last digits, a
 * loc of -4 with a scale of 2 does not drown in them. Beyond what fixed notation can show
 * (|x| ≥ 1e21 or more than 20 decimals), exponent notation with the same resolution.
 *
 * @example
 * formatNumber(-3.987654321, 2e-5); // "-3.98765"
 * formatNumber(2.05, 2e-5); // "2.05000"
 * formatNumber(1000000000000.0012, 1e-8); // "1000000000000.00122070"
 */
export function formatNumber(x: number, resolution: number): string {
  const step = Math.floor(Math.log10(resolution));
  const decimals = Math.max(0, -step);
  if (Math.abs(x) < 1e21 && decimals <= 20) return x.toFixed(decimals);
  const magnitude = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  const digits = Math.min(17, Math.max(1, magnitude - step + 1));
  return x.toPrecision(digits);
}
