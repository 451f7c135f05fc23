/**
 * Table specs (JSON, documented in docs/compare.md): which data sets, which limits.
 * Validated field by field; every error names the spec file and the JSON path.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { EXAMPLES, InputError, LimitError } from "@qrelu/core";

export interface GeneratorSpec {
  kind: "random" | "grid";
  d: 1 | 2;
  /** random: number of points; grid: points per side. */
  sizes: number[];
  repeat: number;
  range: [number, number];
  /** random: coordinates are k/denominator. */
  denominator: number;
  target?: string;
}

export type DataSpec =
  | { name?: string; example: string; target?: string }
  | { name?: string; file: string; target?: string }
  | ({ name?: string } & GeneratorSpec);

export interface TableSpec {
  /** File-name stem of the outputs. */
  name: string;
  title: string;
  seed: number;
  limits: {
    maxNeurons: number;
    /** Enumeration of reachable functions (0 nodes: skip). */
    enumerate: { maxDepth: number; maxNodes: number; maxSeconds: number };
    maxTriangulations: number;
    heldOut: number;
  };
  plots: boolean;
  datasets: DataSpec[];
  /** Folder of the spec file: relative data paths are resolved from it. */
  base: string;
}

export const TABLE_LIMITS = { maxRows: 1000, maxSize: 2000, maxRepeat: 100 } as const;

type Obj = Record<string, unknown>;

export function parseTableSpec(text: string, file: string): TableSpec {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
  }
  const err = (field: string, msg: string): never => {
    throw new InputError(msg, { file, field });
  };
  const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
  if (!isObj(doc)) return err("(top)", 'expected an object {"name": …, "datasets": […]}');
  const known = (o: Obj, path: string, keys: string[]) => {
    for (const k of Object.keys(o)) if (!keys.includes(k)) err(`${path}${k}`, `unknown field (known: ${keys.join(", ")})`);
  };
  known(doc, "", ["name", "title", "seed", "limits", "plots", "datasets", "$comment"]);
  const str = (o: Obj, k: string, path: string, def?: string): string => {
    const v = o[k];
    if (v === undefined && def !== undefined) return def;
    if (typeof v !== "string" || v === "") return err(path + k, "expected a non-empty string");
    return v;
  };
  const int = (o: Obj, k: string, path: string, def: number, min: number, max: number): number => {
    const v = o[k] ?? def;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) return err(path + k, `expected an integer from ${min} to ${max}`);
    return v;
  };
  const name = str(doc, "name", "", "table");
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) err("name", "use letters, digits, '-', '_' and '.' only (it names the output files)");
  const limitsIn = doc.limits ?? {};
  if (!isObj(limitsIn)) err("limits", "expected an object");
  const L = limitsIn as Obj;
  known(L, "limits.", ["maxNeurons", "enumerate", "maxTriangulations", "heldOut"]);
  const enIn = L.enumerate ?? {};
  if (!isObj(enIn)) err("limits.enumerate", "expected an object");
  known(enIn as Obj, "limits.enumerate.", ["maxDepth", "maxNodes", "maxSeconds"]);
  const limits = {
    maxNeurons: int(L, "maxNeurons", "limits.", 20, 0, 10_000),
    enumerate: {
      maxDepth: int(enIn as Obj, "maxDepth", "limits.enumerate.", 6, 0, 100),
      maxNodes: int(enIn as Obj, "maxNodes", "limits.enumerate.", 2000, 0, 1_000_000),
      maxSeconds: int(enIn as Obj, "maxSeconds", "limits.enumerate.", 10, 1, 3600),
    },
    maxTriangulations: int(L, "maxTriangulations", "limits.", 200, 1, 1_000_000),
    heldOut: int(L, "heldOut", "limits.", 200, 0, 1_000_000),
  };
  const plots = doc.plots ?? false;
  if (typeof plots !== "boolean") err("plots", "expected true or false");
  if (!Array.isArray(doc.datasets) || doc.datasets.length === 0) err("datasets", "expected a non-empty array");
  const datasets: DataSpec[] = (doc.datasets as unknown[]).map((e, i) => {
    const p = `datasets[${i}].`;
    if (!isObj(e)) return err(`datasets[${i}]`, "expected an object");
    const nm = e.name === undefined ? undefined : str(e, "name", p);
    const target = e.target === undefined ? undefined : str(e, "target", p);
    const sources = ["example", "file", "generator"].filter((k) => e[k] !== undefined);
    if (sources.length !== 1) err(`datasets[${i}]`, 'give exactly one of "example", "file" or "generator"');
    if (e.example !== undefined) {
      known(e, p, ["name", "example", "target"]);
      const ex = str(e, "example", p);
      if (!(ex in EXAMPLES)) err(p + "example", `unknown example ${JSON.stringify(ex)}; known: ${Object.keys(EXAMPLES).join(", ")}`);
      return { name: nm, example: ex, target };
    }
    if (e.file !== undefined) {
      known(e, p, ["name", "file", "target"]);
      return { name: nm, file: str(e, "file", p), target };
    }
    known(e, p, ["name", "generator", "d", "sizes", "repeat", "range", "denominator", "target"]);
    const kind = str(e, "generator", p);
    if (kind !== "random" && kind !== "grid") err(p + "generator", 'expected "random" or "grid"');
    const d = int(e, "d", p, 1, 1, 2) as 1 | 2;
    if (!Array.isArray(e.sizes) || e.sizes.length === 0) err(p + "sizes", "expected a non-empty array of sizes");
    const sizes = (e.sizes as unknown[]).map((v, k) => int({ v }, "v", `${p}sizes[${k}]`, 0, kind === "grid" ? 2 : d + 2, TABLE_LIMITS.maxSize));
    const range = e.range ?? [-1, 1];
    if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === "number" && Number.isInteger(v)) || range[0] >= range[1]) {
      err(p + "range", "expected [lo, hi], integers with lo < hi");
    }
    return {
      name: nm,
      kind,
      d,
      sizes,
      repeat: int(e, "repeat", p, 1, 1, TABLE_LIMITS.maxRepeat),
      range: range as [number, number],
      denominator: int(e, "denominator", p, 10, 1, 1_000_000),
      target,
    } as DataSpec;
  });
  const rows = datasets.reduce((acc, s) => acc + ("kind" in s ? s.sizes.length * s.repeat : 1), 0);
  if (rows > TABLE_LIMITS.maxRows) throw new LimitError(`the spec makes ${rows} rows; the limit is ${TABLE_LIMITS.maxRows}`, { file, field: "datasets" });
  return {
    name,
    title: str(doc, "title", "", name),
    seed: int(doc, "seed", "", 1, 0, 2 ** 31),
    limits,
    plots: plots as boolean,
    datasets,
    base: dirname(resolve(file)),
  };
}

export function readTableSpec(path: string): TableSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new InputError("cannot read the spec file (does it exist?)", { file: path });
  }
  return parseTableSpec(text, path);
}
