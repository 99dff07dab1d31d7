/**
 * SGD with heavy-ball momentum, as torch.optim.SGD(momentum = 0.9): v ← μ·v + g, θ ← θ - lr·v.
 */
export class Momentum {
  readonly name = "momentum";
  private readonly velocity: Float64Array;

  constructor(
    size: number,
    private readonly mu = 0.9,
  ) {
    this.velocity = new Float64Array(size);
  }

  step(params: Float64Array, grads: Float64Array, lr: number): void {
    for (let j = 0; j < params.length; j++) {
      const v = this.mu * (this.velocity[j] as number) + (grads[j] as number);
      this.velocity[j] = v;
      params[j] = (params[j] as number) - lr * v;
    }
  }
}
