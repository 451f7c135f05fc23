/**
 * MODEL.md §9: the greedy function (or any reachable function) against the simplicial
 * interpolant on the convex hull of the inputs, exactly; optionally both against a target.
 */
import { Fraction, InputError, LimitError, type DataSet, type ReluSum } from "@qrelu/core";
import { enumerateReachable, greedy, type GreedyOptions, type GreedyResult, type ReachableFunction } from "@qrelu/greedy";
import { convexPolygonTriangulations, delaunay, enumerateTriangulations, ENUMERATE_MAX_POINTS, type DelaunayResult, type Triangulation } from "@qrelu/triangulation";
import { distanceFI, sumExact } from "./distances";
import { parseTarget } from "./expr";
import { refine1d, refine2d, simplexMeasure, type Refinement } from "./refine";
import { kinksOf, type Kink } from "./ridges";
import { equalsInterpolant2d, match1d, structureOf, type Structure, type Triangulation1dMatch } from "./structure";
import { compareTarget, type TargetReport } from "./target";

export interface CompareOptions {
  /** Target expression in x (1-D) or x1, x2 (2-D). */
  target?: string;
  /** Held-out points for the target (default 100) and their seed (default 1). */
  heldOut?: number;
  seed?: number;
  /** 2-D: triangulations to try for "equals some interpolant" (default 1000). */
  maxTriangulations?: number;
  /**
   * 2-D: the triangulations to search, in order (default: the Delaunay one(s) — every
   * triangulation of the non-simplicial Delaunay cells). Must yield ccw triangles over ds.
   */
  triangulations?: (ds: DataSet, del: DelaunayResult) => Iterable<number[][]>;
}

export const COMPARE_LIMITS = { dimensions: [1, 2], maxHeldOut: 1_000_000, maxTriangulations: 1_000_000 } as const;

export interface TriangulationSearch {
  /** How many triangulations were examined and whether that was all of the candidate set. */
  checked: number;
  complete: boolean;
  /** What the candidate set was. */
  candidates: string;
}

export interface Comparison {
  /** The data compared on. */
  dataSet: DataSet;
  d: number;
  n: number;
  /** Exact distances between f and the (Delaunay) interpolant on the hull. */
  sup: Fraction;
  argsup: Fraction[];
  l2squared: Fraction;
  /** Hull measure (length or area), to turn l2squared into a mean if wanted. */
  hullMeasure: Fraction;
  structure: Structure;
  /** 1-D: the subsets whose interpolant equals f; 2-D: a triangulation (ccw triangles) whose interpolant equals f; null: none found. */
  triangulation: null | ({ kind: "1d" } & Triangulation1dMatch) | { kind: "2d"; simplices: number[][]; delaunay: boolean };
  search: TriangulationSearch | null;
  /** The Delaunay triangulation used for the distances. */
  delaunay: DelaunayResult;
  refinement: Refinement;
  kinks: Kink[];
  target: TargetReport | null;
}

function checkDimension(ds: DataSet): void {
  if (ds.d !== 1 && ds.d !== 2) {
    throw new LimitError(`comparison is implemented for d = 1 and d = 2, the data has d = ${ds.d}`, { file: ds.source });
  }
}

/**
 * Every Delaunay triangulation: the fixed simplices plus one triangulation of each
 * non-simplicial Delaunay cell (cocircular points), the first being delaunay()'s own.
 */
export function* delaunayTriangulations(_ds: DataSet, del: DelaunayResult): Iterable<number[][]> {
  if (del.cells.length === 0) {
    yield del.simplices;
    return;
  }
  const fixed = del.simplices.filter((_, s) => del.cellOf[s]! < 0);
  const options = del.cells.map((c) => convexPolygonTriangulations(c, 1_000_000));
  const idx = options.map(() => 0);
  for (;;) {
    yield [...fixed, ...idx.flatMap((i, c) => options[c]![i]!)];
    // Odometer over the cells' alternatives.
    let k = 0;
    while (k < idx.length && ++idx[k]! >= options[k]!.length) idx[k++] = 0;
    if (k === idx.length) return;
  }
}

