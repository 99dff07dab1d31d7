/**
 * Adam (Kingma and Ba 2015) with torch.optim.Adam's defaults: β1 = 0.9, β2 = 0.999, ε = 1e-8, and
 * bias correction. Its step is about lr in each coordinate whatever the gradient's size, so lr is
 * in the units of the parameters (in default mode, the data's spread).
 */
export class Adam {
  readonly name = "adam";
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;

  constructor(
    size: number,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
  }

  step(params: Float64Array, grads: Float64Array, lr: number): void {
    this.t++;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    for (let j = 0; j < params.length; j++) {
      const g = grads[j] as number;
      const m = this.beta1 * (this.m[j] as number) + (1 - this.beta1) * g;
      const v = this.beta2 * (this.v[j] as number) + (1 - this.beta2) * g * g;
      this.m[j] = m;
      this.v[j] = v;
      params[j] =
        (params[j] as number) -
        (lr * (m / correction1)) / (Math.sqrt(v / correction2) + this.epsilon);
    }
  }
}
