// A plain hand-written SGD for the Normal, as one would write it without autograd, run as its own
// process (as the command is) and timing its own loop, as the command's timing.samples_per_second
// does: each epoch a Fisher-Yates shuffle of an index permutation (the blog post's
// np.random.shuffle), then per batch the loss -Σ log N(x | loc, scale) and its analytic gradient,
// and the step. Usage: node bench/hand-sgd.mjs N EPOCHS BATCH; prints samples per second.
import { draw, normal, uniformStream } from "../dist/index.js";

const [n, epochs, batch] = process.argv.slice(2).map(Number);
const values = draw(normal, [-4, 2], n, uniformStream(1, "data"));
const uniform = uniformStream(1, "shuffle");
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const origin = -4;
const unit = 2;
const lr = 1e-4;

const started = performance.now();
const order = new Uint32Array(n);
for (let i = 0; i < n; i++) order[i] = i;
let loc = origin;
let logScale = Math.log(unit);
let loss = 0;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (let first = 0; first < n; first += batch) {
    const end = Math.min(first + batch, n);
    const scale = Math.exp(logScale);
    let gLoc = 0;
    let gScale = 0;
    loss = 0;
    for (let k = first; k < end; k++) {
      const z = (values[order[k]] - loc) / scale;
      loss += 0.5 * z * z + logScale + HALF_LOG_TWO_PI;
      gLoc -= z / scale;
      gScale -= (z * z - 1) / scale;
    }
    loc -= lr * unit * gLoc;
    logScale -= lr * gScale * scale;
  }
}
const seconds = (performance.now() - started) / 1000;
if (!Number.isFinite(loss + loc + logScale)) throw new Error("diverged");
console.log((n * epochs) / seconds);