/** Compare any ridge sum f (greedy result, reachable function) with the interpolant of ds. */
export function compareFunction(ds: DataSet, f: ReluSum, opts: CompareOptions = {}): Comparison {
  checkDimension(ds);
  if (f.d !== ds.d) throw new RangeError(`function on R^${f.d} but data in R^${ds.d}`);
  const heldOut = opts.heldOut ?? 100;
  if (!Number.isSafeInteger(heldOut) || heldOut < 0 || heldOut > COMPARE_LIMITS.maxHeldOut) {
    throw new LimitError(`held-out points must be an integer from 0 to ${COMPARE_LIMITS.maxHeldOut}`, { field: "--held-out" });
  }
  const target = opts.target !== undefined ? parseTarget(opts.target, ds.d) : undefined;
  const del = delaunay(ds.x, ds.source);
  if (del.degenerate) {
    throw new InputError(`${del.degenerate.message}: the hull has no area, nothing to compare on`, { file: ds.source });
  }
  const kinks = kinksOf(f);
  const R = ds.d === 1 ? refine1d(f, kinks, ds, del) : refine2d(f, kinks, ds, del);
  const dist = distanceFI(R);
  const st = structureOf(f, kinks, ds, del);
  let triangulation: Comparison["triangulation"] = null;
  let search: TriangulationSearch | null = null;
  if (ds.d === 1) {
    const m = match1d(st, ds, del);
    triangulation = m && { kind: "1d", ...m };
  } else {
    const interp = new Set(st.interpolates);
    if (interp.size < ds.n) {
      // Every triangulation of the inputs uses every input as a vertex: f must interpolate all.
      search = { checked: 0, complete: true, candidates: "none needed: f does not interpolate every data point" };
    } else {
      const max = opts.maxTriangulations ?? 1000;
      const tried = new Set<string>();
      let checked = 0;
      let complete = true;
      let candidates = "given";
      const test = (simplices: number[][], isDelaunay: boolean): boolean => {
        const key = simplices.map((t) => [...t].sort((a, b) => a - b).join(",")).sort().join(";");
        if (tried.has(key)) return false;
        tried.add(key);
        checked++;
        if (!equalsInterpolant2d(kinks, ds, simplices, interp)) return false;
        triangulation = { kind: "2d", simplices, delaunay: isDelaunay };
        return true;
      };
      if (opts.triangulations) {
        for (const simplices of opts.triangulations(ds, del)) {
          if (checked >= max) {
            complete = false;
            break;
          }
          if (test(simplices, false)) break;
        }
      } else {
        // The Delaunay ones first (the answer most readers want), then all fine triangulations.
        candidates = "the Delaunay triangulations";
        for (const simplices of delaunayTriangulations(ds, del)) {
          if (checked >= max) {
            complete = false;
            break;
          }
          if (test(simplices, true)) break;
        }
        if (triangulation === null && complete) {
          if (ds.n > ENUMERATE_MAX_POINTS) {
            complete = false;
            candidates += ` (enumeration of all triangulations is limited to ${ENUMERATE_MAX_POINTS} points)`;
          } else {
            candidates = "all triangulations using every input (edge-flip enumeration)";
            const all = enumerateTriangulations(ds.x, { maxCount: max, keep: true, source: ds.source });
            for (const simplices of all.triangulations ?? []) if (test(simplices, false)) break;
            complete = all.complete;
          }
        }
      }
      search = { checked, complete: triangulation === null && complete, candidates };
    }
  }
  // The Delaunay simplices tile the hull: its measure is theirs, no need to walk the refinement.
  const hullMeasure = sumExact(del.simplices.map((simplex) => simplexMeasure(simplex.map((i) => ds.x[i]!))));
  return {
    dataSet: ds,
    d: ds.d,
    n: ds.n,
    sup: dist.sup,
    argsup: dist.argsup,
    l2squared: dist.l2squared,
    hullMeasure,
    structure: st,
    triangulation,
    search,
    delaunay: del,
    refinement: R,
    kinks,
    target: target ? compareTarget(target, f, ds, del, R, { heldOut, seed: opts.seed ?? 1 }) : null,
  };
}

export interface CompareReport {
  greedy: GreedyResult;
  comparison: Comparison;
}

/** Run the greedy on ds and compare its function with the interpolant (what `qrelu demo` shows). */
export function compareReport(ds: DataSet, opts: CompareOptions & { greedy?: GreedyOptions } = {}): CompareReport {
  checkDimension(ds);
  const g = greedy(ds, opts.greedy ?? {});
  return { greedy: g, comparison: compareFunction(ds, g.function, opts) };
}

export type { Triangulation };

export interface ReachableComparison {
  complete: boolean;
  cut: string[];
  /** One entry per distinct reachable function, in the enumeration's order (by loss). */
  functions: { fn: ReachableFunction; comparison: Comparison }[];
}

/** Every reachable function (MODEL.md §6, within the limits) against the interpolant. */
export function compareReachable(
  ds: DataSet,
  opts: CompareOptions & { enumerate?: { maxDepth?: number; maxNodes?: number; maxSeconds?: number } } = {},
): ReachableComparison {
  checkDimension(ds);
  const e = enumerateReachable(ds, opts.enumerate ?? {});
  return {
    complete: e.complete,
    cut: e.cut,
    functions: e.functions.map((fn) => ({ fn, comparison: compareFunction(ds, fn.function, opts) })),
  };
}
