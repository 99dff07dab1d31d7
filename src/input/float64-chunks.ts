const CHUNK = 1 << 16;

/**
 * Numbers as they arrive, in fixed chunks of 65,536, then one exact-size Float64Array at the end.
 * A doubling array would hold up to twice the values, and its copies three times, while reading;
 * this holds the values once, plus one chunk, and twice only during the final copy.
 */
export class Float64Chunks {
  private full: (Float64Array | undefined)[] = [];
  private current = new Float64Array(CHUNK);
  private used = 0;

  get length(): number {
    return this.full.length * CHUNK + this.used;
  }

  push(value: number): void {
    if (this.used === CHUNK) {
      this.full.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** All the values; the chunks are released. */
  toArray(): Float64Array {
    const out = new Float64Array(this.length);
    for (let i = 0; i < this.full.length; i++) {
      out.set(this.full[i] as Float64Array, i * CHUNK);
      // Let each chunk go as soon as it is copied, so the copy's peak is not twice the values.
      this.full[i] = undefined;
    }
    out.set(this.current.subarray(0, this.used), this.full.length * CHUNK);
    this.full = [];
    this.used = 0;
    return out;
  }
}
