import { type Algebra, backwardRules } from "./chain-rules.js";
import { isSpecial, SPECIAL, type SpecialName } from "./special.js";
import { topologicalOrder, Value } from "./value.js";

/**
 * Σ over the batch data[perm[first]], …, data[perm[end - 1]] of a traced term t(x, θ), and its
 * gradient in θ written into `grad`. No allocation per sample or per call. A kernel compiled for
 * contiguous data reads data[first], …, data[end - 1] and ignores `perm` (pass null).
 */
export type BatchKernel = (
  data: Float64Array,
  perm: Uint32Array | null,
  first: number,
  end: number,
  theta: Float64Array,
  grad: Float64Array,
) => number;

/**
 * Traces `term(x, θ)` once through the engine with symbolic inputs and turns the graph into
 * straight-line JavaScript: forward and reverse sweep per sample, no objects, no closures.
 *
 * Nodes that do not depend on x (the parameters' transforms: loc = origin + unit·m, 1/scale,
 * log scale, …) are computed once per call before the loop; their adjoints are summed over the
 * batch and pushed back to θ once after it, which is exact because their local derivatives do
 * not depend on the sample.
 *
 * @example
 * const kernel = compileBatchKernel((x, [loc, scale]) => normalLogProb(x, loc, scale), 2);
 * const grad = new Float64Array(2);
 * kernel(data, perm, 0, 10, Float64Array.of(-4, 2), grad); // log-likelihood of the first batch
 */
export function compileBatchKernel(
  term: (x: Value, theta: Value[]) => Value,
  paramCount: number,
  indexing: Indexing = "permuted",
): BatchKernel {
  const x = new Value(0);
  const theta = Array.from({ length: paramCount }, () => new Value(0));
  return compileTraced(term(x, theta), x, theta, indexing);
}

/**
 * Several traced roots over the same samples in one pass: root r's sum goes to out[r·(p+1)] and
 * its gradient in θ to the p slots after it.
 */
export type MultiKernel = (
  data: Float64Array,
  perm: Uint32Array | null,
  first: number,
  end: number,
  theta: Float64Array,
  out: Float64Array,
) => void;

/** The one-pass kernel of several graphs traced from the same leaves x and θ. */
export function compileMultiTraced(
  roots: readonly Value[],
  x: Samples,
  theta: readonly Value[],
  indexing: Indexing = "permuted",
): MultiKernel {
  return toFunction("out", generateKernelSource(roots, x, theta, indexing)) as MultiKernel;
}

/**
 * How a kernel finds the k-th sample of a batch: data[perm[k]], data[k], or, for a term of two
 * numbers per sample (an interval's bounds), the pair data[2k], data[2k + 1].
 */
export type Indexing = "permuted" | "contiguous" | "pairs";

/** The sample leaves of a traced graph: one, or two read as pairs. */
export type Samples = Value | readonly [Value, Value];

/** The kernel of a graph already traced from the leaves x and θ (see compileBatchKernel). */
export function compileTraced(
  root: Value,
  x: Samples,
  theta: readonly Value[],
  indexing: Indexing = "permuted",
): BatchKernel {
  return toFunction("grad", generateKernelSource(root, x, theta, indexing)) as BatchKernel;
}

function toFunction(output: "grad" | "out", body: string): unknown {
  // SAFETY: `body` is assembled only from the fixed op templates below, generated identifiers
  // (v12, g0_12, a0_12, total0) and numeric literals that `literal` has checked to be finite
  // numbers. No op label, name, or text from the command line or the data reaches it.
  // The special functions reach the kernel as `S`, the one object in its scope.
  const factory = new Function(
    "S",
    `return function kernel(data, perm, first, end, theta, ${output}) {\n${body}\n};`,
  );
  return factory(SPECIAL);
}

export type Role = "sample" | "param" | "constant";

/**
 * Each node's role, for nodes in topological order (children first): a function of the sample
 * leaves (and maybe θ), of θ alone, or a constant. Both backends (JavaScript here, SQL in sql.ts)
 * split a graph by it.
 */
export function roles(
  order: readonly Value[],
  leaves: readonly Value[],
  theta: readonly Value[],
): Map<Value, Role> {
  const role = new Map<Value, Role>();
  for (const node of order) {
    if (role.has(node)) continue;
    if (leaves.includes(node)) role.set(node, "sample");
    else if (theta.includes(node)) role.set(node, "param");
    else if (node.children.every((c) => role.get(c) === "constant")) role.set(node, "constant");
    else role.set(node, node.children.some((c) => role.get(c) === "sample") ? "sample" : "param");
  }
  return role;
}

/**
 * An expression in the generated code. `lit` is set when it is a compile-time number, so that
 * adjoints like 1, -0.5 or 2·(-0.5) are folded instead of recomputed for every sample.
 */
interface Expr {
  code: string;
  lit?: number;
}

const lit = (x: number): Expr => ({ code: literal(x), lit: x });
const code = (text: string): Expr => ({ code: text });

