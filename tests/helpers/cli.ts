/** Run the real `qrelu` command in a child process (exit codes and streams as a user sees them). */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const entry = join(root, "packages", "cli", "src", "main.ts");

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function qrelu(args: string[], opts: { cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, ["--import", "tsx", entry, ...args], {
    cwd: opts.cwd ?? root,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Write files into a fresh temporary folder and return its path. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "qrelu-test-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
