/**
 * `qrelu table`: run an experiment over the data sets of a spec and collect one row per
 * data set — the greedy's neurons and loss, the reachable functions, the exact distances to
 * the interpolant, the structure, and the held-out errors against a smooth target.
 */
import { join, resolve } from "node:path";
import { exampleDataSet, Fraction, InputError, makeDataSet, readDataFile, type DataSet } from "@qrelu/core";
import { enumerateReachable, greedy } from "@qrelu/greedy";
import { compareFunction } from "./compare";
import { parseTarget, targetValue } from "./expr";
import { plotSvg } from "./plot";
import { randInt, seeded } from "./rng";
import type { Num } from "./target";
import type { DataSpec, GeneratorSpec, TableSpec } from "./table-spec";

export interface TableRow {
  name: string;
  d: number;
  n: number;
  neurons: number;
  loss: Fraction;
  stopped: string;
  /** Distinct reachable functions and whether the enumeration finished (null: skipped). */
  reachable: number | null;
  reachableComplete: boolean | null;
  sup: Fraction;
  l2squared: Fraction;
  kinks: number;
  kinksOnData: number;
  pieces: number;
  /** Does f equal the interpolant of some triangulation? "unknown" when the search was cut. */
  equalsTriangulation: "yes" | "no" | "unknown";
  target: string | null;
  mseGreedy: Num | null;
  mseInterpolant: Num | null;
  /** The plot's file name (inside the output folder), when plots are on. */
  svg: string | null;
}

export interface TableResult {
  spec: TableSpec;
  rows: TableRow[];
  /** Rows that could not be computed (e.g. collinear points), with the reason. */
  errors: { name: string; message: string }[];
  /** SVG files to write: name → content. */
  svgs: Map<string, string>;
}

export interface NamedData {
  name: string;
  ds: DataSet;
  target?: string;
}

/** A rational y for a generated point: exact for rational targets, else the float to 6 decimals. */
function yOf(target: string | undefined, d: number, x: Fraction[], r: () => number): Fraction {
  if (target === undefined) return new Fraction(randInt(r, 20) - 10, 10);
  const t = parseTarget(target, d, "target");
  const v = targetValue(t, x);
  if (v.exact) return v.value;
  if (!Number.isFinite(v.value)) throw new InputError(`target ${target} is not finite at (${x.map((c) => c.toFraction()).join(", ")})`, { field: "target" });
  return new Fraction(v.value.toFixed(6));
}

function generate(g: GeneratorSpec & { name?: string }, seed: number, index: number): NamedData[] {
  const out: NamedData[] = [];
  for (const size of g.sizes) {
    for (let rep = 0; rep < g.repeat; rep++) {
      // One stream per (data set entry, size, repeat): rows do not shift when the spec grows.
      const r = seeded(seed * 1_000_003 + index * 10_007 + size * 101 + rep);
      const [lo, hi] = g.range;
      let x: Fraction[][] = [];
      if (g.kind === "grid") {
        const axis = Array.from({ length: size }, (_, k) => new Fraction(lo).add(new Fraction(hi - lo).mul(k).div(size - 1)));
        x = g.d === 1 ? axis.map((a) => [a]) : axis.flatMap((a) => axis.map((b) => [a, b]));
      } else {
        const seen = new Set<string>();
        const span = (hi - lo) * g.denominator;
        let tries = 0;
        while (x.length < size) {
          if (++tries > 100 * size + 1000) throw new InputError(`cannot draw ${size} distinct points with denominator ${g.denominator} in [${lo}, ${hi}]`, { field: "datasets" });
          const p = Array.from({ length: g.d }, () => new Fraction(lo * g.denominator + randInt(r, span), g.denominator));
          const key = p.map((v) => v.toFraction()).join(",");
          if (seen.has(key)) continue;
          seen.add(key);
          x.push(p);
        }
      }
      const y = x.map((p) => yOf(g.target, g.d, p, r));
      const name = `${g.name ?? g.kind} d=${g.d} n=${x.length}${g.repeat > 1 ? ` #${rep + 1}` : ""}`;
      out.push({ name, ds: makeDataSet(x, y, `<${name}>`), target: g.target });
    }
  }
  return out;
}

/** The data sets of a spec, in order. */
export function specDataSets(spec: TableSpec): NamedData[] {
  return spec.datasets.flatMap((s: DataSpec, i): NamedData[] => {
    if ("example" in s) return [{ name: s.name ?? s.example, ds: exampleDataSet(s.example)!, target: s.target }];
    if ("file" in s) return [{ name: s.name ?? s.file, ds: readDataFile(resolve(spec.base, s.file)), target: s.target }];
    return generate(s, spec.seed, i);
  });
}

const slug = (s: string) => s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase();

export function runTable(spec: TableSpec, onRow?: (done: number, total: number, name: string) => void): TableResult {
  const data = specDataSets(spec);
  const rows: TableRow[] = [];
  const errors: { name: string; message: string }[] = [];
  const svgs = new Map<string, string>();
  const L = spec.limits;
  data.forEach(({ name, ds, target }, i) => {
    onRow?.(i, data.length, name);
    try {
      const g = greedy(ds, { maxNeurons: L.maxNeurons });
      const c = compareFunction(ds, g.function, { target, heldOut: L.heldOut, seed: spec.seed, maxTriangulations: L.maxTriangulations });
      let reachable: number | null = null;
      let reachableComplete: boolean | null = null;
      if (L.enumerate.maxNodes > 0) {
        const e = enumerateReachable(ds, L.enumerate);
        reachable = e.functions.length;
        reachableComplete = e.complete;
      }
      let svg: string | null = null;
      if (spec.plots) {
        svg = `${spec.name}-${String(i + 1).padStart(2, "0")}-${slug(name)}.svg`;
        svgs.set(svg, plotSvg(ds, g.function, c, { title: name, target: target === undefined ? undefined : parseTarget(target, ds.d) }));
      }
      const st = c.structure;
      rows.push({
        name,
        d: ds.d,
        n: ds.n,
        neurons: g.function.terms.length,
        loss: g.loss,
        stopped: g.stopped,
        reachable,
        reachableComplete,
        sup: c.sup,
        l2squared: c.l2squared,
        kinks: st.kinks.length,
        kinksOnData: st.kinks.filter((k) => k.onData.length > 0).length,
        pieces: st.pieces,
        equalsTriangulation: c.triangulation !== null ? "yes" : c.search === null || c.search.complete ? "no" : "unknown",
        target: target ?? null,
        mseGreedy: c.target?.heldOut.greedy ?? null,
        mseInterpolant: c.target?.heldOut.interpolant ?? null,
        svg,
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      errors.push({ name, message: e.message });
    }
  });
  return { spec, rows, errors, svgs };
}

export const tableFileNames = (spec: TableSpec, dir: string) => ({
  md: join(dir, `${spec.name}.md`),
  csv: join(dir, `${spec.name}.csv`),
  tex: join(dir, `${spec.name}.tex`),
});
