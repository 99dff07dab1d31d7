import seedrandom from "seedrandom";

/** Seeds are integers 0 … 2^53 - 1, so they survive JSON and the command line exactly. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/**
 * A uniform [0, 1) generator for one purpose ("data", "shuffle") of a run's seed. Separate streams
 * keep the shuffles of a file's rows the same whether or not data were generated first.
 */
export function uniformStream(seed: number, purpose: string): () => number {
  return seedrandom(`mle-fit:${purpose}:${seed}`);
}
