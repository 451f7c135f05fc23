/**
 * Independent exact predicates for the triangulation tests: plain Fraction arithmetic on
 * the rationals as given (no scaling, no float filter, no bigint tricks), a second method.
 */
import { Fraction, q } from "@qrelu/core";
import { randomIntegerPoints } from "@qrelu/triangulation";

export type Pt = readonly Fraction[];

export function orientQ(a: Pt, b: Pt, c: Pt): number {
  const det = b[0]!.sub(a[0]!).mul(c[1]!.sub(a[1]!)).sub(b[1]!.sub(a[1]!).mul(c[0]!.sub(a[0]!)));
  return det.compare(0);
}

/** > 0 when d is strictly inside the circle through the ccw triangle a, b, c. */
export function incircleQ(a: Pt, b: Pt, c: Pt, d: Pt): number {
  const rows = [a, b, c].map((p) => {
    const dx = p[0]!.sub(d[0]!);
    const dy = p[1]!.sub(d[1]!);
    return [dx, dy, dx.mul(dx).add(dy.mul(dy))];
  });
  const [r0, r1, r2] = rows as [Fraction[], Fraction[], Fraction[]];
  const det = r0[0]!
    .mul(r1[1]!.mul(r2[2]!).sub(r1[2]!.mul(r2[1]!)))
    .sub(r0[1]!.mul(r1[0]!.mul(r2[2]!).sub(r1[2]!.mul(r2[0]!))))
    .add(r0[2]!.mul(r1[0]!.mul(r2[1]!).sub(r1[1]!.mul(r2[0]!))));
  return det.compare(0);
}

export function pts(list: readonly (readonly (number | string)[])[]): Fraction[][] {
  return list.map((p) => p.map((v) => q(String(v))));
}

/** Deterministic PRNG (mulberry32), shared with the benchmarks. */
import { rng } from "../bench/harness";
export { rng };

/** n distinct random points with small integer coordinates in [0, range). */
export function randomIntPoints(n: number, range: number, seed: number): Fraction[][] {
  return randomIntegerPoints(n, range, rng(seed));
}

/**
 * Checks that `simplices` is a triangulation of the points' convex hull using every point,
 * with the exact Fraction predicates: every triangle ccw, every point a vertex, each interior
 * edge shared by exactly two triangles (one each way), and the boundary edges forming a
 * convex cycle with no point strictly outside any of them. Returns the interior edges
 * (directed a→b with the two opposite vertices) for further tests.
 */
export function checkTriangulation(x: Fraction[][], simplices: number[][]): { a: number; b: number; c: number; d: number }[] {
  const dir = new Map<string, number>();
  const used = new Set<number>();
  for (const [a, b, c] of simplices as [number, number, number][]) {
    if (orientQ(x[a]!, x[b]!, x[c]!) <= 0) throw new Error(`triangle ${a} ${b} ${c} is not ccw`);
    for (const [u, v, w] of [
      [a, b, c],
      [b, c, a],
      [c, a, b],
    ] as const) {
      if (dir.has(`${u},${v}`)) throw new Error(`edge ${u}→${v} twice`);
      dir.set(`${u},${v}`, w);
      used.add(u);
    }
  }
  if (used.size !== x.length) throw new Error(`only ${used.size} of ${x.length} points used`);
  const interior: { a: number; b: number; c: number; d: number }[] = [];
  for (const [k, w] of dir) {
    const [u, v] = k.split(",").map(Number) as [number, number];
    const o = dir.get(`${v},${u}`);
    if (o === undefined) {
      // Boundary edge: no point strictly to its right (outside).
      for (const p of x) if (orientQ(x[u]!, x[v]!, p) < 0) throw new Error(`point outside boundary edge ${u}→${v}`);
    } else if (u < v) interior.push({ a: u, b: v, c: w, d: o });
  }
  // Euler: a triangulation of a point set with h points on the hull boundary has 2n − h − 2 triangles.
  const h = [...dir.keys()].filter((k) => !dir.has(k.split(",").reverse().join(","))).length;
  if (simplices.length !== 2 * x.length - h - 2) throw new Error("wrong number of triangles");
  return interior;
}
