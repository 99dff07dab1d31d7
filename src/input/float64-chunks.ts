const CHUNK = 1 << 16;

/** Above this many values a preallocated array is not tried (its address space: 2 GiB). */
const MAX_CAPACITY = 1 << 28;

/**
 * Numbers as they arrive, then one exact-size Float64Array at the end.
 *
 * Given a capacity (an upper bound on the count, known for a file from its size: every value
 * takes at least two bytes with its separator), one array of that capacity is filled and a view of
 * its first n values returned: no copy, and only the pages written are ever resident (the kernel
 * maps the rest lazily), so the read holds the values once. Otherwise, fixed chunks of 65,536: a
 * doubling array would hold up to twice the values, and its copies three times, while reading;
 * chunks hold the values once, plus one chunk, and twice only during the final copy.
 */
export class Float64Chunks {
  private full: Float64Array[] = [];
  private current: Float64Array;
  private used = 0;

  constructor(capacity?: number) {
    const preallocate = capacity !== undefined && capacity > CHUNK && capacity <= MAX_CAPACITY;
    this.current = new Float64Array(preallocate ? capacity : CHUNK);
  }

  get length(): number {
    return this.full.reduce((n, chunk) => n + chunk.length, 0) + this.used;
  }

  push(value: number): void {
    if (this.used === this.current.length) {
      this.full.push(this.current);
      this.current = new Float64Array(CHUNK);
      this.used = 0;
    }
    this.current[this.used++] = value;
  }

  /** All the values; the chunks are released. */
  toArray(): Float64Array {
    if (this.full.length === 0) {
      // One array from the start (preallocated, or fewer values than a chunk): a view, no copy.
      const view = this.current.subarray(0, this.used);
      this.current = new Float64Array(0);
      this.used = 0;
      return view;
    }
    const out = new Float64Array(this.length);
    let offset = 0;
    for (let i = 0; i < this.full.length; i++) {
      const chunk = this.full[i] as Float64Array;
      out.set(chunk, offset);
      offset += chunk.length;
      // Let each chunk go as soon as it is copied, so the copy's peak is not twice the values.
      this.full[i] = new Float64Array(0);
    }
    out.set(this.current.subarray(0, this.used), offset);
    this.full = [];
    this.current = new Float64Array(0);
    this.used = 0;
    return out;
  }
}
