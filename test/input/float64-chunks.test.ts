import { describe, expect, it } from "vitest";
import { Float64Chunks } from "../../src/input/float64-chunks.js";

const fill = (store: Float64Chunks, n: number) => {
  for (let i = 0; i < n; i++) store.push(i * 0.5 - 7);
  return store.toArray();
};
const expected = (n: number) => Float64Array.from({ length: n }, (_, i) => i * 0.5 - 7);

describe("Float64Chunks", () => {
  it("gives back every value in order, across chunk boundaries", () => {
    for (const n of [0, 1, 65_535, 65_536, 65_537, 200_001]) {
      expect(fill(new Float64Chunks(), n)).toEqual(expected(n));
    }
  });

  it("with a capacity, fills one array and returns a view of it: no copy", () => {
    const values = fill(new Float64Chunks(1_000_000), 300_000);
    expect(values).toEqual(expected(300_000));
    expect(values.buffer.byteLength).toBe(8_000_000);
  });

  it("past a capacity that was too small, goes on in chunks and copies once", () => {
    const values = fill(new Float64Chunks(70_000), 250_000);
    expect(values).toEqual(expected(250_000));
    expect(values.buffer.byteLength).toBe(2_000_000);
  });
});
