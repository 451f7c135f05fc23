import test from "ava";
import { Fraction, q } from "@qrelu/core";
import { catalan, convexPolygonPoints, delaunay, delaunayTriangulationCount, enumerateTriangulations, interpolant } from "@qrelu/triangulation";
import { checkTriangulation, incircleQ, orientQ, pts, randomIntPoints, rng } from "./triangulation-helpers";

/** C(m) = binom(2m, m)/(m+1), computed here independently of the library's recurrence. */
function catalanClosed(m: number): number {
  let b = 1;
  for (let i = 1; i <= m; i++) b = (b * (m + i)) / i;
  return Math.round(b / (m + 1));
}

/**
 * Second method: fine triangulations of a planar point set are exactly the maximal sets of
 * pairwise non-crossing segments among the segments with no data point in their interior;
 * all of them have 3n − h − 3 edges (h points on the hull boundary). Backtracking over
 * segments, counting the non-crossing sets of that size.
 */
function bruteForceCount(x: Fraction[][]): number {
  const n = x.length;
  const segs: [number, number][] = [];
  const between = (a: number, b: number, c: number) =>
    orientQ(x[a]!, x[b]!, x[c]!) === 0 &&
    x[c]![0]!.sub(x[a]![0]!).mul(x[c]![0]!.sub(x[b]![0]!)).add(x[c]![1]!.sub(x[a]![1]!).mul(x[c]![1]!.sub(x[b]![1]!))).compare(0) < 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (!x.some((_, c) => c !== a && c !== b && between(a, b, c))) segs.push([a, b]);
  const cross = (s: [number, number], t: [number, number]) => {
    const [a, b] = s;
    const [c, d] = t;
    if (a === c || a === d || b === c || b === d) return false;
    return orientQ(x[a]!, x[b]!, x[c]!) * orientQ(x[a]!, x[b]!, x[d]!) < 0 && orientQ(x[c]!, x[d]!, x[a]!) * orientQ(x[c]!, x[d]!, x[b]!) < 0;
  };
  // Points on the hull boundary: some line through it has all points on one closed side.
  let h = 0;
  for (let p = 0; p < n; p++) {
    const onHull = x.some((_, r) => r !== p && [1, -1].some((sg) => x.every((_, c) => sg * orientQ(x[p]!, x[r]!, x[c]!) >= 0)));
    if (onHull) h++;
  }
  const target = 3 * n - h - 3;
  const X = segs.map((s) => segs.map((t) => cross(s, t)));
  const chosen: number[] = [];
  let count = 0;
  const rec = (i: number) => {
    if (chosen.length === target) return void count++;
    if (segs.length - i < target - chosen.length) return;
    if (chosen.every((j) => !X[i]![j])) {
      chosen.push(i);
      rec(i + 1);
      chosen.pop();
    }
    rec(i + 1);
  };
  rec(0);
  return count;
}

test("convex n-gons (n = 4..10): Catalan numbers C(n−2)", (t) => {
  for (let n = 4; n <= 10; n++) {
    const x = convexPolygonPoints(n); // on a parabola: strictly convex
    const r = enumerateTriangulations(x);
    t.true(r.complete);
    t.is(r.count, catalanClosed(n - 2), `n = ${n}`);
    t.is(catalan(n - 2), BigInt(catalanClosed(n - 2)));
  }
});

test("random point sets (5–8 points, collinear runs included): flips agree with brute force", (t) => {
  for (let seed = 1; seed <= 24; seed++) {
    const n = 5 + (seed % 4);
    const x = randomIntPoints(n, seed % 2 === 0 ? 4 : 50, seed);
    t.is(enumerateTriangulations(x).count, bruteForceCount(x), `seed ${seed}`);
  }
});

test("3×3 grid: 64 fine triangulations (brute force too); exactly the 16 = 2^4 Delaunay ones pass the in-circle test", (t) => {
  const x: Fraction[][] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) x.push([q(i), q(j)]);
  const r = enumerateTriangulations(x, { keep: true });
  t.is(r.count, 64);
  t.is(bruteForceCount(x), 64);
  let del = 0;
  for (const T of r.triangulations!) {
    const ok = checkTriangulation(x, T).every(({ a, b, c, d }) => incircleQ(x[a]!, x[b]!, x[c]!, x[d]!) <= 0);
    if (ok) del++;
  }
  t.is(BigInt(del), delaunayTriangulationCount(delaunay(x).cells));
  t.is(del, 16);
});

test("listed triangulations are valid and distinct; limits cut with complete: false", (t) => {
  const x = randomIntPoints(8, 30, 99);
  const r = enumerateTriangulations(x, { keep: true });
  t.is(r.triangulations!.length, r.count);
  t.is(new Set(r.triangulations!.map((T) => JSON.stringify(T))).size, r.count);
  for (const T of r.triangulations!) checkTriangulation(x, T);
  const cut = enumerateTriangulations(x, { maxCount: 3, keep: true });
  t.deepEqual([cut.count, cut.complete, cut.cut, cut.triangulations!.length], [3, false, "max", 3]);
  // A time limit of 0 stops at the first check (every 8192 expanded): the 13-gon has 58,786.
  const calls: number[] = [];
  const timed = enumerateTriangulations(convexPolygonPoints(13), { timeLimitMs: 0, onProgress: (c) => calls.push(c) });
  t.deepEqual([timed.complete, timed.cut], [false, "time"]);
  t.true(timed.count >= 8192 && timed.count < 58786);
  t.is(calls.at(-1), timed.count);
});

test("interpolation on every (non-Delaunay) triangulation: data reproduced, affine per triangle", (t) => {
  const x = pts([
    [0, 0],
    [4, 0],
    [5, 3],
    [1, 4],
    [2, 1],
    [3, 2],
    ["1/2", 2],
  ]);
  const r0 = rng(2);
  const y = x.map(() => new Fraction(Math.floor(r0() * 50) - 25, 3));
  const all = enumerateTriangulations(x, { keep: true }).triangulations!;
  for (const simplices of all) {
    const I = interpolant(x, y, { d: 2, n: x.length, simplices, hull: delaunay(x).hull });
    x.forEach((p, i) => t.true(I.valueAt(p)!.equals(y[i]!)));
    for (const s of simplices) {
      // The centroid: value (y_a + y_b + y_c)/3.
      const c = [0, 1].map((k) => s.reduce((acc, i) => acc.add(x[i]![k]!), new Fraction(0)).div(3));
      t.true(I.valueAt(c)!.equals(s.reduce((acc, i) => acc.add(y[i]!), new Fraction(0)).div(3)));
    }
  }
});
