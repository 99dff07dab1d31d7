import type { Value } from "../engine/value.js";

/**
 * Plain stochastic gradient descent, as torch.optim.SGD without momentum: θ ← θ - lr · ∂loss/∂θ.
 * It owns the parameters' leaves; the loss is rebuilt from them every step.
 */
export class Sgd {
  readonly params: readonly Value[];
  readonly lr: number;

  constructor(params: readonly Value[], lr: number) {
    this.params = params;
    this.lr = lr;
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = 0;
  }

  step(): void {
    for (const p of this.params) p.data -= this.lr * p.grad;
  }
}
