/**
 * Which implementation of the engine computes gradients: the compiled kernels (default) or the
 * plain Value engine, the slow reference.
 */
export type EngineName = "compiled" | "value";
