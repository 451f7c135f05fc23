import test from "ava";
import { Fraction, q, solve } from "@qrelu/core";
import { delaunay, delaunay2d, interpolant, LIFTING_MAX_WORK, pullingTriangulation, scalePoints } from "@qrelu/triangulation";
import { rng } from "./triangulation-helpers";

const F = (v: number | string) => q(String(v));

/** Signed volume ×d! of a simplex: det of (p_i − p_0), by exact elimination. */
function detQ(rows: Fraction[][]): Fraction {
  const M = rows.map((r) => r.slice());
  const k = M.length;
  let det = new Fraction(1);
  for (let c = 0; c < k; c++) {
    const p = M.findIndex((r, i) => i >= c && r[c]!.n !== 0n);
    if (p < 0) return new Fraction(0);
    if (p !== c) {
      [M[p], M[c]] = [M[c]!, M[p]!];
      det = det.neg();
    }
    det = det.mul(M[c]![c]!);
    for (let i = c + 1; i < k; i++) {
      const f = M[i]![c]!.div(M[c]![c]!);
      M[i] = M[i]!.map((v, j) => v.sub(f.mul(M[c]![j]!)));
    }
  }
  return det;
}
const volume = (x: Fraction[][], s: number[]) => detQ(s.slice(1).map((i) => x[i]!.map((v, k) => v.sub(x[s[0]!]![k]!)))).abs();

/**
 * Second method for d ≥ 3: each simplex has an empty circumsphere (center from the linear
 * system 2(p_i − p_0)·c = |p_i|² − |p_0|², distances compared as rationals), and the simplices
 * form a closed triangulation: every facet is shared by two simplices or is a hull facet
 * (all points on one closed side).
 */
function checkDelaunayD(t: import("ava").ExecutionContext, x: Fraction[][], simplices: number[][]) {
  const sq = (v: Fraction[]) => v.reduce((a, c) => a.add(c.mul(c)), new Fraction(0));
  for (const s of simplices) {
    const p0 = x[s[0]!]!;
    const c = solve(
      s.slice(1).map((i) => x[i]!.map((v, k) => v.sub(p0[k]!).mul(2))),
      s.slice(1).map((i) => sq(x[i]!).sub(sq(p0))),
    );
    const r2 = sq(p0.map((v, k) => v.sub(c[k]!)));
    for (let p = 0; p < x.length; p++) t.true(sq(x[p]!.map((v, k) => v.sub(c[k]!))).compare(r2) >= 0);
  }
  const facets = new Map<string, number>();
  for (const s of simplices) for (let i = 0; i < s.length; i++) {
    const k = s.filter((_, j) => j !== i).join(",");
    facets.set(k, (facets.get(k) ?? 0) + 1);
  }
  for (const [k, c] of facets) {
    t.true(c === 1 || c === 2);
    if (c === 1) {
      const f = k.split(",").map(Number);
      const sides = new Set(x.map((p) => detQ([...f.slice(1).map((i) => x[i]!.map((v, j) => v.sub(x[f[0]!]![j]!))), p.map((v, j) => v.sub(x[f[0]!]![j]!))]).compare(0)));
      t.false(sides.has(1) && sides.has(-1), `facet ${k} is not on the hull`);
    }
  }
}

test("unit cube: one cell of 8 co-spherical points, pulled from vertex 0 into 6 tetrahedra", (t) => {
  const x: Fraction[][] = [];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) x.push([F(i), F(j), F(k)]);
  const T = delaunay(x);
  t.is(T.cells.length, 1);
  t.is(T.simplices.length, 6);
  t.true(T.simplices.every((s) => s.includes(0) && s.includes(7))); // pulling 0, then 4/2/1 on the faces
  t.is(T.simplices.reduce((a, s) => a.add(volume(x, s)), new Fraction(0)).toFraction(), "6"); // 6 × (1/6)·3! = 1 cube
  checkDelaunayD(t, x, T.simplices);
  // Linear data is reproduced exactly: y = x + 2y + 3z at (1/2, 1/3, 1/4) is 23/12.
  const I = interpolant(x, x.map((p) => p[0]!.add(p[1]!.mul(2)).add(p[2]!.mul(3))), T);
  t.is(I.valueAt([F("1/2"), F("1/3"), F("1/4")])!.toFraction(), "23/12");
  t.is(I.valueAt([F(2), F(0), F(0)]), null);
});

test("random 3-D and 4-D sets: empty circumspheres, closed triangulation, data reproduced", (t) => {
  const r = rng(8);
  for (const [d, n] of [
    [3, 14],
    [3, 12],
    [4, 10],
  ] as const) {
    const x = Array.from({ length: n }, () => Array.from({ length: d }, () => new Fraction(Math.floor(r() * 40) - 20, 1 + Math.floor(r() * 3))));
    const T = delaunay(x);
    checkDelaunayD(t, x, T.simplices);
    const y = x.map(() => new Fraction(Math.floor(r() * 30)));
    const I = interpolant(x, y, T);
    x.forEach((p, i) => t.true(I.valueAt(p)!.equals(y[i]!)));
  }
});

test("the pulling rule in 2-D is the documented fan from the smallest index", (t) => {
  // Eight decimal points on the unit circle (one cocircular cell).
  const x = [
    ["0.6", "0.8"], ["-0.6", "0.8"], ["0.8", "0.6"], ["-0.8", "0.6"],
    ["0.6", "-0.8"], ["-0.6", "-0.8"], ["0.8", "-0.6"], ["-0.8", "-0.6"],
  ].map((p) => p.map(F));
  const fan = delaunay2d(x).simplices.map((s) => [...s].sort((a, b) => a - b)).sort();
  const P = scalePoints(x);
  const X = Array.from({ length: 8 }, (_, i) => [P.ints[2 * i]!, P.ints[2 * i + 1]!]);
  t.deepEqual(pullingTriangulation(X, [0, 1, 2, 3, 4, 5, 6, 7]).sort(), fan);
});

test("d ≥ 3: flat input is reported, size is limited", (t) => {
  const flat = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [2, 3, 0]].map((p) => p.map(F));
  t.is(delaunay(flat).degenerate?.kind, "flat");
  const big = Array.from({ length: 80 }, (_, i) => [F(i), F(i * i), F(i * i * i)]);
  t.throws(() => delaunay(big), { message: new RegExp(`limit ${LIFTING_MAX_WORK}`) });
});
