import type { ReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { InputError } from "../errors.js";

/**
 * Opens a file for streaming, turning the ways it can be missing or unreadable into one-line
 * InputErrors (exit 66) before any byte is parsed; with its size in bytes.
 */
export async function openInput(path: string): Promise<{ stream: ReadStream; size: number }> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new InputError(`${path}: ${describeOpenError(error)}`);
  }
  const stats = await handle.stat();
  if (stats.isDirectory()) {
    await handle.close();
    throw new InputError(`${path}: is a directory, not a file: give a CSV file, or - for stdin`);
  }
  // 128 KiB chunks: fewer calls into the reader than the default 64 KiB; larger ones cost memory.
  return { stream: handle.createReadStream({ highWaterMark: 1 << 17 }), size: stats.size };
}

function describeOpenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied: the file cannot be read";
    case "EISDIR":
      return "is a directory, not a file";
    default:
      return `cannot be opened (${code ?? String(error)})`;
  }
}
