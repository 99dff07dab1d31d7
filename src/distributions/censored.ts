import type { Value } from "../engine/value.js";
import { DataError, UsageError } from "../errors.js";
import { type Censoring, censoringOf, EXACT, INTERVAL, LEFT, RIGHT } from "../stats/censoring.js";
import { type Family, SUPPORTS } from "./family.js";
import { FAMILIES } from "./index.js";

/** A term of the log-likelihood: one row's contribution, from its bounds and the parameters. */
export type RowTerm = (bounds: readonly Value[], theta: readonly Value[]) => Value;

/**
 * What each kind of row contributes, as engine graphs: an exact value log f(x), a left-censored
 * one log F(u), a right-censored one log S(l), an interval log(F(u) - F(l)). The interval is
 * written two ways, equal in exact arithmetic, each exact in one tail: `below` as
 * log F(u) + log(1 - e^-(log F(u) - log F(l))), `above` as log S(l) + log(1 - e^-(log S(l) - log S(u))),
 * so that an interval far in the upper tail (where F rounds to 1) keeps its digits in S. The
 * evaluator takes `above` for intervals whose lower bound is above the median.
 */
export interface CensoredTerms {
  exact: RowTerm;
  left: RowTerm;
  right: RowTerm;
  below: RowTerm;
  above: RowTerm;
}

/** The families with the log-CDFs that censored rows need (family.logCdf, family.logSf). */
export function censorable(family: Family): boolean {
  return family.logCdf !== undefined && family.logSf !== undefined;
}

/** The terms of a family that can fit censored data; a UsageError naming those that can, otherwise. */
export function censoredTerms(family: Family): CensoredTerms {
  const { logCdf, logSf } = family;
  if (logCdf === undefined || logSf === undefined) {
    throw new UsageError(
      `${family.name} cannot fit censored data yet (its log-CDF needs the incomplete gamma or beta function's derivatives in its parameters); the families that can: ${FAMILIES.filter(
        censorable,
      )
        .map((f) => f.name)
        .join(", ")}`,
    );
  }
  return {
    exact: ([x], theta) => family.logProb(x as Value, theta),
    left: ([u], theta) => logCdf(u as Value, theta),
    right: ([l], theta) => logSf(l as Value, theta),
    below: ([l, u], theta) => {
      const high = logCdf(u as Value, theta);
      return high.add(high.sub(logCdf(l as Value, theta)).special("log1mexp"));
    },
    above: ([l, u], theta) => {
      const high = logSf(l as Value, theta);
      return high.add(high.sub(logSf(u as Value, theta)).special("log1mexp"));
    },
  };
}

/**
 * The kind each row has for this family: a lower bound at or below the support's lower end (0 for
 * a positive family) is no bound at all, so the interval (0, u] is left-censored at u and a row
 * right-censored at 0 says nothing (undefined kind: it contributes log S(0) = 0).
 */
export function effectiveKind(family: Family, censoring: Censoring, i: number): number | undefined {
  const kind = censoring.kind[i] as number;
  if (family.support === "real" || kind === EXACT || kind === LEFT) return kind;
  const lower = censoring.lower[i] as number;
  if (lower > 0) return kind;
  return kind === RIGHT ? undefined : LEFT;
}

/**
 * Exit 65 for a row the family cannot score: an exact value outside its support, a finite bound
 * outside it (below 0 for a positive family), or a left-censored bound at the support's lower end
 * (probability 0). Rows are named 1-based, as `row N`.
 */
export function checkCensoredSupport(family: Family, data: Float64Array): void {
  const censoring = censoringOf(data);
  if (censoring === undefined) return;
  const { accepts, describe } = SUPPORTS[family.support];
  const edge = family.support === "real" ? Number.NEGATIVE_INFINITY : 0;
  for (let i = 0; i < censoring.kind.length; i++) {
    const kind = censoring.kind[i] as number;
    const lower = censoring.lower[i] as number;
    const upper = censoring.upper[i] as number;
    const where = `row ${i + 1} (${describeRow(kind, lower, upper)})`;
    const outside = (x: number) =>
      new DataError(`${where}: ${x} is outside the ${family.name} family's support (${describe})`);
    if (kind === EXACT && !accepts(lower)) throw outside(lower);
    if (kind !== LEFT && kind !== EXACT && Number.isFinite(lower) && lower < edge) {
      throw outside(lower);
    }
    if (kind === LEFT || kind === INTERVAL) {
      if (upper < edge) throw outside(upper);
      if (!(upper > edge)) {
        throw new DataError(
          `${where}: a value at or below ${upper} has probability 0 under the ${family.name} family (${describe})`,
        );
      }
    }
  }
}

/** A row as a reader would write it: "x", "< u", "> l", "[l, u]". */
export function describeRow(kind: number, lower: number, upper: number): string {
  if (kind === EXACT) return `${lower}`;
  if (kind === LEFT) return `at most ${upper}`;
  if (kind === RIGHT) return `at least ${lower}`;
  return `between ${lower} and ${upper}`;
}
