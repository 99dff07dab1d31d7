import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every test's temporary files (and those of the processes it starts) go under one directory
 * per run, removed when the run ends: the e2e tests write traces of hundreds of megabytes, and a
 * run that left them behind filled the disk of a shared machine in a few dozen runs.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "mle-fit-test-"));
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
