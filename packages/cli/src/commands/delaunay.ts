import type { Command } from "commander";
import { InputError } from "@qrelu/core";
import { CELL_RULE, convexPolygonTriangulations, delaunay, delaunayTriangulationCount } from "@qrelu/triangulation";
import { intOption, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

export function register(program: Command): void {
  program
    .command("delaunay")
    .description("exact Delaunay triangulation: simplices, hull, co-circular (non-simplicial) cells and their alternatives")
    .option(...dataOption())
    .option(...exampleOption())
    .option("--alternatives", "list the triangulations of each non-simplicial cell (all equally Delaunay; 2-D)")
    .option("--max <n>", "at most this many alternatives per cell", intOption("max", 1, 1_000_000), 1000)
    .option("--json", "machine-readable output")
    .action((opts: DataOptions & { alternatives?: boolean; max: number; json?: boolean }) => {
      const ds = loadData(opts);
      const T = delaunay(ds.x, ds.source);
      if (opts.alternatives && T.d !== 2 && T.cells.length > 0) {
        throw new InputError(`--alternatives lists the triangulations of 2-D cells only (this data has d = ${T.d})`);
      }
      // A 2-D cell is a convex k-gon: C(k−2) triangulations. In d ≥ 3 the count is not computed.
      const count = T.d === 2 ? delaunayTriangulationCount(T.cells) : T.cells.length === 0 ? 1n : null;
      const alternatives = opts.alternatives
        ? T.cells.map((poly) => {
            const all = convexPolygonTriangulations(poly, opts.max);
            return { cell: poly, triangulations: all, complete: BigInt(all.length) === delaunayTriangulationCount([poly]) };
          })
        : undefined;
      if (opts.json) {
        return printJson({
          source: ds.source,
          d: T.d,
          n: T.n,
          degenerate: T.degenerate,
          simplices: T.simplices,
          cellOf: T.cellOf,
          simplicial: T.degenerate === null && T.cells.length === 0,
          cells: T.cells,
          cellRule: CELL_RULE,
          delaunayTriangulations: count === null ? null : count.toString(),
          hull: T.hull,
          repairs: T.repairs,
          alternatives,
        });
      }
      const lines = [`${ds.source}: n = ${T.n}, d = ${T.d}`];
      if (T.degenerate) lines.push(`  degenerate: ${T.degenerate.message}`);
      lines.push(`  ${T.simplices.length} simplices; hull: ${T.hull.join(" ")}`);
      if (T.repairs) lines.push(`  ${T.repairs} edge(s) repaired by exact flips after the float triangulation`);
      if (T.degenerate === null && T.cells.length === 0) lines.push("  the Delaunay subdivision is simplicial: the Delaunay triangulation is unique");
      if (T.cells.length > 0) {
        lines.push(
          `  ${T.cells.length} non-simplicial Delaunay cell(s) (points on one empty ${T.d === 2 ? "circle" : "sphere"}), triangulated by rule: ${CELL_RULE};`,
          count === null
            ? "  every triangulation of the cells is equally Delaunay (their number is computed in 2-D only)"
            : `  ${count} Delaunay triangulations in all (product of Catalan numbers over the cells)`,
          ...T.cells.map((c, k) => `    cell ${k}: ${c.join(" ")}`),
        );
      }
      for (const [k, s] of T.simplices.entries()) lines.push(`  ${s.join(" ")}${T.cellOf[k]! >= 0 ? `  (cell ${T.cellOf[k]})` : ""}`);
      if (alternatives) {
        for (const [k, a] of alternatives.entries()) {
          lines.push(`  cell ${k}: ${a.triangulations.length} triangulation(s)${a.complete ? "" : " (cut by --max)"}`);
          for (const t of a.triangulations) lines.push(`    ${t.map((s) => s.join(" ")).join(" | ")}`);
        }
      }
      printText(lines.join("\n"));
    });
}
