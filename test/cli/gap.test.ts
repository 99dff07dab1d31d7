import { describe, expect, it } from "vitest";
import { checkGap } from "../../src/cli/gap.js";
import type { RunSummary } from "../../src/report/summary.js";

/** A run's summary with only what checkGap reads, as the fit and inference would leave it. */
function summary(options: {
  epochs: number | "auto";
  capped?: boolean;
  converged: boolean;
  score: number;
  gapSe: number[];
  lr?: number;
  literal?: boolean;
}): RunSummary {
  return {
    fit: {
      family: { params: ["loc", "scale"] },
      epochs: options.epochs,
      capped: options.capped === true,
      mode: options.literal ? "literal" : "default",
    },
    inference: {
      gapSe: options.gapSe,
      converged: options.converged,
      estimate: { score: options.score },
    },
    optimizer: { epochs: options.epochs, lr: options.lr ?? 0.02, batchSize: 10 },
  } as unknown as RunSummary;
}

describe("warnings (issue 12, item 3)", () => {
  it("says nothing when --epochs auto converged, whatever the gap", () => {
    const s = summary({ epochs: "auto", converged: true, score: 0.01, gapSe: [0.01, 0.02] });
    expect(checkGap(s, undefined)).toEqual({ warnings: [] });
  });

  it("warns when --epochs auto hit its cap, and says what to do", () => {
    const s = summary({
      epochs: "auto",
      capped: true,
      converged: false,
      score: 0.31,
      gapSe: [0.2, -0.3],
    });
    expect(checkGap(s, undefined).warnings).toEqual([
      "warning: --epochs auto stopped at its cap of 100 epochs with the score 0.310 standard errors from the optimum, above 0.05; the SGD estimate of scale is 0.30 standard errors from the exact MLE; use the exact MLE beside it (Newton's), and look at the likelihood's surface (--plot-file) for a maximum that is flat or at an edge",
    ]);
  });

  it("warns when --epochs auto stopped where no step helped, the information not positive definite", () => {
    const s = summary({
      epochs: "auto",
      converged: false,
      score: Number.POSITIVE_INFINITY,
      gapSe: [0.5, 0.1],
    });
    expect(checkGap(s, undefined).warnings[0]).toMatch(
      /^warning: --epochs auto stopped where no step raised the log-likelihood with the score undefined \(the information is not positive definite\) from the optimum/,
    );
  });

  it("a fixed --epochs N warns above 1 SE only, naming a large lr × batch size", () => {
    expect(
      checkGap(summary({ epochs: 2, converged: false, score: 3, gapSe: [0.9, -0.99] }), undefined),
    ).toEqual({ warnings: [] });
    const far = summary({ epochs: 2, converged: false, score: 9, gapSe: [0.5, 8.86] });
    expect(checkGap(far, undefined).warnings).toEqual([
      "warning: after 2 epochs, the SGD estimate of scale is 8.86 standard errors from the exact MLE; drop --epochs to let SGD run until it converges (--epochs auto, the default)",
    ]);
    const large = summary({ epochs: 1, converged: false, score: 9, gapSe: [3, 1], lr: 0.2 });
    expect(checkGap(large, undefined).warnings[0]).toMatch(
      /after 1 epoch, .*; lr × batch size is 2, large: the loss sums the batch, so each step is that many per-value steps \(try a smaller --lr\)$/,
    );
    const literal = summary({
      epochs: 2,
      literal: true,
      converged: false,
      score: 9,
      gapSe: [24, 61],
    });
    expect(checkGap(literal, undefined).warnings[0]).toMatch(
      /; drop --literal and --epochs to let SGD run until it converges \(--epochs auto\)$/,
    );
  });

  it("--max-gap-se replaces the warning: exit 3 above it, silence below", () => {
    const s = summary({
      epochs: "auto",
      capped: true,
      converged: false,
      score: 0.3,
      gapSe: [0.2, 0.3],
    });
    expect(checkGap(s, 0.5)).toEqual({ warnings: [] });
    const failed = checkGap(s, 0.25);
    expect(failed.warnings).toEqual([]);
    expect(failed.failure?.message).toBe(
      "the SGD estimate of scale is 0.30 standard errors from the exact MLE, more than --max-gap-se 0.25; --epochs auto stops within 0.05 standard errors by its rule; for a tighter gate, use the exact MLE",
    );
  });
});
