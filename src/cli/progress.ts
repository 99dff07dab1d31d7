import type { FitProgress } from "../fit/sgd-fit.js";

/** Samples a second, roughly, by engine: to show a bar only for fits of a second or more. */
const RATE = { compiled: 2e7, value: 1e5 } as const;

export interface ProgressChoice {
  /** Where a bar can go: stderr when it is a terminal, else undefined. */
  stream: NodeJS.WriteStream | undefined;
  ci: boolean;
  json: boolean;
  quiet: boolean;
  samples: number;
  engine: keyof typeof RATE;
}

/** A bar only on a terminal, never for machines (--json, --quiet, CI), and only for long fits. */
export function wantsProgress(choice: ProgressChoice): boolean {
  return (
    choice.stream !== undefined &&
    !choice.ci &&
    !choice.json &&
    !choice.quiet &&
    choice.samples / RATE[choice.engine] >= 1
  );
}

/**
 * A progress bar on stderr (cli-progress, loaded only when one is shown): steps, epoch, the
 * current loc and scale, steps a second, and the time left. Cleared when the fit ends.
 */
export async function startProgress(
  stream: NodeJS.WriteStream,
  color: boolean,
  now: () => number,
  names: readonly string[],
): Promise<{ update(progress: FitProgress): void; stop(): void }> {
  const { SingleBar } = await import("cli-progress");
  const bar = new SingleBar({
    stream,
    format: `fitting ${color ? "\u001b[36m{bar}\u001b[0m" : "{bar}"} {percentage}% | epoch {epoch}/{epochs} | {params} | {value}/{total} steps, {rate}/s | {eta_formatted} left`,
    barsize: 24,
    hideCursor: true,
    clearOnComplete: true,
    etaBuffer: 50,
  });
  let started = false;
  const since = now();
  return {
    update(progress) {
      const seconds = (now() - since) / 1000;
      const payload = {
        rate: seconds > 0 ? formatRate(progress.steps / seconds) : "-",
        epoch: progress.epoch,
        epochs: progress.epochs,
        params: progress.params.map((v, j) => `${names[j]} ${v.toPrecision(5)}`).join(" "),
      };
      if (!started) {
        bar.start(progress.totalSteps, progress.steps, payload);
        started = true;
      } else bar.update(progress.steps, payload);
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

/** 1234567 steps a second as "1.23M", 5430 as "5.43k". */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toPrecision(3)}M`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toPrecision(3)}k`;
  return perSecond.toPrecision(3);
}
