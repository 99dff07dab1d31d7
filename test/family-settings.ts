import { readFileSync } from "node:fs";

/**
 * Each family's parameters for generated test data, by name: test/fixtures/family-settings.json,
 * which the bench reads too (bench/convergence.mjs).
 */
export const FAMILY_SETTINGS = JSON.parse(
  readFileSync(new URL("./fixtures/family-settings.json", import.meta.url), "utf8"),
) as Record<string, number[]>;
