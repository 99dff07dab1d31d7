import { closeSync, openSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { OutputError } from "../errors.js";

/**
 * An output file written beside its destination, under a temporary name, and renamed over it
 * only when the run succeeds: a run that fails leaves an existing file as it was, and no partial
 * file behind. A path that is not a regular file (/dev/stdout, a named pipe) is written directly.
 * Opening creates the temporary file at once, so a path that cannot be written fails before a
 * long fit (exit 73).
 */
export class AtomicFile {
  private fd: number | undefined;
  private readonly temporary: string | undefined;

  constructor(
    readonly path: string,
    /** The flag that named it, for messages: "--trace", "--plot-file". */
    private readonly flag: string,
  ) {
    this.temporary = isSpecial(path)
      ? undefined
      : join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
    try {
      this.fd = openSync(this.temporary ?? path, "w");
    } catch (error) {
      throw this.failed("cannot create the file", error);
    }
  }

  write(bytes: string | Uint8Array): void {
    if (this.fd === undefined) return;
    try {
      writeFileSync(this.fd, bytes);
    } catch (error) {
      this.discard();
      throw this.failed("cannot write the file", error);
    }
  }

  /** Closes the file and puts it in place of the destination. */
  commit(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.temporary === undefined) return;
    try {
      renameSync(this.temporary, this.path);
    } catch (error) {
      unlinkQuietly(this.temporary);
      throw this.failed("cannot write the file", error);
    }
  }

  /** Closes and removes the temporary file; the destination is left as it was. */
  discard(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    if (this.temporary !== undefined) unlinkQuietly(this.temporary);
  }

  private failed(what: string, error: unknown): OutputError {
    const code = (error as NodeJS.ErrnoException).code;
    const words = code === undefined ? undefined : ERRNO_WORDS[code];
    const why = words === undefined ? `(${code ?? String(error)})` : `: ${words} (${code})`;
    return new OutputError(
      `${this.flag} ${this.path}: ${what}${words === undefined ? " " : ""}${why}`,
    );
  }
}

/** What the system's error codes for writing a file mean, in words. */
const ERRNO_WORDS: Readonly<Record<string, string>> = {
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  EPIPE: "the reading end of the pipe was closed",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOENT: "no such directory",
  ENOTDIR: "a part of the path is not a directory",
  EISDIR: "is a directory",
  EROFS: "the file system is read-only",
  ENXIO: "no process is reading that pipe or device",
};

/** An existing path that is not a regular file: a device or a pipe, never renamed over. */
function isSpecial(path: string): boolean {
  try {
    return !statSync(path).isFile();
  } catch {
    return false;
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
