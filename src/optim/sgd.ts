/**
 * Plain stochastic gradient descent, as torch.optim.SGD without momentum: θ ← θ - lr · ∂loss/∂θ,
 * on the parameters as a flat array, so one step allocates nothing.
 */
export class Sgd {
  readonly name = "sgd";
  readonly lr: number;

  constructor(lr: number) {
    this.lr = lr;
  }

  step(params: Float64Array, grads: Float64Array): void {
    for (let j = 0; j < params.length; j++) {
      params[j] = (params[j] as number) - this.lr * (grads[j] as number);
    }
  }
}
