// npm run bench -- --coverage: how often the intervals of the non-regular fits (the uniform's and
// the Pareto's ends of the support, and the Pareto's shape with its min held) hold the truth.
// Those fits have no Wald standard errors: a parametric bootstrap of 200 refits gives their
// intervals unasked, percentile ones, and basic ones (2θ̂ - q) for an edge. A coverage needs
// hundreds of fits of hundreds of refits each, too slow for a unit test: about 15 s here.
import { familyByName, fit as fitData, uniformStream } from "../dist/index.js";

const FITS = 300;
const N = 100;
const CASES = [
  ["uniform", [-1, 3]],
  ["pareto", [2.5, 1.5]],
];

/** Each parameter's share of FITS samples whose 95% bootstrap interval holds its truth. */
export function coverageRows() {
  const rows = [];
  for (const [name, truth] of CASES) {
    const family = familyByName(name);
    const draw = family.sampler(truth, uniformStream(9, `coverage-${name}`));
    const hits = truth.map(() => 0);
    for (let r = 0; r < FITS; r++) {
      const report = fitData(Array.from({ length: N }, draw), { dist: name, seed: r });
      family.params.forEach((p, j) => {
        const [lo, hi] = report.bootstrap.ci[p];
        if (lo <= truth[j] && truth[j] <= hi) hits[j]++;
      });
    }
    family.params.forEach((p, j) => {
      const kind = family.edges?.some((e) => e.param === j) ? "basic" : "percentile";
      rows.push(`| ${name} | ${p} | ${kind} | ${((100 * hits[j]) / FITS).toFixed(1)}% |`);
    });
  }
  return rows;
}
