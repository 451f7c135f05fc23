/**
 * 2-D Delaunay: delaunator in floats, then exact verification and repair.
 *
 * 1. Delaunator runs on the scaled integer coordinates when they are exact floats (then its
 *    robust orientation test is exact for our rationals and the hull is right), else on the
 *    nearest floats of the rationals.
 * 2. Every triangle is checked counter-clockwise, the hull convex and every point present,
 *    exactly; if that fails (possible only for coordinates that are not exact floats) the
 *    triangulation is rebuilt by an exact sweep (`sweep.ts`). Every interior edge is then
 *    made locally Delaunay by exact Lawson flips.
 * 3. Edges with in-circle exactly 0 join triangles into non-simplicial Delaunay cells
 *    (cocircular groups); each cell is re-triangulated by the documented rule: a fan from
 *    the cell's smallest data index.
 */
import Delaunator from "delaunator";
import { InputError, type Fraction } from "@qrelu/core";
import { scalePoints, type ScaledPoints } from "./scaled";
import { incircle, orient2d } from "./predicates";
import { boundaryCycle, legalize, meshFromDelaunator, meshFromTriangles, next, prev, type Mesh } from "./mesh";
import { sweepTriangulation } from "./sweep";
import type { DelaunayResult } from "./types";

/** The documented rule for non-simplicial cells (the same in every dimension; see lifting.ts). */
export const CELL_RULE = "pulling in data-index order (in 2-D: the fan from the cell's smallest data index)";

/** Index order along a line (all points collinear): lexicographic (x, then y). */
function lineOrder(x: readonly (readonly Fraction[])[]): number[] {
  return x
    .map((_, i) => i)
    .sort((i, j) => x[i]![0]!.compare(x[j]![0]!) || x[i]![1]!.compare(x[j]![1]!));
}

function allCollinear(P: ScaledPoints): boolean {
  for (let i = 2; i < P.n; i++) if (orient2d(P, 0, 1, i) !== 0) return false;
  return true;
}

/** Exact checks of a float triangulation: orientation, convex hull, every point present. */
function verifyMesh(P: ScaledPoints, M: Mesh): string | null {
  const { tri } = M;
  const seen = new Uint8Array(P.n);
  for (let t = 0; t < tri.length; t += 3) {
    if (orient2d(P, tri[t]!, tri[t + 1]!, tri[t + 2]!) <= 0) return `triangle ${t / 3} is not counter-clockwise`;
    seen[tri[t]!] = seen[tri[t + 1]!] = seen[tri[t + 2]!] = 1;
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) return `point ${missing} is missing`;
  const hull = boundaryCycle(M);
  const h = hull.length;
  for (let k = 0; k < h; k++) {
    if (orient2d(P, hull[k]!, hull[(k + 1) % h]!, hull[(k + 2) % h]!) < 0) return "the hull is not convex";
  }
  return null;
}

function find(parent: Int32Array, i: number): number {
  while (parent[i] !== i) {
    parent[i] = parent[parent[i]!]!;
    i = parent[i]!;
  }
  return i;
}

/** Group triangles joined by cocircular edges; returns cells (ccw polygons) and their triangles. */
function cocircularCells(P: ScaledPoints, M: Mesh): { cells: number[][]; members: number[][] } {
  const { tri, adj } = M;
  const T = tri.length / 3;
  const parent = new Int32Array(T).map((_, i) => i);
  for (let e = 0; e < tri.length; e++) {
    const f = adj[e]!;
    if (f < e) continue;
    if (incircle(P, tri[e]!, tri[next(e)]!, tri[prev(e)]!, tri[prev(f)]!) === 0) {
      const a = find(parent, (e / 3) | 0);
      const b = find(parent, (f / 3) | 0);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
    }
  }
  const groups = new Map<number, number[]>();
  for (let t = 0; t < T; t++) {
    const r = find(parent, t);
    const g = groups.get(r);
    if (g) g.push(t);
    else groups.set(r, [t]);
  }
  const cells: number[][] = [];
  const members: number[][] = [];
  for (const [root, ts] of groups) {
    if (ts.length < 2) continue;
    const succ = new Map<number, number>();
    let start = Infinity;
    for (const t of ts) {
      for (let e = 3 * t; e < 3 * t + 3; e++) {
        const f = adj[e]!;
        if (f >= 0 && find(parent, (f / 3) | 0) === root) continue;
        succ.set(tri[e]!, tri[next(e)]!);
        start = Math.min(start, tri[e]!);
      }
    }
    const poly: number[] = [];
    let v = start;
    do {
      poly.push(v);
      v = succ.get(v)!;
    } while (v !== start);
    cells.push(poly);
    members.push(ts);
  }
  return { cells, members };
}

