import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { Fraction, InputError, parseQueries, toFloat, type DataSet } from "@qrelu/core";
import { delaunay, interpolant, EXTRAPOLATIONS, type Extrapolation } from "@qrelu/triangulation";
import { jq, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

export function interpolateData(ds: DataSet, queries: Fraction[][], rule: Extrapolation) {
  const T = delaunay(ds.x, ds.source);
  const I = interpolant(ds.x, ds.y, T, ds.source);
  return {
    triangulation: T,
    results: queries.map((q) => ({ x: q, simplex: I.locate(q), value: I.valueAt(q, rule) })),
  };
}

export function register(program: Command): void {
  program
    .command("interpolate")
    .description("exact simplicial (Delaunay) interpolation of the data at query points")
    .option(...dataOption())
    .option(...exampleOption())
    .requiredOption("--query <file>", "query points: CSV with header x1,…,xd, or JSON {\"x\": [[…]]}")
    .option("--extrapolate <rule>", `outside the hull: ${EXTRAPOLATIONS.join(", ")}`, "none")
    .option("--json", "machine-readable output")
    .action((opts: DataOptions & { query: string; extrapolate: string; json?: boolean }) => {
      const rule = opts.extrapolate as Extrapolation;
      if (!EXTRAPOLATIONS.includes(rule)) {
        throw new InputError(`--extrapolate must be one of ${EXTRAPOLATIONS.join(", ")}, got ${JSON.stringify(opts.extrapolate)}`);
      }
      const ds = loadData(opts);
      let text: string;
      try {
        text = readFileSync(opts.query, "utf8");
      } catch {
        throw new InputError("cannot read the query file (does it exist?)", { file: opts.query });
      }
      const queries = parseQueries(text, opts.query, ds.d);
      const { triangulation: T, results } = interpolateData(ds, queries, rule);
      if (opts.json) {
        return printJson({
          source: ds.source,
          d: ds.d,
          n: ds.n,
          simplices: T.simplices.length,
          nonSimplicialCells: T.cells.length,
          extrapolate: rule,
          queries: results.map((r) => ({
            x: r.x.map(jq),
            inside: r.simplex >= 0,
            simplex: r.simplex >= 0 ? T.simplices[r.simplex] : null,
            value: r.value === null ? null : jq(r.value),
            float: r.value === null ? null : toFloat(r.value),
          })),
        });
      }
      const lines = [
        `${ds.source}: n = ${ds.n}, d = ${ds.d}, ${T.simplices.length} simplices` +
          (T.cells.length ? ` (${T.cells.length} non-simplicial Delaunay cell(s) triangulated by rule; see qrelu delaunay)` : ""),
        ...results.map(
          (r) =>
            `  (${r.x.map(jq).join(", ")}) -> ${r.value === null ? "outside the hull" : `${jq(r.value)} ≈ ${toFloat(r.value)}`}` +
            (r.simplex < 0 && r.value !== null ? ` (${rule})` : ""),
        ),
      ];
      printText(lines.join("\n"));
    });
}
