/**
 * Plain stochastic gradient descent, as torch.optim.SGD without momentum: θ ← θ - lr · ∂loss/∂θ,
 * on the parameters as a flat array, so one step allocates nothing.
 */
export class Sgd {
  readonly name = "sgd";

  step(params: Float64Array, grads: Float64Array, lr: number): void {
    for (let j = 0; j < params.length; j++) {
      params[j] = (params[j] as number) - lr * (grads[j] as number);
    }
  }
}
