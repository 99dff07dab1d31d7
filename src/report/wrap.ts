/** Every line of a text report fits this many columns (a terminal's default width). */
export const REPORT_WIDTH = 80;

/**
 * Text broken at spaces into lines of at most `width` columns (a single word longer than that
 * stands alone on its line), every line after the first indented by `indent` spaces.
 *
 * @example
 * wrap("(exact MLE: Newton's method ...; SE: its standard error)", 40, 1);
 */
export function wrap(text: string, width = REPORT_WIDTH, indent = 0): string[] {
  // Leading spaces (a right-aligned number) stay where they are.
  const lead = /^ */.exec(text)?.[0] ?? "";
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    const empty = line === "" || (lines.length === 0 && line === lead);
    const candidate = empty ? `${line}${word}` : `${line} ${word}`;
    const limit = lines.length === 0 ? width : width - indent;
    if ([...candidate].length <= limit || empty) {
      line = candidate;
      continue;
    }
    lines.push(line);
    line = word;
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${" ".repeat(indent)}${l}`));
}
