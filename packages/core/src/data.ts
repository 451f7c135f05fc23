/**
 * Data sets: reading, validation and the merge of repeated inputs.
 * Every command reads data through `readDataFile`/`parseDataText`, so every command
 * gives the same error for the same bad file.
 */
import { readFileSync, statSync } from "node:fs";
import Fraction from "fraction.js";
import { InputError, LimitError } from "./errors";
import { formatQ, parseRational } from "./rational";

/** Stated limits of the reader (commands may state smaller ones). */
export const DATA_LIMITS = {
  maxRows: 5_000_000,
  maxDimension: 4096,
  maxFileBytes: 1 << 30,
} as const;

export interface MergedRow {
  /** Source row (CSV line number, or 1-based JSON point index) that was merged away. */
  row: number;
  /** Source row of the point it was merged into. */
  into: number;
}

export interface DataSet {
  /** File name, or `<embedded:NAME>`. */
  source: string;
  d: number;
  /** Number of distinct inputs (after merging equal duplicates). */
  n: number;
  x: Fraction[][];
  y: Fraction[];
  /** Source row of each kept point, for messages. */
  rows: number[];
  merged: MergedRow[];
  /** Column names (CSV header, or x1..xd,y). */
  columns: string[];
}

interface RawPoint {
  x: Fraction[];
  y: Fraction;
  row: number;
}

function num(text: string, file: string, row: number, field: string): Fraction {
  const p = parseRational(text);
  if (!p.ok) throw new InputError(p.reason, { file, row, field });
  return p.value;
}

function checkRowLimit(count: number, file: string): void {
  if (count > DATA_LIMITS.maxRows) {
    throw new LimitError(`more than ${DATA_LIMITS.maxRows} data rows (the reader's limit)`, { file });
  }
}

function parseCsv(text: string, file: string): { points: RawPoint[]; columns: string[] } {
  const lines = text.split(/\r?\n/);
  let i = 0;
  // Skip leading blank and comment lines.
  while (i < lines.length && (lines[i]!.trim() === "" || lines[i]!.trimStart().startsWith("#"))) i++;
  if (i >= lines.length) throw new InputError("empty data: no header and no rows", { file });
  const headerRow = i + 1;
  const columns = lines[i]!.split(",").map((c) => c.trim());
  if (columns.length < 2) {
    throw new InputError(`header needs at least two columns (x1,…,xd,y), found ${JSON.stringify(lines[i])}`, {
      file,
      row: headerRow,
    });
  }
  if (columns.every((c) => parseRational(c).ok)) {
    throw new InputError("missing header: the first line must name the columns, e.g. x1,x2,y", {
      file,
      row: headerRow,
    });
  }
  if (columns[columns.length - 1]!.toLowerCase() !== "y") {
    throw new InputError(`the last column must be y (the target), found ${JSON.stringify(columns.at(-1))}`, {
      file,
      row: headerRow,
      field: columns.at(-1),
    });
  }
  const d = columns.length - 1;
  if (d > DATA_LIMITS.maxDimension) {
    throw new LimitError(`dimension ${d} exceeds the limit ${DATA_LIMITS.maxDimension}`, { file, row: headerRow });
  }
  const points: RawPoint[] = [];
  for (i = i + 1; i < lines.length; i++) {
    const line = lines[i]!;
    const first = line.trimStart();
    if (first === "" || first[0] === "#") continue;
    const row = i + 1;
    const fields = line.split(",");
    if (fields.length !== columns.length) {
      throw new InputError(
        `ragged row: ${fields.length} field${fields.length === 1 ? "" : "s"}, the header has ${columns.length}`,
        { file, row },
      );
    }
    const x = new Array<Fraction>(d);
    for (let k = 0; k < d; k++) x[k] = num(fields[k]!, file, row, columns[k]!);
    points.push({ x, y: num(fields[d]!, file, row, columns[d]!), row });
    if (points.length > DATA_LIMITS.maxRows) checkRowLimit(points.length, file);
  }
  return { points, columns };
}

function jsonNumber(v: unknown, file: string, row: number, field: string): Fraction {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new InputError(`${v} is not a finite number`, { file, row, field });
    // Shortest round-trip decimal of the double: what the user most likely wrote.
    return num(String(v), file, row, field);
  }
  if (typeof v === "string") return num(v, file, row, field);
  throw new InputError(`expected a number or a string like "3/4", found ${v === null ? "null" : typeof v}`, {
    file,
    row,
    field,
  });
}

