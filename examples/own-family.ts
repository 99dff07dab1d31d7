// A family of your own: write its log-density with the autograd engine's Values, and mle-fit's
// Newton method finds its exact MLE from the engine's gradient and Hessian. Here the Rayleigh
// distribution, whose MLE has a closed form to check against: sigma² = Σ x² / (2n).
import { defineFamily, exactFit, Value } from "mle-fit";

const rayleigh = defineFamily({
  name: "rayleigh",
  title: "Rayleigh",
  params: ["sigma"],
  constraints: ["positive"],
  support: "positive",
  // log p = log x - 2 log σ - x² / (2σ²)
  logProb: (x, [sigma]) => {
    const xv = Value.from(x);
    return xv
      .log()
      .sub(sigma.log().mul(2))
      .sub(xv.square().div(sigma.square().mul(2)));
  },
  start: (data) => [Math.sqrt(data.reduce((s, x) => s + x * x, 0) / data.length)],
  cdf: (x, [sigma]) => 1 - Math.exp(-(x * x) / (2 * sigma * sigma)),
  sampler:
    ([sigma], uniform) =>
    () =>
      sigma * Math.sqrt(-2 * Math.log(1 - uniform())),
});

const data = Float64Array.of(1.2, 0.8, 2.5, 1.9, 0.4, 1.1, 3.0, 1.6, 0.9, 2.2);
const fitted = exactFit(rayleigh, data);
const closedForm = Math.sqrt(data.reduce((s, x) => s + x * x, 0) / (2 * data.length));
console.log(`Newton: sigma ${fitted.params[0]?.toFixed(10)} (${fitted.method})`);
console.log(`closed form: sigma ${closedForm.toFixed(10)}`);
console.log(`log-likelihood ${fitted.logLik.toFixed(6)}`);
