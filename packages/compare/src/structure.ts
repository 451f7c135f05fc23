/**
 * Structure of a ridge sum on the data's hull: kinks, kinks on data points, linear pieces,
 * and whether it equals the interpolant of some triangulation.
 */
import { evaluate, Fraction, type DataSet, type ReluSum } from "@qrelu/core";
import type { Triangulation } from "@qrelu/triangulation";
import { kinkPoint1d, kinkSide, type Kink } from "./ridges";

export interface KinkInfo {
  /** 1-D: the kink position; 2-D: the line a·x1 + b·x2 + c = 0 as [a, b, c]. */
  at: Fraction | bigint[];
  /** Data indices (in ds order) on the kink. */
  onData: number[];
  /** Does the kink meet the closed hull? */
  inHull: boolean;
}

export interface Structure {
  kinks: KinkInfo[];
  /** Linear pieces of f on the hull (cells of the kink arrangement inside the hull). */
  pieces: number;
  /** Data indices j with f(x_j) = y_j exactly. */
  interpolates: number[];
}

export function structureOf(f: ReluSum, kinks: readonly Kink[], ds: DataSet, T: Triangulation): Structure {
  const interpolates: number[] = [];
  ds.x.forEach((x, j) => {
    if (evaluate(f, x).equals(ds.y[j]!)) interpolates.push(j);
  });
  if (ds.d === 1) {
    const lo = ds.x[T.hull[0]!]![0]!;
    const hi = ds.x[T.hull[1]!]![0]!;
    let inside = 0;
    const info = kinks.map((k) => {
      const p = kinkPoint1d(k);
      if (p.compare(lo) > 0 && p.compare(hi) < 0) inside++;
      return {
        at: p,
        onData: ds.x.flatMap((x, j) => (x[0]!.equals(p) ? [j] : [])),
        inHull: p.compare(lo) >= 0 && p.compare(hi) <= 0,
      };
    });
    return { kinks: info, pieces: inside + 1, interpolates };
  }
  const hull = T.hull.map((i) => ds.x[i]!);
  const info = kinks.map((k) => {
    const sides = hull.map((v) => kinkSide(k, v).s * (kinkSide(k, v).n === 0n ? 0n : 1n));
    return {
      at: k.normal,
      onData: ds.x.flatMap((x, j) => (kinkSide(k, x).equals(0) ? [j] : [])),
      inHull: sides.some((s) => s >= 0n) && sides.some((s) => s <= 0n),
    };
  });
  return { kinks: info, pieces: countCells(hull, kinks), interpolates };
}

/** Number of cells into which the lines cut the interior of a convex polygon. */
function countCells(poly: Fraction[][], kinks: readonly Kink[]): number {
  let polys = [poly];
  for (const k of kinks) {
    const next: Fraction[][][] = [];
    for (const p of polys) {
      const s = p.map((v) => kinkSide(k, v));
      if (!s.some((v) => v.s > 0n && v.n !== 0n) || !s.some((v) => v.s < 0n)) {
        next.push(p);
        continue;
      }
      const pos: Fraction[][] = [];
      const neg: Fraction[][] = [];
      for (let i = 0; i < p.length; i++) {
        const j = (i + 1) % p.length;
        const [si, sj] = [s[i]!, s[j]!];
        if (si.compare(0) >= 0) pos.push(p[i]!);
        if (si.compare(0) <= 0) neg.push(p[i]!);
        if (si.mul(sj).compare(0) < 0) {
          const t = si.div(si.sub(sj));
          const r = p[i]!.map((c, m) => c.add(t.mul(p[j]![m]!.sub(c))));
          pos.push(r);
          neg.push(r);
        }
      }
      next.push(pos, neg);
    }
    polys = next;
  }
  return polys.length;
}

/**
 * 1-D: the interpolants that equal f on the hull. The interpolant of a subset S of the
 * inputs (containing both ends) is the PL function with breakpoints S through (x_j, y_j);
 * it equals f on the hull iff every kink of f strictly inside the hull is in S and
 * f(x_j) = y_j for j ∈ S. So such S exist iff the kinks inside are data points where f
 * interpolates and f interpolates at both ends; the coarsest is {ends} ∪ {kinks}, the finest
 * is every point where f interpolates.
 */
export interface Triangulation1dMatch {
  coarsest: number[];
  finest: number[];
  /** Is the all-points interpolant (the only triangulation using every input) among them? */
  allPoints: boolean;
}

export function match1d(st: Structure, ds: DataSet, T: Triangulation): Triangulation1dMatch | null {
  const [lo, hi] = T.hull as [number, number];
  const interp = new Set(st.interpolates);
  if (!interp.has(lo) || !interp.has(hi)) return null;
  const lx = ds.x[lo]![0]!;
  const hx = ds.x[hi]![0]!;
  const needed = new Set([lo, hi]);
  for (const k of st.kinks) {
    const p = k.at as Fraction;
    if (p.compare(lx) <= 0 || p.compare(hx) >= 0) continue;
    const j = k.onData[0];
    if (j === undefined || !interp.has(j)) return null;
    needed.add(j);
  }
  const byX = (a: number, b: number) => ds.x[a]![0]!.compare(ds.x[b]![0]!);
  return {
    coarsest: [...needed].sort(byX),
    finest: [...interp].sort(byX),
    allPoints: interp.size === ds.n,
  };
}

/**
 * 2-D: does f equal the interpolant of triangulation T? Iff f interpolates every vertex of T
 * and no kink line of f crosses the interior of a triangle (then f is affine on each triangle
 * and agrees with the interpolant at its three vertices).
 */
export function equalsInterpolant2d(kinks: readonly Kink[], ds: DataSet, simplices: readonly (readonly number[])[], interpolates: ReadonlySet<number>): boolean {
  for (const s of simplices) for (const i of s) if (!interpolates.has(i)) return false;
  for (const s of simplices) {
    for (const k of kinks) {
      let pos = false;
      let neg = false;
      for (const i of s) {
        const v = kinkSide(k, ds.x[i]!);
        if (v.n !== 0n) {
          if (v.s > 0n) pos = true;
          else neg = true;
        }
      }
      if (pos && neg) return false;
    }
  }
  return true;
}
