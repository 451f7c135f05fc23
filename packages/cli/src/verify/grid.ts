/**
 * Item 3 of `qrelu verify`, the float half: the trained network is a float object, so it is
 * compared with the exact functions (greedy, limit, interpolant) on a dense grid over the convex
 * hull of the inputs, in floats, and labelled as such. (The exact half — greedy against the
 * interpolant — is @qrelu/compare's.)
 *
 * 1-D: `points` equally spaced inputs on [min x, max x], sup over them and L2 = √∫(f−g)² by the
 * trapezoid rule. 2-D: a `side`×`side` grid on the bounding box, points inside some Delaunay
 * triangle only, L2² ≈ Σ (f−g)² · cell area. Stated limits: GRID_LIMITS.
 */
import { LimitError, toFloat, type DataSet } from "@qrelu/core";
import type { Triangulation } from "@qrelu/triangulation";

export const GRID_LIMITS = { maxPoints1d: 1_000_000, maxSide2d: 2000 } as const;

export type FloatFn = (x: readonly number[]) => number;

export interface HullGrid {
  d: number;
  points: number[][];
  /** Quadrature weight of each point (sum ≈ hull measure). */
  weights: number[];
}

export function hullGrid(ds: DataSet, T: Triangulation, resolution: number): HullGrid {
  const xs = ds.x.map((r) => r.map(toFloat));
  if (ds.d === 1) {
    if (resolution < 2 || resolution > GRID_LIMITS.maxPoints1d) throw new LimitError(`grid points must be 2 to ${GRID_LIMITS.maxPoints1d}`);
    const lo = Math.min(...xs.map((r) => r[0]!));
    const hi = Math.max(...xs.map((r) => r[0]!));
    const h = (hi - lo) / (resolution - 1);
    const points = Array.from({ length: resolution }, (_, k) => [k === resolution - 1 ? hi : lo + k * h]);
    const weights = points.map((_, k) => (k === 0 || k === resolution - 1 ? h / 2 : h));
    return { d: 1, points, weights };
  }
  if (ds.d !== 2) throw new LimitError(`the grid comparison is implemented for d = 1 and d = 2, the data has d = ${ds.d}`);
  if (resolution < 2 || resolution > GRID_LIMITS.maxSide2d) throw new LimitError(`grid side must be 2 to ${GRID_LIMITS.maxSide2d}`);
  const x0 = Math.min(...xs.map((r) => r[0]!)), x1 = Math.max(...xs.map((r) => r[0]!));
  const y0 = Math.min(...xs.map((r) => r[1]!)), y1 = Math.max(...xs.map((r) => r[1]!));
  const hx = (x1 - x0) / (resolution - 1), hy = (y1 - y0) / (resolution - 1);
  const points: number[][] = [];
  for (let a = 0; a < resolution; a++) {
    for (let b = 0; b < resolution; b++) {
      const p = [x0 + a * hx, y0 + b * hy];
      if (simplexOf(xs, T, p) >= 0) points.push(p);
    }
  }
  return { d: 2, points, weights: points.map(() => hx * hy) };
}

/** Barycentric coordinates of p in triangle t (float); tolerance admits hull-boundary points. */
function bary(xs: number[][], t: readonly number[], p: readonly number[]): number[] | null {
  const [a, b, c] = t.map((i) => xs[i]!) as [number[], number[], number[]];
  const det = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (c[0]! - a[0]!) * (b[1]! - a[1]!);
  const l1 = ((p[0]! - a[0]!) * (c[1]! - a[1]!) - (c[0]! - a[0]!) * (p[1]! - a[1]!)) / det;
  const l2 = ((b[0]! - a[0]!) * (p[1]! - a[1]!) - (p[0]! - a[0]!) * (b[1]! - a[1]!)) / det;
  const l0 = 1 - l1 - l2;
  const tol = -1e-12;
  return l0 >= tol && l1 >= tol && l2 >= tol ? [l0, l1, l2] : null;
}

function simplexOf(xs: number[][], T: Triangulation, p: readonly number[]): number {
  return T.simplices.findIndex((t) => bary(xs, t, p) !== null);
}

/** The interpolant of ds on T in floats (1-D: linear between neighbours; 2-D: barycentric). */
export function interpolantFloat(ds: DataSet, T: Triangulation): FloatFn {
  const xs = ds.x.map((r) => r.map(toFloat));
  const ys = ds.y.map(toFloat);
  if (ds.d === 1) {
    return (p) => {
      for (const [i, j] of T.simplices as [number, number][]) {
        const a = xs[i]![0]!, b = xs[j]![0]!;
        const lo = Math.min(a, b), hi = Math.max(a, b);
        if (p[0]! >= lo && p[0]! <= hi) return hi === lo ? ys[i]! : ys[i]! + ((ys[j]! - ys[i]!) * (p[0]! - a)) / (b - a);
      }
      return NaN;
    };
  }
  return (p) => {
    for (const t of T.simplices) {
      const l = bary(xs, t, p);
      if (l) return l[0]! * ys[t[0]!]! + l[1]! * ys[t[1]!]! + l[2]! * ys[t[2]!]!;
    }
    return NaN;
  };
}

export interface FloatDistance {
  /** max |f − g| over the grid (float). */
  sup: number;
  /** Where it is attained. */
  argsup: number[];
  /** √∫(f − g)² over the hull (float quadrature). */
  l2: number;
}

/** Values of f at the grid points. */
export function valuesOn(grid: HullGrid, f: FloatFn): Float64Array {
  return Float64Array.from(grid.points, (p) => f(p));
}

/** Float distances between two functions given by their values on the grid. */
export function gridDistance(grid: HullGrid, f: ArrayLike<number>, g: ArrayLike<number>): FloatDistance {
  let sup = 0;
  let argsup = grid.points[0] ?? [];
  let l2sq = 0;
  grid.points.forEach((p, k) => {
    const e = f[k]! - g[k]!;
    if (Math.abs(e) > sup) {
      sup = Math.abs(e);
      argsup = p;
    }
    l2sq += e * e * grid.weights[k]!;
  });
  return { sup, argsup, l2: Math.sqrt(l2sq) };
}
