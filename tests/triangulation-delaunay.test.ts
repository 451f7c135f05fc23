import test from "ava";
import { q, type Fraction } from "@qrelu/core";
import { catalan, delaunay, delaunayTriangulationCount, convexPolygonTriangulations } from "@qrelu/triangulation";
import { checkTriangulation, incircleQ, orientQ, pts, randomIntPoints, rng } from "./triangulation-helpers";

/** Exact Delaunay check by the second method: every interior edge has in-circle ≤ 0. */
function assertDelaunay(t: import("ava").ExecutionContext, x: Fraction[][], simplices: number[][]): number {
  let zero = 0;
  for (const { a, b, c, d } of checkTriangulation(x, simplices)) {
    const s = incircleQ(x[a]!, x[b]!, x[c]!, x[d]!);
    t.true(s <= 0, `edge ${a}-${b} not locally Delaunay`);
    if (s === 0) zero++;
  }
  return zero;
}

test("1-D: the sorted order", (t) => {
  const T = delaunay(pts([[2], [-1], [0], ["1/2"]]));
  t.deepEqual(T.simplices, [
    [1, 2],
    [2, 3],
    [3, 0],
  ]);
  t.deepEqual(T.hull, [1, 0]);
});

test("3×3 grid: four cocircular unit squares, 2^4 = 16 Delaunay triangulations", (t) => {
  const x: Fraction[][] = [];
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) x.push([q(i), q(j)]);
  const T = delaunay(x);
  // Each unit square's corners are cocircular and its circle holds no other grid point;
  // the only larger circles through 4 grid points (radius √2 around (1,1), …) contain
  // the center strictly, so the cells are exactly the four squares.
  t.deepEqual(
    T.cells.map((c) => [...c].sort((u, v) => u - v)),
    [
      [0, 1, 3, 4],
      [1, 2, 4, 5],
      [3, 4, 6, 7],
      [4, 5, 7, 8],
    ],
  );
  t.is(delaunayTriangulationCount(T.cells), 16n);
  t.is(assertDelaunay(t, x, T.simplices), 4); // one cocircular diagonal per square
  t.true(T.cellOf.every((c) => c >= 0));
  // Documented rule: fan from the smallest index, e.g. square 0,1,4,3 gets the diagonal 0–4.
  t.true(T.simplices.some((s) => s.includes(0) && s.includes(4)));
});

test("eight decimal points on the unit circle form one cell: C(6) = 132 triangulations, all Delaunay", (t) => {
  // (±0.6, ±0.8), (±0.8, ±0.6) satisfy x² + y² = 1 exactly; in floats they do not.
  const x = pts([
    ["0.6", "0.8"],
    ["-0.6", "0.8"],
    ["0.8", "0.6"],
    ["-0.8", "0.6"],
    ["0.6", "-0.8"],
    ["-0.6", "-0.8"],
    ["0.8", "-0.6"],
    ["-0.8", "-0.6"],
  ]);
  const T = delaunay(x);
  t.is(T.cells.length, 1);
  t.is(T.cells[0]!.length, 8);
  t.is(delaunayTriangulationCount(T.cells), catalan(6));
  t.is(catalan(6), 132n);
  const alts = convexPolygonTriangulations(T.cells[0]!);
  t.is(alts.length, 132);
  t.is(new Set(alts.map((a) => JSON.stringify(a.map((s) => [...s].sort()).sort()))).size, 132);
  for (const alt of alts.slice(0, 20)) t.is(assertDelaunay(t, x, alt), 5); // every diagonal is cocircular
});

test("near-degenerate decimals: collinear in rationals, not in floats", (t) => {
  // (0.1k, 0.3k) for k = 0..3 are collinear; 0.1+0.2 ≠ 0.3 in floats.
  const x = pts([
    [0, 0],
    ["0.1", "0.3"],
    ["0.2", "0.6"],
    ["0.3", "0.9"],
    ["0.7", "0.1"],
  ]);
  const T = delaunay(x);
  assertDelaunay(t, x, T.simplices);
  t.deepEqual(T.hull, [0, 4, 3, 2, 1]); // the three points on the hull edge 3→0 are all on it
  t.is(T.simplices.length, 3); // 2n − h − 2 = 10 − 5 − 2
});

test("all collinear: reported as degenerate, with the order along the line", (t) => {
  const T = delaunay(pts([["0.3", "0.9"], [0, 0], ["0.1", "0.3"]]));
  t.is(T.degenerate?.kind, "collinear");
  t.deepEqual(T.degenerate?.order, [1, 2, 0]);
  t.deepEqual(T.simplices, []);
});

test("random integer point sets are exactly Delaunay (second method: Fraction in-circle)", (t) => {
  for (let seed = 1; seed <= 20; seed++) {
    const x = randomIntPoints(30, 12, seed); // small range: many cocircular and collinear groups
    const T = delaunay(x);
    assertDelaunay(t, x, T.simplices);
    // Cells: all vertices of a cell are cocircular with its first triangle.
    for (const cell of T.cells) {
      const [a, b, c] = cell as [number, number, number];
      for (const v of cell.slice(3)) t.is(incircleQ(x[a]!, x[b]!, x[c]!, x[v]!), 0);
    }
  }
});

test("coordinates beyond 2^53 after scaling: bigint predicates, float triangulation repaired", (t) => {
  // A jittered grid: offsets of 1e-20 vanish in floats (delaunator sees a perfect grid with
  // cocircular squares) but break the cocircularity exactly.
  const r = rng(7);
  const x: Fraction[][] = [];
  for (let i = 0; i < 5; i++) {
    for (let j = 0; j < 5; j++) x.push([q(i).add(q(Math.floor(r() * 9) - 4, 10 ** 20)), q(j)]);
  }
  const T = delaunay(x);
  assertDelaunay(t, x, T.simplices);
  t.true(T.simplices.every((s) => orientQ(x[s[0]!]!, x[s[1]!]!, x[s[2]!]!) > 0));
});

test("rational points on the unit circle (large denominators, rounded floats): one cell, C(8) triangulations", (t) => {
  // ((1 − s²)/(1 + s²), 2s/(1 + s²)) is on x² + y² = 1 for rational s; the lcm of the
  // denominators is far beyond 2^53, so the rounded-input filter and bigint decide.
  const ss = ["1/2", "1/3", "2/7", "-3/11", "5/13", "-7/17", "9/19", "-1/23", "11/29", "-13/31"].map((v) => q(v));
  const x = ss.map((s) => {
    const d = s.mul(s).add(1);
    return [q(1).sub(s.mul(s)).div(d), s.mul(2).div(d)];
  });
  const T = delaunay(x);
  t.is(T.cells.length, 1);
  t.is(T.cells[0]!.length, 10);
  t.is(delaunayTriangulationCount(T.cells), 1430n); // C(8)
  t.is(assertDelaunay(t, x, T.simplices), 7); // every one of the 7 diagonals is cocircular
});
