import { UsageError } from "../errors.js";
import type { CliOptions } from "./options.js";

/** The SGD's flags: a comparison of families (--dist auto, or a list) runs exact fits only. */
const SGD_FLAGS = [
  ["lr", "--lr"],
  ["batchSize", "--batch-size"],
  ["epochs", "--epochs"],
  ["optimizer", "--optimizer"],
  ["schedule", "--schedule"],
  ["average", "--average"],
  ["literal", "--literal"],
] as const;

/**
 * Flags that a run would otherwise ignore without a word: a usage error (exit 2) where the
 * command cannot do what they ask, before any data are read; the warnings to print where the run
 * can go on (--plot beside --json).
 */
export function checkIgnoredFlags(options: CliOptions, comparing: boolean): string[] {
  const given = new Set(options.fromCommandLine ?? []);
  const generating =
    options.n !== undefined ||
    options.loc !== undefined ||
    options.scale !== undefined ||
    options.param !== undefined;
  if (generating && options.column !== undefined) {
    throw new UsageError(
      "--column picks a column of a file or stdin; generated data (--n, --loc, --scale, --param) have none",
    );
  }
  for (const name of ["loc", "scale"] as const) {
    const param = options.param?.[name];
    if (options[name] !== undefined && param !== undefined) {
      throw new UsageError(
        `--${name} ${options[name]} and --param ${name}=${param} both set the generated data's ${name}: choose one`,
      );
    }
  }
  if (comparing) {
    for (const [key, flag] of SGD_FLAGS) {
      if (given.has(key)) {
        throw new UsageError(
          `${flag} sets one family's SGD fit; a comparison (--dist auto or a list) ranks exact fits only (choose one --dist to use ${flag})`,
        );
      }
    }
  }
  if (options.plot && options.json && !options.quiet) {
    return [
      "warning: --plot draws beside the text report, and --json prints JSON only: no plot (use --plot-file for a figure)",
    ];
  }
  return [];
}
