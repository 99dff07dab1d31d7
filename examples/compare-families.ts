// Which family do the data support? `fit` with dist "auto" ranks every family by AIC, as
// `mle-fit --dist auto --json` does, and says why the others were not fitted. On whole numbers
// the count families are ranked apart: probabilities and densities are not compared by AIC.
import { fit } from "mle-fit";

const lengths = [735, 320, 325, 392, 524, 450, 1459, 135, 465, 600, 330, 336, 280, 315, 870, 906];

const comparison = fit(lengths, { dist: "auto", seed: 1 });
for (const row of comparison.ranked.slice(0, 4)) {
  console.log(`${row.rank}. ${row.distribution.padEnd(16)} AIC ${row.aic.toFixed(2)}`);
}
for (const row of comparison.ranked_counts) {
  console.log(`count family ${row.rank}. ${row.distribution.padEnd(10)} AIC ${row.aic.toFixed(2)}`);
}
for (const skipped of comparison.not_fitted) {
  console.log(`not fitted: ${skipped.distribution}: ${skipped.reason}`);
}