function parseJson(text: string, file: string): { points: RawPoint[]; columns: string[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputError('expected an object {"x": [[…], …], "y": […]}', { file });
  }
  const { x, y } = doc as { x?: unknown; y?: unknown };
  if (!Array.isArray(x)) throw new InputError('missing array "x"', { file, field: "x" });
  if (!Array.isArray(y)) throw new InputError('missing array "y"', { file, field: "y" });
  if (x.length === 0 && y.length === 0) throw new InputError("empty data: no points", { file });
  if (x.length !== y.length) {
    throw new InputError(`"x" has ${x.length} entries but "y" has ${y.length}`, { file, field: "y" });
  }
  checkRowLimit(x.length, file);
  // 1-D data may be given flat: "x": [1, 2, 3].
  const flat = x.every((v) => !Array.isArray(v));
  const d = flat ? 1 : Array.isArray(x[0]) ? (x[0] as unknown[]).length : -1;
  if (d === 0) throw new InputError("points have no coordinates", { file, row: 1, field: "x[0]" });
  if (d > DATA_LIMITS.maxDimension) {
    throw new LimitError(`dimension ${d} exceeds the limit ${DATA_LIMITS.maxDimension}`, { file });
  }
  const points: RawPoint[] = [];
  for (let j = 0; j < x.length; j++) {
    const row = j + 1;
    const xj = x[j];
    let coords: unknown[];
    if (flat) coords = [xj];
    else if (Array.isArray(xj)) coords = xj;
    else throw new InputError("expected an array of coordinates", { file, row, field: `x[${j}]` });
    if (coords.length !== d) {
      throw new InputError(`mixed dimensions: ${coords.length} coordinates, the first point has ${d}`, {
        file,
        row,
        field: `x[${j}]`,
      });
    }
    points.push({
      x: coords.map((v, k) => jsonNumber(v, file, row, flat ? `x[${j}]` : `x[${j}][${k}]`)),
      y: jsonNumber(y[j], file, row, `y[${j}]`),
      row,
    });
  }
  const columns = [...Array.from({ length: d }, (_, k) => `x${k + 1}`), "y"];
  return { points, columns };
}

/** Merge equal inputs: equal targets are merged (and reported), different ones are an error. */
function mergeDuplicates(points: RawPoint[], file: string): { kept: RawPoint[]; merged: MergedRow[] } {
  const seen = new Map<string, RawPoint>();
  const kept: RawPoint[] = [];
  const merged: MergedRow[] = [];
  for (const p of points) {
    const key = p.x.length === 1 ? formatQ(p.x[0]!) : p.x.map(formatQ).join(",");
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, p);
      kept.push(p);
    } else if (first.y.equals(p.y)) {
      merged.push({ row: p.row, into: first.row });
    } else {
      throw new InputError(
        `duplicate input (${key}) with a different target: y = ${formatQ(p.y)} here, ${formatQ(first.y)} at row ${first.row}`,
        { file, row: p.row, field: "y" },
      );
    }
  }
  return { kept, merged };
}

export type DataFormat = "csv" | "json";

export function guessFormat(name: string, text: string): DataFormat {
  if (/\.json$/i.test(name)) return "json";
  if (/\.csv$/i.test(name)) return "csv";
  return text.trimStart().startsWith("{") ? "json" : "csv";
}

/** Parse and validate a data set from text. `source` names it in every message. */
export function parseDataText(text: string, source: string, format?: DataFormat): DataSet {
  const fmt = format ?? guessFormat(source, text);
  const { points, columns } = fmt === "json" ? parseJson(text, source) : parseCsv(text, source);
  if (points.length === 0) throw new InputError("empty data: a header but no rows", { file: source });
  const { kept, merged } = mergeDuplicates(points, source);
  return {
    source,
    d: columns.length - 1,
    n: kept.length,
    x: kept.map((p) => p.x),
    y: kept.map((p) => p.y),
    rows: kept.map((p) => p.row),
    merged,
    columns,
  };
}

/** Read a data file (CSV or JSON by extension or content). Throws InputError on any problem. */
export function readDataFile(path: string): DataSet {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new InputError("cannot read the file (does it exist?)", { file: path });
  }
  if (size > DATA_LIMITS.maxFileBytes) {
    throw new LimitError(`file is larger than ${DATA_LIMITS.maxFileBytes} bytes`, { file: path });
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(`cannot read the file (${(e as NodeJS.ErrnoException).code ?? "error"})`, { file: path });
  }
  return parseDataText(text, path);
}

/** Build a data set from values already in memory (generators, tests, embedded sets). */
export function makeDataSet(
  x: readonly (readonly (Fraction | string | number)[])[],
  y: readonly (Fraction | string | number)[],
  source = "<memory>",
): DataSet {
  const json = JSON.stringify({
    x: x.map((row) => row.map((v) => (v instanceof Fraction ? formatQ(v) : String(v)))),
    y: y.map((v) => (v instanceof Fraction ? formatQ(v) : String(v))),
  });
  return parseDataText(json, source, "json");
}

/** Stated limit of the exact query path (`parseQueries`). */
export const MAX_QUERIES = 1_000_000;

/**
 * Query points (`qrelu interpolate --query`): CSV with header x1..xd (exactly d columns), or JSON
 * {"x": [[…], …]} (1-D may be flat). Fields are read like data fields (`parseRational`).
 */
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
          return num(String(v), file, j + 1, name);
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
    out.push(fields.map((f, k) => num(f, file, i + 1, header[k]!)));
    if (out.length > MAX_QUERIES) throw new LimitError(`more than ${MAX_QUERIES} queries`, { file });
  }
  return out;
}

/** Augmented inputs x̃_j = (x_j, 1): the last weight of a neuron is its bias. */
export function augmented(ds: DataSet): Fraction[][] {
  const one = new Fraction(1);
  return ds.x.map((row) => [...row, one]);
}
