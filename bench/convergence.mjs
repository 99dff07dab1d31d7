// npm run bench -- --convergence: --epochs auto (the default) on every family, on the project's
// data sets and on generated data of n = 10, 1e3, 1e5 (and, with --big, 1e7), seeded: the
// largest |gap| to the exact MLE in standard errors, the stopping rule's value, and the epochs
// run. Targets (issue 12): every gap at most 0.05 SE, and the cap never hit.
import { readFileSync } from "node:fs";
import { draw, FAMILIES, fit as fitData, uniformStream } from "../dist/index.js";

/** Each family's parameters for generated data: the tests' too (test/family-settings.ts). */
export const SETTINGS = JSON.parse(
  readFileSync(new URL("../test/fixtures/family-settings.json", import.meta.url), "utf8"),
);

const fixture = (name) =>
  readFileSync(new URL(`../test/fixtures/${name}`, import.meta.url), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => Number(line.split(",").at(-1)));

/** The data sets: R's, and each family's own draws at each n. */
export function dataSets(sizes) {
  const sets = [];
  for (const name of ["faithful_eruptions.csv", "rivers.csv", "precip.csv", "durations.csv"]) {
    const values = fixture(name);
    for (const family of FAMILIES) {
      if (family.support === "count" && !values.every(Number.isInteger)) continue;
      if (family.support === "positive" && !values.every((x) => x > 0)) continue;
      sets.push({ label: name.replace(".csv", ""), family, values });
    }
  }
  for (const family of FAMILIES) {
    for (const n of sizes) {
      for (const seed of n >= 1e6 ? [1] : [1, 2, 3]) {
        const values = draw(family, SETTINGS[family.name], n, uniformStream(seed, "data"));
        sets.push({ label: `n = ${n.toExponential(0)}, seed ${seed}`, family, values });
      }
    }
  }
  return sets;
}

/** One default fit: its largest |gap| in SE, the rule's value, epochs, or the reason it failed. */
export function convergence({ family, values }, seed = 1) {
  const started = performance.now();
  try {
    const report = fitData(values, { dist: family.name, seed });
    const gaps = report.gap_se ? Object.values(report.gap_se).map(Math.abs) : [Number.NaN];
    return {
      gap: Math.max(...gaps),
      score: report.stopping_rule.value,
      epochs: report.optimizer.epochs_run,
      capped: report.optimizer.capped,
      converged: report.converged,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    return { error: error.message };
  }
}

/** The table's Markdown lines, and a summary line. */
export function convergenceTable(big) {
  const sizes = big ? [10, 1e3, 1e5, 1e7] : [10, 1e3, 1e5];
  let worst = 0;
  let capped = 0;
  let mostEpochs = 0;
  const noMaximum = [];
  const lines = [
    "| family | data | max gap / SE | stopping rule | epochs run | seconds |",
    "|---|---|---:|---:|---:|---:|",
  ];
  for (const set of dataSets(sizes)) {
    const r = convergence(set);
    if (r.error) {
      noMaximum.push(`${set.family.name} on ${set.label}`);
      lines.push(`| ${set.family.name} | ${set.label} | no MLE: ${r.error} | | | |`);
      continue;
    }
    worst = Math.max(worst, r.gap);
    mostEpochs = Math.max(mostEpochs, r.epochs);
    if (r.capped) capped++;
    lines.push(
      `| ${set.family.name} | ${set.label} | ${r.gap.toFixed(4)} | ${r.score === null ? "n/a" : r.score.toExponential(2)} | ${r.epochs}${r.capped ? " (cap)" : ""} | ${r.seconds.toFixed(3)} |`,
    );
  }
  lines.push("");
  lines.push(
    `Largest gap ${worst.toFixed(4)} SE over ${lines.length - 3 - noMaximum.length} fits; at most ${mostEpochs} epochs; capped ${capped}; no MLE (the likelihood has only a limit, exit 3) ${noMaximum.length}: ${noMaximum.join("; ") || "none"}.`,
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of convergenceTable(process.argv.includes("--big"))) console.log(line);
}
