import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/report/format-number.js";

describe("formatNumber", () => {
  const cases: [number, number, string][] = [
    [-3.987654321, 2e-5, "-3.98765"],
    [2.05, 2e-5, "2.05000"],
    [0, 2e-5, "0.00000"],
    [1000000000000.0012, 1e-8, "1000000000000.00122070"],
    [996012345.678, 20, "996012346"],
    [2.125e200, 1e195, "2.12500e+200"],
    [4e-6, 2e-11, "0.00000400000"],
  ];
  for (const [x, resolution, text] of cases) {
    it(`shows ${x} at resolution ${resolution} as ${text}`, () => {
      expect(formatNumber(x, resolution)).toBe(text);
    });
  }
});