function mul(a: Expr, b: Expr): Expr {
  if (a.lit !== undefined && b.lit !== undefined) return lit(a.lit * b.lit);
  if (a.lit === 1) return b;
  if (b.lit === 1) return a;
  return code(`${a.code} * ${b.code}`);
}

function div(a: Expr, b: Expr): Expr {
  if (a.lit !== undefined && b.lit !== undefined) return lit(a.lit / b.lit);
  return code(`${a.code} / ${b.code}`);
}

/** Expressions, with literal folding, for the shared derivative rules. */
function algebra(value: (node: Value) => Expr): Algebra<Expr> {
  return {
    value,
    constant: lit,
    mul,
    div,
    pow: powerOf,
    add: (a, b) => add([a, b]),
    special: specialOf,
  };
}

function specialOf(name: SpecialName, a: Expr): Expr {
  if (a.lit !== undefined) return lit(SPECIAL[name](a.lit));
  return code(`S.${name}(${a.code})`);
}

/** Σ of contributions, literals folded into one. */
function add(terms: Expr[]): Expr {
  const literals = terms.filter((t) => t.lit !== undefined);
  const rest = terms.filter((t) => t.lit === undefined);
  const folded = literals.reduce((acc, t) => acc + (t.lit as number), 0);
  if (rest.length === 0) return lit(folded);
  const parts = rest.map((t) => t.code);
  if (literals.length > 0 && folded !== 0) parts.push(literal(folded));
  // Parenthesized: the sum may become an operand of * or /.
  return parts.length === 1 ? (rest[0] as Expr) : code(`(${parts.join(" + ")})`);
}

/**
 * The kernel's body: prologue (θ-only nodes), loop over the batch, epilogue (θ's adjoints). With
 * several roots the forward pass is shared and each root gets its own reverse sweep; the body
 * then writes root r's sum to out[r·(p+1)] and its gradient after it, instead of returning.
 */
export function generateKernelSource(
  roots: Value | readonly Value[],
  samples: Samples,
  theta: readonly Value[],
  indexing: Indexing = "permuted",
): string {
  const rootList = roots instanceof Value ? [roots] : roots;
  const leaves: readonly Value[] = samples instanceof Value ? [samples] : samples;
  if ((leaves.length === 2) !== (indexing === "pairs")) {
    throw new Error("compile: two sample leaves are read as pairs, and pairs need two leaves");
  }
  const reads =
    indexing === "pairs"
      ? ["data[2 * k]", "data[2 * k + 1]"]
      : [indexing === "permuted" ? "data[perm[k]]" : "data[k]"];
  // A node of all roots at once, only to order their union; it is never emitted.
  const order = topologicalOrder(new Value(0, rootList, "outputs")).slice(0, -1);
  const id = new Map(order.map((node, i) => [node, i]));
  const role = roles(order, leaves, theta);
  // Constants, and nodes computed from constants alone, are folded to their traced values.
  const value = (node: Value): Expr =>
    role.get(node) === "constant" ? lit(node.data) : code(`v${id.get(node)}`);

  const prologue: string[] = [];
  const loop: string[] = [];
  for (const node of order) {
    const i = id.get(node) as number;
    const r = role.get(node);
    if (r === "constant") continue;
    if (leaves.includes(node)) {
      loop.push(`const v${i} = ${reads[leaves.indexOf(node)]};`);
    } else if (r === "param" && node.children.length === 0) {
      prologue.push(`const v${i} = theta[${theta.indexOf(node)}];`);
    } else {
      (r === "param" ? prologue : loop).push(...forward(node, `v${i}`, value));
    }
  }

  const sweeps = rootList.map((root, r) => reverseSweep(root, r));
  const single = rootList.length === 1;
  const stride = theta.length + 1;
  const outputs = sweeps.flatMap(({ total }, r) => {
    const grads = theta.map((p) => (id.has(p) ? `a${r}_${id.get(p)}` : "0"));
    if (single) return grads.map((g, j) => `grad[${j}] = ${g};`);
    return [
      `out[${r * stride}] = ${total};`,
      ...grads.map((g, j) => `out[${r * stride + 1 + j}] = ${g};`),
    ];
  });
  return [
    ...prologue,
    ...sweeps.flatMap((s) => s.declarations),
    "const count = end - first;",
    "for (let k = first; k < end; k++) {",
    ...[...loop, ...sweeps.flatMap((s) => s.loop)].map((line) => `  ${line}`),
    "}",
    ...sweeps.flatMap((s) => s.epilogue),
    ...outputs,
    ...(single ? [`return ${(sweeps[0] as { total: string }).total};`] : []),
  ].join("\n");

  /**
   * Root r's reverse sweep. Inside the loop a sample node's adjoint is complete once all its
   * parents are done (reverse topological order), so it is one `const`, or a folded literal.
   * Contributions to θ-only nodes accumulate in a{r}_{i}; literal ones are multiplied by the
   * batch size after the loop, where the θ-only part of the graph is swept once.
   */
  function reverseSweep(root: Value, r: number) {
    const adjoint = (node: Value) => `a${r}_${id.get(node)}`;
    const declarations = order
      .filter((node) => role.get(node) === "param")
      .map((node) => `let ${adjoint(node)} = 0;`);
    const rootRole = role.get(root);
    const loopLines: string[] = [];
    const epilogue: string[] = [];
    const contributions = new Map<Value, Expr[]>();
    const perSampleConstant = new Map<Value, number>();
    if (rootRole === "sample") {
      declarations.push(`let total${r} = 0;`);
      contributions.set(root, [lit(1)]);
    }
    for (let j = order.length - 1; j >= 0; j--) {
      const node = order[j] as Value;
      if (role.get(node) !== "sample" || node.children.length === 0) continue;
      let upstream = add(contributions.get(node) ?? []);
      if (upstream.lit === undefined && !/^g\d+_\d+$/.test(upstream.code)) {
        loopLines.push(`const g${r}_${id.get(node)} = ${upstream.code};`);
        upstream = code(`g${r}_${id.get(node)}`);
      }
      if (upstream.lit === 0) continue;
      for (const [child, share] of backwardRules(node, algebra(value))) {
        const childRole = role.get(child);
        if (childRole === "constant" || leaves.includes(child)) continue;
        const contribution = share(upstream);
        if (childRole === "sample") {
          contributions.set(child, [...(contributions.get(child) ?? []), contribution]);
        } else if (contribution.lit !== undefined) {
          perSampleConstant.set(child, (perSampleConstant.get(child) ?? 0) + contribution.lit);
        } else loopLines.push(`${adjoint(child)} += ${contribution.code};`);
      }
    }
    if (rootRole === "sample") loopLines.push(`total${r} += ${value(root).code};`);
    for (const [node, perSample] of perSampleConstant) {
      epilogue.push(`${adjoint(node)} += count * ${literal(perSample)};`);
    }
    if (rootRole === "param") epilogue.push(`${adjoint(root)} += count;`);
    for (let j = order.length - 1; j >= 0; j--) {
      const node = order[j] as Value;
      if (role.get(node) !== "param" || node.children.length === 0) continue;
      const upstream = code(adjoint(node));
      for (const [child, share] of backwardRules(node, algebra(value))) {
        if (role.get(child) !== "param") continue;
        epilogue.push(`${adjoint(child)} += ${share(upstream).code};`);
      }
    }
    const total = rootRole === "sample" ? `total${r}` : `count * ${value(root).code}`;
    return { declarations, loop: loopLines, epilogue, total };
  }
}

