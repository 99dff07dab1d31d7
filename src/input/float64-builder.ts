/** A Float64Array that grows by doubling as values arrive; `finish()` trims it to length. */
export class Float64Builder {
  private buffer: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Float64Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value;
  }

  finish(): Float64Array {
    return this.buffer.slice(0, this.length);
  }
}
