/**
 * `qrelu extremal`: every extremal vector of both signs and its growth rate (MODEL.md §3–§4).
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { formatQ, InputError, toFloat, type DataSet, type Fraction } from "@qrelu/core";
import {
  defaultResidual,
  extremalVectors,
  networkResidual,
  parseResidualText,
  type ExtremalResult,
  type ExtremalVector,
} from "@qrelu/greedy";
import { jq, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";
import { addExtremalOptions, extremalOptions, type ExtremalCliOptions } from "./greedy";

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`, { file });
  }
}

/** r = −y by default; `--residual FILE` a vector; `--fit FILE` a network's f(x_j) − y_j. */
export function residualOption(ds: DataSet, opts: { residual?: string; fit?: string }): { r: Fraction[]; from: string } {
  if (opts.residual !== undefined && opts.fit !== undefined) throw new InputError("give either --residual FILE or --fit FILE, not both");
  if (opts.residual !== undefined) return { r: parseResidualText(readText(opts.residual), opts.residual, ds), from: opts.residual };
  if (opts.fit !== undefined) {
    let doc: unknown;
    try {
      doc = JSON.parse(readText(opts.fit));
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(`not valid JSON (${(e as Error).message})`, { file: opts.fit });
    }
    return { r: networkResidual(doc, opts.fit, ds), from: `f − y of ${opts.fit}` };
  }
  return { r: defaultResidual(ds), from: "−y (tiny network)" };
}

const rate = (e: ExtremalVector) => Math.sqrt(toFloat(e.rate2));

export function extremalJson(res: ExtremalResult) {
  return {
    dimension: res.dimension,
    method: res.method,
    extremal: res.extremal.map((e) => ({
      sign: e.sign,
      direction: e.u.map(jq),
      directionInt: e.direction.map(String),
      rate2: jq(e.rate2),
      rate: rate(e),
      face: { zero: e.face.zero, dim: e.face.dim },
      ...(e.kink !== undefined ? { kink: jq(e.kink), active: e.active } : {}),
    })),
  };
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((v, c) => v.padEnd(widths[c]!)).join("  ").trimEnd()).join("\n");
}

export function extremalText(res: ExtremalResult, ds: DataSet, from: string): string {
  const head = `${ds.source}: n = ${ds.n}, d = ${ds.d}; residual ${from}; method ${res.method}` +
    (res.method === "search" ? " (found from seeded starts, each verified exactly; the list may be incomplete)" : "");
  if (res.extremal.length === 0) return `${head}\nno extremal vector with a positive rate`;
  const one = ds.d === 1;
  const rows = [["#", "sign", "rate", "rate²", "face", ...(one ? ["kink", "active"] : []), "direction (primitive, bias last)"]];
  res.extremal.forEach((e, i) => {
    const face = e.face.zero.length === 0 ? `sector (dim ${e.face.dim})` : `dim ${e.face.dim} on ${e.face.zero.map((j) => `#${j}`).join(",")}`;
    rows.push([
      String(i + 1),
      e.sign > 0 ? "+1" : "-1",
      rate(e).toPrecision(6),
      formatQ(e.rate2),
      face,
      ...(one ? [e.kink ? formatQ(e.kink) : "none", e.active ?? "constant"] : []),
      `(${e.direction.join(", ")})`,
    ]);
  });
  return `${head}\n${table(rows)}\nface: #j = 0-based index of a point (after merging repeated inputs) whose hyperplane contains u`;
}

export function register(program: Command): void {
  const cmd = program
    .command("extremal")
    .description("exact extremal vectors (local maxima of the growth rate on the sphere) of both signs, by rate")
    .option(...dataOption())
    .option(...exampleOption())
    .option("--residual <file>", "residual vector r (JSON array or one number per line; one entry per merged point); default −y")
    .option("--fit <file>", "network JSON {\"neurons\": [{\"direction\": […], \"coefficient\": \"p/q\"}]}: r = f(x) − y")
    .option("--json", "machine-readable output");
  addExtremalOptions(cmd).action((opts: DataOptions & ExtremalCliOptions & { residual?: string; fit?: string; json?: boolean }) => {
    const ds = loadData(opts);
    const { r, from } = residualOption(ds, opts);
    const res = extremalVectors(ds, r, extremalOptions(opts));
    if (opts.json) return printJson(extremalJson(res));
    printText(extremalText(res, ds, from));
  });
}
