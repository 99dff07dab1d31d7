/**
 * mle-fit as a library: `fit(data, { dist })` returns the same object as `mle-fit --json`.
 * The building blocks below it (the engine, the families, the fits) are exported too.
 */
export { type CensoredBounds, type FitLibraryOptions, fit } from "./api/fit.js";
export { draw } from "./data/generate.js";
export { uniformStream } from "./data/random.js";
export {
  type ExpressionSpec,
  expressionFamily,
} from "./distributions/expression/family.js";
export { defineFamily, type Family } from "./distributions/family.js";
export { fixParameters } from "./distributions/fixed.js";
export { acceptingFamilies, FAMILIES, familyByName } from "./distributions/index.js";
export { normal, normalLogProb } from "./distributions/normal.js";
export {
  dataUnitParametrization,
  literalParametrization,
  type Parametrization,
  startRelativeParametrization,
} from "./distributions/parametrization.js";
export { compileBatchKernel, compileMultiTraced, compileTraced } from "./engine/compile.js";
export { gradientGraph } from "./engine/gradient-graph.js";
export { type Operand, Value } from "./engine/value.js";
export { DataError, ExitCode, FitError, InputError, UsageError, UserError } from "./errors.js";
export { type ExactFit, exactFit } from "./fit/exact.js";
export { type Fit, type FitOptions, fitFamily } from "./fit/fit.js";
export { makeObjective } from "./fit/objective.js";
export { EpochOrder } from "./fit/shuffle.js";
export { type Comparison, compareFamilies } from "./inference/compare.js";
export { type Inference, infer } from "./inference/infer.js";
export { censoredFamily } from "./likelihood/censored-family.js";
export { likelihoodEvaluator } from "./likelihood/likelihood.js";
export { makeOptimizer, type OptimizerName } from "./optim/optimizer.js";
export type { ComparisonReport } from "./report/compare.js";
export type { FitReport, Intervals } from "./report/json.js";
export { type Censoring, censored, fromBounds, fromEvents } from "./stats/censoring.js";
export { normalMle } from "./stats/moments.js";
export { type TurnbullMass, turnbull } from "./stats/turnbull.js";
