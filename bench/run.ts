import { readdirSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import type { Workload } from "./harness";

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv.slice(2).join(" ");
const files = readdirSync(here).filter((f) => f.endsWith(".bench.ts")).sort();

function fmtTime(s: number): string {
  return s < 1e-3 ? `${(s * 1e6).toFixed(0)} µs` : s < 1 ? `${(s * 1e3).toFixed(1)} ms` : `${s.toFixed(2)} s`;
}

let count = 0;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { default: Workload[] };
  for (const w of mod.default) {
    if (filter && !w.name.includes(filter) && !f.includes(filter)) continue;
    count++;
    const prepared = w.setup ? w.setup() : undefined;
    (globalThis as { gc?: () => void }).gc?.();
    const rss0 = process.memoryUsage().rss;
    const t0 = process.hrtime.bigint();
    const sizes = w.run(prepared) ?? {};
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const rss = process.memoryUsage().rss;
    const target = w.target !== undefined ? ` (target ≤ ${w.target} s${secs <= w.target ? ", met" : ", MISSED"})` : "";
    const extra = Object.entries(sizes)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    console.log(
      `${w.name.padEnd(48)} ${fmtTime(secs).padStart(10)}${target}  rss ${(rss / 2 ** 20).toFixed(0)} MiB (+${(Math.max(0, rss - rss0) / 2 ** 20).toFixed(0)})  ${extra}`,
    );
  }
}
if (count === 0) console.log(`no workload matches ${JSON.stringify(filter)}`);
