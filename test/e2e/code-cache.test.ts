import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/** bin/load-bundle.js's V8 code cache: made by the first run, and never a danger to another Node. */
const BIN = fileURLToPath(new URL("../../bin/mle-fit.js", import.meta.url));
const LOADER = fileURLToPath(new URL("../../bin/load-bundle.js", import.meta.url));
const ARGS = ["--n", "300", "--seed", "1", "--json", "--no-timing"];

function run(cacheHome: string, nodeFlags: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeFlags, BIN, ...ARGS], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Whether V8 took the cache, as the loader reports it, in a fresh process. */
function cacheUsed(cacheHome: string, nodeFlags: string[] = []): boolean {
  const script = `import { loadBundle } from ${JSON.stringify(LOADER)}; process.stdout.write(String(loadBundle().cacheUsed));`;
  const result = spawnSync(process.execPath, [...nodeFlags, "--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
  });
  expect(result.status).toBe(0);
  return result.stdout === "true";
}

const version = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"))
  .version as string;
const BUNDLE = fileURLToPath(new URL("../../dist/bin/mle-fit.cjs", import.meta.url));
const key = (v8: string) => {
  const { size, mtimeMs } = statSync(BUNDLE);
  return `mle-fit ${version} code cache: bundle ${size} bytes, ${mtimeMs}; v8 ${v8}, ${process.arch}\n`;
};
const cacheFile = (home: string) =>
  join(
    home,
    "mle-fit",
    `${version}-v8-${process.versions.v8}-${process.arch}.cache`.replace(/[^\w.-]/g, "_"),
  );

describe("the V8 code cache", () => {
  const reference = run(mkdtempSync(join(tmpdir(), "mle-fit-cache-")));

  it("is written by the first run, keyed to this V8, and used by the next: same output", () => {
    const home = mkdtempSync(join(tmpdir(), "mle-fit-cache-"));
    expect(cacheUsed(home)).toBe(false);
    const first = run(home);
    expect(first.code).toBe(0);
    const bytes = readFileSync(cacheFile(home));
    expect(bytes.subarray(0, key(process.versions.v8).length).toString()).toBe(
      key(process.versions.v8),
    );
    expect(cacheUsed(home)).toBe(true);
    expect(run(home).stdout).toBe(first.stdout);
    expect(first.stdout).toBe(reference.stdout);
  });

  it("made for another bundle (rebuilt: another size or time), is never handed to V8", () => {
    const home = mkdtempSync(join(tmpdir(), "mle-fit-cache-"));
    run(home);
    const valid = readFileSync(cacheFile(home)).subarray(key(process.versions.v8).length);
    const old = key(process.versions.v8).replace(/bundle (\d+) bytes/, "bundle 1 bytes");
    writeFileSync(cacheFile(home), Buffer.concat([Buffer.from(old), valid]));
    expect(cacheUsed(home)).toBe(false);
    expect(run(home).stdout).toBe(reference.stdout);
  });

  it("made by another Node (another V8), is never handed to V8: the run is unchanged", () => {
    const home = mkdtempSync(join(tmpdir(), "mle-fit-cache-"));
    run(home);
    const valid = readFileSync(cacheFile(home)).subarray(key(process.versions.v8).length);
    writeFileSync(cacheFile(home), Buffer.concat([Buffer.from(key("9.9.9.9")), valid]));
    expect(cacheUsed(home)).toBe(false);
    const outcome = run(home);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe(reference.stdout);
  });

  it("corrupt, or made under other V8 flags, is rejected by V8 itself: the run is unchanged", () => {
    const home = mkdtempSync(join(tmpdir(), "mle-fit-cache-"));
    mkdirSync(join(home, "mle-fit"));
    const garbage = Buffer.alloc(50_000, 0x5a);
    writeFileSync(cacheFile(home), Buffer.concat([Buffer.from(key(process.versions.v8)), garbage]));
    expect(cacheUsed(home)).toBe(false);
    const corrupt = run(home);
    expect(corrupt.code).toBe(0);
    expect(corrupt.stdout).toBe(reference.stdout);
    // The run replaced the corrupt cache with a good one.
    expect(cacheUsed(home)).toBe(true);
    // Other flags change what V8 compiles: it refuses this cache, and the run is the same.
    expect(cacheUsed(home, ["--no-opt"])).toBe(false);
    const flagged = run(home, ["--no-opt"]);
    expect(flagged.code).toBe(0);
    expect(flagged.stdout).toBe(reference.stdout);
  });

  it("costs only speed where it cannot be written", () => {
    const outcome = run("/dev/null/not-a-directory");
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toBe(reference.stdout);
    expect(existsSync("/dev/null/not-a-directory")).toBe(false);
  });
});
