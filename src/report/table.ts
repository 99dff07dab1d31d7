import { REPORT_WIDTH, wrap } from "./wrap.js";

/**
 * A table of text cells: the first row heads the columns, the columns named in `left` are
 * left-aligned and the others right-aligned, `gap` apart. Where its cells are too wide for 80
 * columns (numbers near 1e300, say), each row is written instead as its name (the cells of the
 * `left` columns) and `heading value` pairs, wrapped.
 */
export function alignTable(
  rows: readonly (readonly string[])[],
  { left = [0], gap = "   " }: { left?: readonly number[]; gap?: string } = {},
): string[] {
  const width = (cell: string) => [...cell].length;
  const widths = (rows[0] ?? []).map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ""))));
  const table = rows.map((row) =>
    row
      .map((cell, c) => {
        const pad = " ".repeat((widths[c] ?? 0) - width(cell));
        return left.includes(c) ? cell + pad : pad + cell;
      })
      .join(gap)
      .trimEnd(),
  );
  if (table.every((line) => width(line) <= REPORT_WIDTH)) return table;
  const [header = [], ...body] = rows;
  return [
    left.map((c) => header[c] ?? "").join(gap),
    ...body.flatMap((row) => {
      const name = left.map((c) => row[c] ?? "").join(" ");
      const pairs = row.flatMap((cell, c) => (left.includes(c) ? [] : [`${header[c]} ${cell}`]));
      return wrap(`  ${name}: ${pairs.join("; ")}`, REPORT_WIDTH, 4);
    }),
  ];
}