/** Rotate a ccw triangle so that its smallest index comes first. */
function canonicalTriangle(a: number, b: number, c: number): number[] {
  if (a < b && a < c) return [a, b, c];
  if (b < c) return [b, c, a];
  return [c, a, b];
}

const lexCompare = (s: number[], t: number[]): number => s[0]! - t[0]! || s[1]! - t[1]! || s[2]! - t[2]!;

export function delaunay2d(x: readonly (readonly Fraction[])[], source = "data"): DelaunayResult {
  const n = x.length;
  if (n < 3) throw new InputError(`2-D triangulation needs at least 3 distinct points, found ${n}`, { file: source });
  const P = scalePoints(x);
  if (allCollinear(P)) {
    const order = lineOrder(x);
    return {
      d: 2,
      n,
      simplices: [],
      hull: [order[0]!, order[n - 1]!],
      cells: [],
      cellOf: [],
      repairs: 0,
      degenerate: {
        kind: "collinear",
        message: `all ${n} points lie on one line: there is no 2-D triangulation (the hull is a segment)`,
        order,
      },
    };
  }
  // P.f: the scaled integers when exact as floats, else the nearest floats of the rationals.
  const del = new Delaunator(P.f);
  let M = meshFromDelaunator(del.triangles, del.halfedges);
  if (verifyMesh(P, M) !== null) {
    // Float rounding broke the triangulation itself (only possible when the rationals are
    // not exact floats): rebuild it exactly, then flip to Delaunay as usual.
    M = meshFromTriangles(sweepTriangulation(P), n);
    const problem = verifyMesh(P, M);
    if (problem !== null) throw new Error(`exact sweep triangulation failed verification: ${problem}`);
  }
  const repairs = legalize(P, M);
  return finish(P, M, n, repairs);
}

/** Cells, their fan triangulations, canonical simplex order and the hull. */
function finish(P: ScaledPoints, M: Mesh, n: number, repairs: number): DelaunayResult {
  const { tri } = M;
  const { cells, members } = cocircularCells(P, M);
  const inCell = new Int32Array(tri.length / 3).fill(-1);
  members.forEach((ts, c) => ts.forEach((t) => (inCell[t] = c)));
  const tagged: { s: number[]; c: number }[] = [];
  for (let t = 0; t < tri.length / 3; t++) {
    if (inCell[t]! < 0) tagged.push({ s: canonicalTriangle(tri[3 * t]!, tri[3 * t + 1]!, tri[3 * t + 2]!), c: -1 });
  }
  cells.forEach((poly, c) => {
    // poly starts at its smallest index: the fan (v0, v_i, v_{i+1}) is already canonical.
    for (let i = 1; i + 1 < poly.length; i++) tagged.push({ s: [poly[0]!, poly[i]!, poly[i + 1]!], c });
  });
  tagged.sort((u, v) => lexCompare(u.s, v.s));
  return {
    d: 2,
    n,
    simplices: tagged.map((u) => u.s),
    hull: boundaryCycle(M),
    cells,
    cellOf: tagged.map((u) => u.c),
    repairs,
    degenerate: null,
  };
}

/**
 * Float-only Delaunay (delaunator as is, no exact checks): counter-clockwise triangles, flat.
 * For plotting and large float work; `delaunay2d` is the exact one.
 */
export function delaunayFloat(coords: Float64Array): Int32Array {
  const t = new Delaunator(coords).triangles;
  const out = new Int32Array(t.length);
  for (let i = 0; i < t.length; i += 3) {
    out[i] = t[i]!;
    out[i + 1] = t[i + 2]!;
    out[i + 2] = t[i + 1]!;
  }
  return out;
}
