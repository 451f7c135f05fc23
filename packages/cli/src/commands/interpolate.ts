import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { Fraction, InputError, LimitError, parseRational, toFloat, type DataSet } from "@qrelu/core";
import { delaunay, interpolant, EXTRAPOLATIONS, type Extrapolation } from "@qrelu/triangulation";
import { jq, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

/** Stated limit of the exact query path. */
export const MAX_QUERIES = 1_000_000;

function field(text: string, file: string, row: number, name: string): Fraction {
  const p = parseRational(text);
  if (!p.ok) throw new InputError(p.reason, { file, row, field: name });
  return p.value;
}

/** Query points: CSV with header x1..xd (exactly d columns), or JSON {"x": [[…], …]} (1-D may be flat). */
export function parseQueries(text: string, file: string, d: number): Fraction[][] {
  const out: Fraction[][] = [];
  if (/\.json$/i.test(file) || text.trimStart().startsWith("{")) {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
    }
    const x = (doc as { x?: unknown } | null)?.x;
    if (!Array.isArray(x)) throw new InputError('expected an object {"x": [[…], …]}', { file, field: "x" });
    if (x.length > MAX_QUERIES) throw new LimitError(`more than ${MAX_QUERIES} queries`, { file });
    x.forEach((p, j) => {
      const coords = Array.isArray(p) ? p : d === 1 ? [p] : null;
      if (coords === null || coords.length !== d) {
        throw new InputError(`expected ${d} coordinate${d === 1 ? "" : "s"}`, { file, row: j + 1, field: `x[${j}]` });
      }
      out.push(
        coords.map((v, k) => {
          const name = `x[${j}]${Array.isArray(p) ? `[${k}]` : ""}`;
          if (typeof v !== "number" && typeof v !== "string") throw new InputError("expected a number or a string like \"3/4\"", { file, row: j + 1, field: name });
          return field(String(v), file, j + 1, name);
        }),
      );
    });
    return out;
  }
  const lines = text.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && (lines[i]!.trim() === "" || lines[i]!.trimStart().startsWith("#"))) i++;
  if (i >= lines.length) throw new InputError("empty query file", { file });
  const header = lines[i]!.split(",").map((c) => c.trim());
  if (header.length !== d || header.every((c) => parseRational(c).ok)) {
    throw new InputError(`the header must name the ${d} input column${d === 1 ? "" : "s"} (e.g. ${Array.from({ length: d }, (_, k) => `x${k + 1}`).join(",")})`, { file, row: i + 1 });
  }
  for (i++; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "" || line.trimStart().startsWith("#")) continue;
    const fields = line.split(",");
    if (fields.length !== d) throw new InputError(`ragged row: ${fields.length} fields, the header has ${d}`, { file, row: i + 1 });
    out.push(fields.map((f, k) => field(f, file, i + 1, header[k]!)));
    if (out.length > MAX_QUERIES) throw new LimitError(`more than ${MAX_QUERIES} queries`, { file });
  }
  return out;
}

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
