/** Writing output files: whole or not at all. */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { threadId } from "node:worker_threads";

/**
 * Write a file atomically (temporary file beside it, then rename), creating its folder. The
 * temporary name holds the process and thread, so writers on several threads (fidelity --jobs)
 * never share one; within a thread the write is synchronous.
 */
export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path) || ".", { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${threadId}`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}
