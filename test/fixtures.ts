import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Copies of ../shared/data (R's data sets and fitdistrplus reference fits), so tests run from a clone. */
export const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));

export interface ReferenceSet {
  file: string;
  column: string;
  n: number;
  fits: { norm: { estimate: { mean: number; sd: number }; loglik: number } };
}

export const reference = JSON.parse(readFileSync(`${FIXTURES}reference.json`, "utf8")) as Record<
  string,
  ReferenceSet
>;

/** The named column of a fixture CSV as numbers (a plain split: the fixtures have no quoting in data rows). */
export function fixtureColumn(set: ReferenceSet): Float64Array {
  const [header, ...rows] = readFileSync(`${FIXTURES}${set.file}`, "utf8").trim().split("\n");
  const index = (header as string)
    .split(",")
    .map((h) => h.replaceAll('"', ""))
    .indexOf(set.column);
  return Float64Array.from(rows, (row) => Number(row.split(",")[index]));
}
