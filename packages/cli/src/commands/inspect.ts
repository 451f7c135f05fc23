import type { Command } from "commander";
import { arrangementSize, formatQ, type DataSet, type Fraction } from "@qrelu/core";
import { loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

function range(values: Fraction[]): [Fraction, Fraction] {
  let lo = values[0]!;
  let hi = values[0]!;
  for (const v of values) {
    if (v.compare(lo) < 0) lo = v;
    if (v.compare(hi) > 0) hi = v;
  }
  return [lo, hi];
}

function arrangementText(a: ReturnType<typeof arrangementSize>): string {
  if (!a.exact) return `${a.hyperplanes} hyperplanes in R^${a.d + 1}; at most ${a.sectorsAtMost} sectors (${a.note})`;
  if (a.d === 1) return `${a.hyperplanes} lines in R^2: ${a.rays} rays and ${a.arcs} arcs (MODEL.md §3)`;
  return `${a.hyperplanes} great circles on the sphere: ${a.vertices} vertices, ${a.edges} edges, ${a.cells} cells`;
}

export function summarize(ds: DataSet) {
  const ranges = Array.from({ length: ds.d }, (_, k) => range(ds.x.map((p) => p[k]!)));
  const yRange = range(ds.y);
  return {
    source: ds.source,
    n: ds.n,
    d: ds.d,
    merged: ds.merged,
    columns: ds.columns,
    ranges: ranges.map(([lo, hi], k) => ({ column: ds.columns[k], min: formatQ(lo), max: formatQ(hi) })),
    y: { min: formatQ(yRange[0]), max: formatQ(yRange[1]) },
    arrangement: arrangementSize(ds),
  };
}

export function register(program: Command): void {
  program
    .command("inspect")
    .description("validate a data set and summarize it (n, d, merged duplicates, ranges, arrangement size)")
    .option(...dataOption())
    .option(...exampleOption())
    .option("--json", "machine-readable output")
    .action((opts: DataOptions & { json?: boolean }) => {
      const ds = loadData(opts);
      const s = summarize(ds);
      if (opts.json) return printJson(s);
      const lines = [
        `${s.source}: n = ${s.n} distinct inputs, d = ${s.d}`,
        ...s.ranges.map((r) => `  ${r.column}: [${r.min}, ${r.max}]`),
        `  y: [${s.y.min}, ${s.y.max}]`,
        `  arrangement: ${arrangementText(s.arrangement)}`,
        s.merged.length
          ? `  merged ${s.merged.length} repeated input(s) with equal targets: ${s.merged.map((m) => `row ${m.row} → row ${m.into}`).join(", ")}`
          : "  no repeated inputs",
      ];
      printText(lines.join("\n"));
    });
}
