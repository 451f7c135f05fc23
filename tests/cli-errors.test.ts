/**
 * Every command that reads data shares one reader, so the same bad file gives the same message
 * and exit status 2 from each of them, with nothing on stdout and no file written.
 * Run in process (one `main` call per command) to keep the suite fast.
 */
import test from "ava";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { main } from "@qrelu/cli";
import { tempFiles } from "./helpers/cli";

async function run(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((s: string) => ((stdout += s), true)) as typeof process.stdout.write;
  process.stderr.write = ((s: string) => ((stderr += s), true)) as typeof process.stderr.write;
  try {
    const status = await main(args);
    return { status, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

const dir = tempFiles({
  "ragged.csv": "x1,y\n0,1\n1,2,3\n",
  "dup.csv": "x1,y\n0,1\n1/2,2\n0.5,3\n",
  "q.csv": "x1\n0\n",
});

// Each data-reading command with the options it needs besides --data.
const commands: [string, string[]][] = [
  ["inspect", []],
  ["extremal", []],
  ["greedy", []],
  ["enumerate", []],
  ["limit", []],
  ["compare", []],
  ["plot", ["--out", join(dir, "never.svg")]],
  ["delaunay", []],
  ["triangulations", []],
  ["interpolate", ["--query", join(dir, "q.csv")]],
  ["train", ["--width", "4", "--init-scale", "1e-3", "--lr", "1e-3", "--steps", "10", "--seed", "1"]],
  ["verify", ["--width", "4", "--init-scale", "1e-3", "--lr", "1e-3", "--steps", "10", "--seed", "1"]],
];

for (const [file, expected] of [
  ["ragged.csv", /ragged\.csv, row 3: ragged row: 3 fields, the header has 2/],
  ["dup.csv", /dup\.csv, row 4, field y: duplicate input \(1\/2\) with a different target/],
] as const) {
  test.serial(`every command gives the same error for ${file}`, async (t) => {
    for (const [cmd, extra] of commands) {
      const r = await run([cmd, "--data", join(dir, file), ...extra, "--json"]);
      t.is(r.status, 2, `${cmd}: ${r.stderr}`);
      t.regex(r.stderr, expected, cmd);
      t.is(r.stdout, "", `${cmd} printed to stdout`);
    }
    t.false(existsSync(join(dir, "never.svg")), "plot wrote nothing");
  });
}