/** Statements that set `out` to the node's value. */
function forward(node: Value, out: string, value: (v: Value) => Expr): string[] {
  const [a, b] = node.children.map((c) => value(c).code);
  switch (node.op) {
    case "+":
      return [`const ${out} = ${a} + ${b};`];
    case "*":
      return [`const ${out} = ${a} * ${b};`];
    case "**":
      return [`const ${out} = ${power(a as string, node.exponent as number)};`];
    case "exp":
      return [`const ${out} = Math.exp(${a});`];
    case "log":
      return [`const ${out} = Math.log(${a});`];
    case "sum":
      return neumaierSum(
        out,
        node.children.map((c) => value(c).code),
      );
    default:
      if (isSpecial(node.op)) return [`const ${out} = S.${node.op}(${a});`];
      throw new Error(`compile: no template for op ${JSON.stringify(node.op)}`);
  }
}

function powerOf(base: Expr, k: number): Expr {
  if (base.lit !== undefined) return lit(base.lit ** k);
  if (k === 0) return lit(1);
  return code(power(base.code, k));
}

/** base ** k, with the common small exponents spelled out (Math.pow is several times slower). */
function power(base: string, k: number): string {
  if (k === 0) return "1";
  if (k === 1) return base;
  if (k === 2) return `(${base} * ${base})`;
  if (k === -1) return `(1 / ${base})`;
  if (k === -2) return `(1 / (${base} * ${base}))`;
  return `Math.pow(${base}, ${literal(k)})`;
}

/** The engine's compensated sum, unrolled, so compiled and engine sums agree. */
function neumaierSum(out: string, terms: string[]): string[] {
  const s = `${out}s`;
  const c = `${out}c`;
  const lines = [`let ${s} = 0;`, `let ${c} = 0;`];
  for (const term of terms) {
    lines.push(
      `{ const x = ${term}; const t = ${s} + x; ${c} += Math.abs(${s}) >= Math.abs(x) ? ${s} - t + x : x - t + ${s}; ${s} = t; }`,
    );
  }
  lines.push(`const ${out} = Number.isFinite(${s}) ? ${s} + ${c} : ${s};`);
  return lines;
}

/** A finite number as JavaScript source; anything else is refused. */
export function literal(x: number): string {
  if (typeof x !== "number" || !Number.isFinite(x)) {
    throw new RangeError(`compile: constants must be finite numbers, got ${String(x)}`);
  }
  return Object.is(x, -0) ? "(-0)" : `(${x})`;
}
