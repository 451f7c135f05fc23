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
