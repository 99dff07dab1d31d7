import type { Value } from "../engine/value.js";

/**
 * What keeps a parameter in its range: nothing (a location), positivity (a scale, a shape), or
 * an open interval (a probability, or a user's --bounds a=0:1). Each has a free coordinate u
 * on the whole real line, θ = t(u): u itself, log θ, or the logit of θ's place in the interval.
 * Newton's steps, SGD's coordinates, Wald intervals and profiles all work in u, so every
 * parameter stays in its range by construction.
 */
export type Constraint = "real" | "positive" | Interval;

/** The open interval (lower, upper), both finite. */
export interface Interval {
  lower: number;
  upper: number;
}

export function isInterval(c: Constraint): c is Interval {
  return typeof c === "object";
}

/** Whether θ is inside the range. */
export function within(c: Constraint, theta: number): boolean {
  if (!Number.isFinite(theta)) return false;
  if (c === "positive") return theta > 0;
  if (isInterval(c)) return theta > c.lower && theta < c.upper;
  return true;
}

/** The free coordinate u of θ. */
export function toFree(c: Constraint, theta: number): number {
  if (c === "positive") return Math.log(theta);
  if (isInterval(c)) {
    const a = theta - c.lower;
    const b = c.upper - theta;
    return Math.log(a) - Math.log(b);
  }
  return theta;
}

/** θ from its free coordinate u. */
export function fromFree(c: Constraint, u: number): number {
  if (c === "positive") return Math.exp(u);
  if (isInterval(c)) {
    const width = c.upper - c.lower;
    // The end nearer θ is the one added to: θ keeps its digits beside either end.
    return u < 0 ? c.lower + width / (1 + Math.exp(-u)) : c.upper - width / (1 + Math.exp(u));
  }
  return u;
}

/** θ from its free coordinate as an engine node, for SGD's coordinates. */
export function fromFreeValue(c: Constraint, u: Value): Value {
  if (c === "positive") return u.exp();
  if (isInterval(c))
    return u
      .special("sigmoid")
      .mul(c.upper - c.lower)
      .add(c.lower);
  return u;
}

/** dθ/du and d²θ/du² at θ: the chain rule's factors from θ to u. */
export function slopes(c: Constraint, theta: number): [number, number] {
  if (c === "positive") return [theta, theta];
  if (isInterval(c)) {
    const width = c.upper - c.lower;
    const a = theta - c.lower;
    const b = c.upper - theta;
    const first = (a * b) / width;
    return [first, (first * (b - a)) / width];
  }
  return [1, 0];
}

/** The range in words, for messages: "a finite number above 0". */
export function describeConstraint(c: Constraint): string {
  if (c === "positive") return "a finite number above 0";
  if (isInterval(c)) return `a number between ${c.lower} and ${c.upper} (not either end)`;
  return "a finite number";
}
