/**
 * Point location in a planar triangle mesh by a remembering stochastic visibility walk
 * (Devillers–Pion–Teillaud): from the last triangle found, cross any edge that has the
 * query strictly on its outer side; the random first edge makes the walk terminate in
 * any triangulation, not only Delaunay ones. Float walks give a hint; the exact walk
 * (bigint orientation against the rational query) decides.
 */
import type { Mesh } from "./mesh";
import { next } from "./mesh";

/** Sign of orient(a, b, q) for the current query. */
export type SideOf = (a: number, b: number) => number;

export interface WalkResult {
  /** The triangle reached. */
  t: number;
  /** −1 when the query is in the closed triangle; else a boundary half-edge it lies strictly outside of. */
  exit: number;
}

/** Walk from `start`; null when `maxSteps` is exceeded (float walks can cycle on rounding). */
export function walk(M: Mesh, start: number, side: SideOf, maxSteps: number, seed = { s: 0x9e3779b9 }): WalkResult | null {
  const { tri, adj } = M;
  let t = start;
  for (let steps = 0; steps <= maxSteps; steps++) {
    // xorshift32: a cheap deterministic choice of the first edge tried.
    let s = seed.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    seed.s = s >>> 0;
    const r = seed.s % 3;
    let crossed = -1;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + ((r + k) % 3);
      if (side(tri[e]!, tri[next(e)]!) < 0) {
        crossed = e;
        break;
      }
    }
    if (crossed < 0) return { t, exit: -1 };
    const o = adj[crossed]!;
    if (o < 0) return { t, exit: crossed };
    t = (o / 3) | 0;
  }
  return null;
}

/** Float orientation sign of (a, b, q) on point-major float coordinates (a hint only). */
export function floatSide(f: Float64Array, qx: number, qy: number): SideOf {
  return (a, b) => {
    const ax = f[2 * a]!;
    const ay = f[2 * a + 1]!;
    return (f[2 * b]! - ax) * (qy - ay) - (f[2 * b + 1]! - ay) * (qx - ax);
  };
}

/**
 * A jump grid for starting walks: about one cell per vertex over the bounding box; each
 * cell holds a triangle incident to a vertex in it (empty cells borrow the previous cell's),
 * so a walk from there takes O(1) steps for evenly spread points.
 */
export interface StartGrid {
  start(qx: number, qy: number): number;
}

export function startGrid(M: Mesh, f: Float64Array): StartGrid {
  const n = f.length / 2;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < n; i++) {
    x0 = Math.min(x0, f[2 * i]!);
    x1 = Math.max(x1, f[2 * i]!);
    y0 = Math.min(y0, f[2 * i + 1]!);
    y1 = Math.max(y1, f[2 * i + 1]!);
  }
  const G = Math.max(1, Math.ceil(Math.sqrt(n / 2)));
  const sx = x1 > x0 ? G / (x1 - x0) : 0;
  const sy = y1 > y0 ? G / (y1 - y0) : 0;
  const cell = (qx: number, qy: number): number => {
    const i = Math.min(G - 1, Math.max(0, Math.floor((qx - x0) * sx)));
    const j = Math.min(G - 1, Math.max(0, Math.floor((qy - y0) * sy)));
    return (j * G + i) | 0;
  };
  const cells = new Int32Array(G * G).fill(-1);
  const { tri } = M;
  for (let e = 0; e < tri.length; e++) {
    const v = tri[e]!;
    const c = cell(f[2 * v]!, f[2 * v + 1]!);
    if (cells[c]! < 0) cells[c] = (e / 3) | 0;
  }
  let lastTri = 0;
  for (let c = 0; c < cells.length; c++) {
    if (cells[c]! < 0) cells[c] = lastTri;
    else lastTri = cells[c]!;
  }
  return {
    start: (qx, qy) => (Number.isFinite(qx) && Number.isFinite(qy) ? cells[cell(qx, qy)]! : 0),
  };
}

/**
 * The float walk without closures (the hot loop of float interpolation): returns the
 * triangle, or −1 − e for a boundary half-edge e the query is outside of, or null on a cycle.
 */
export function walkFloat(M: Mesh, f: Float64Array, start: number, qx: number, qy: number, maxSteps: number, seed: { s: number }): number | null {
  const { tri, adj } = M;
  let t = start;
  let s = seed.s;
  for (let steps = 0; steps <= maxSteps; steps++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const r = (s >>> 0) % 3;
    let crossed = -1;
    for (let k = 0; k < 3; k++) {
      const e = 3 * t + ((r + k) % 3);
      const a = tri[e]!;
      const b = tri[e % 3 === 2 ? e - 2 : e + 1]!;
      const ax = f[2 * a]!;
      const ay = f[2 * a + 1]!;
      if ((f[2 * b]! - ax) * (qy - ay) - (f[2 * b + 1]! - ay) * (qx - ax) < 0) {
        crossed = e;
        break;
      }
    }
    if (crossed < 0) {
      seed.s = s;
      return t;
    }
    const o = adj[crossed]!;
    if (o < 0) {
      seed.s = s;
      return -1 - crossed;
    }
    t = (o / 3) | 0;
  }
  seed.s = s;
  return null;
}
