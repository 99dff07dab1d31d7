// Fit a Gamma to waiting times, as `mle-fit --dist gamma --json` would, and read the result.
// CI runs every example (test/examples.test.ts); to run one: npm run build, then npx tsx FILE.
import { fit } from "mle-fit";

// Minutes between buses at one stop.
const waits = [4.2, 7.9, 3.1, 12.5, 6.0, 2.4, 9.8, 5.5, 3.9, 15.2, 6.7, 4.8, 8.3, 2.9, 7.1, 10.4];

const result = fit(waits, { dist: "gamma", seed: 1 });
const { shape, rate } = result.exact_mle.params;
console.log(`Gamma fit to ${result.n} waits (${result.exact_mle.method})`);
console.log(`shape ${shape?.toFixed(4)} ± ${result.se?.shape?.toFixed(4)}`);
console.log(`rate  ${rate?.toFixed(4)} ± ${result.se?.rate?.toFixed(4)}`);
console.log(`mean wait ${((shape ?? 0) / (rate ?? 1)).toFixed(3)} minutes`);
console.log(`log-likelihood ${result.loglik.toFixed(4)}, AIC ${result.aic.toFixed(4)}`);
