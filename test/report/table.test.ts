import { describe, expect, it } from "vitest";
import { alignTable } from "../../src/report/table.js";

describe("alignTable", () => {
  it("aligns a table within 80 columns: names left, numbers right", () => {
    expect(
      alignTable(
        [
          ["rank", "family", "AIC"],
          ["1", "normal", "568.148"],
          ["2", "weibull", "1568.813"],
        ],
        { left: [1], gap: "  " },
      ),
    ).toEqual(["rank  family        AIC", "   1  normal    568.148", "   2  weibull  1568.813"]);
  });

  it("writes each row as heading-value pairs where the numbers are too wide for 80 columns", () => {
    const huge = "-6.931471805600202e+299";
    const lines = alignTable(
      [
        ["rank", "family", "log-lik", "AIC", "BIC", "weight"],
        ["1", "poisson", huge, "1.3862943611200403e+300", "1.3862943611200403e+300", "1.0000"],
      ],
      { left: [1], gap: "  " },
    );
    expect(lines[0]).toBe("family");
    expect(lines.join("\n")).toContain(`poisson: rank 1; log-lik ${huge};`);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
  });
});
