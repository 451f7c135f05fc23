import test from "ava";
import { Fraction, q } from "@qrelu/core";
import { delaunay, interpolant, scalePoints, sweepTriangulation } from "@qrelu/triangulation";
import { checkTriangulation, pts, randomIntPoints, rng } from "./triangulation-helpers";

const vals = (...v: (number | string)[]) => v.map((s) => q(String(s)));
const at = (...v: (number | string)[]) => vals(...v);
const fmt = (v: Fraction | null) => (v === null ? null : v.toFraction());

test("unit square, hand-computed values and both extrapolation rules", (t) => {
  // y = 0, 1, 2, 5 at (0,0), (1,0), (0,1), (1,1). Cocircular: fan from index 0 gives the
  // diagonal 0–3, triangles (0,1,3): f = x + 4y and (0,3,2): f = 3x + 2y.
  const x = pts([
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  const I = interpolant(x, vals(0, 1, 2, 5), delaunay(x));
  t.is(fmt(I.valueAt(at("1/2", "1/2"))), "5/2"); // midpoint of the diagonal: (0 + 5)/2
  t.is(fmt(I.valueAt(at("1/4", 0))), "1/4");
  t.is(fmt(I.valueAt(at("3/4", "1/4"))), "7/4"); // x + 4y = 3/4 + 1
  t.is(fmt(I.valueAt(at("1/4", "3/4"))), "9/4"); // 3x + 2y = 3/4 + 3/2
  t.is(I.valueAt(at(2, 2)), null);
  // (2,2): nearest hull points tie at (1,1) (edges 1→3 and 3→2); the tie goes to the first
  // edge of the hull cycle 0,1,3,2: edge 1→3, triangle (0,1,3): 2 + 4·2 = 10.
  t.is(fmt(I.valueAt(at(2, 2), "nearest-simplex")), "10");
  t.is(fmt(I.valueAt(at(2, 2), "nearest-point")), "5");
  // (−1, 1/2): nearest edge 2→0 (x = 0), triangle (0,3,2): 3·(−1) + 2·(1/2) = −2; nearest point (0, 1/2): 1.
  t.is(fmt(I.valueAt(at(-1, "1/2"), "nearest-simplex")), "-2");
  t.is(fmt(I.valueAt(at(-1, "1/2"), "nearest-point")), "1");
});

test("a triangle: f = 1 + x + 2y exactly", (t) => {
  const x = pts([
    [0, 0],
    [2, 0],
    [0, 2],
  ]);
  const I = interpolant(x, vals(1, 3, 5), delaunay(x));
  t.is(fmt(I.valueAt(at("1/2", "1/3"))), "13/6"); // 1 + 1/2 + 2/3
  const f = I.affine(0);
  t.deepEqual(
    f.gradient.map((g) => g.toFraction()),
    ["1", "2"],
  );
  t.is(f.offset.toFraction(), "1");
});

test("1-D: piecewise linear through the data (MODEL.md worked example)", (t) => {
  const x = pts([[-2], [-1], [0], [1], [2]]);
  const I = interpolant(x, vals(1, -1, "1/2", 2, 0), delaunay(x));
  t.is(fmt(I.valueAt(at("-3/2"))), "0"); // (1 + (−1))/2
  t.is(fmt(I.valueAt(at("1/3"))), "1"); // 1/2 + (1/3)(2 − 1/2)
  t.is(I.valueAt(at(3)), null);
  t.is(fmt(I.valueAt(at(3), "nearest-simplex")), "-2"); // slope −2 from (2, 0)
  t.is(fmt(I.valueAt(at(3), "nearest-point")), "0");
  t.is(fmt(I.valueAt(at(-3), "nearest-simplex")), "3"); // slope −2 from (−2, 1)
  // The same segments listed in another order and orientation give the same function.
  const J = interpolant(x, vals(1, -1, "1/2", 2, 0), { d: 1, n: 5, simplices: [[4, 3], [1, 0], [2, 3], [2, 1]], hull: [0, 4] });
  for (const v of ["-2", "-3/2", "1/3", "2", "3"]) t.deepEqual(fmt(J.valueAt(at(v), "nearest-simplex")), fmt(I.valueAt(at(v), "nearest-simplex")));
});

test("equals the data at the data and is affine on every triangle (exact)", (t) => {
  const r = rng(3);
  for (let seed = 1; seed <= 5; seed++) {
    const x = randomIntPoints(25, 9, seed).map((p) => p.map((c) => c.div(7))); // denominators too
    const y = x.map(() => new Fraction(Math.floor(r() * 200) - 100, 1 + Math.floor(r() * 9)));
    const T = delaunay(x);
    const I = interpolant(x, y, T);
    x.forEach((p, i) => t.true(I.valueAt(p)!.equals(y[i]!)));
    T.simplices.forEach((s, k) => {
      // The exact affine piece of each simplex takes the data values at its vertices.
      const f = I.affine(k);
      for (const i of s) t.true(f.gradient[0]!.mul(x[i]![0]!).add(f.gradient[1]!.mul(x[i]![1]!)).add(f.offset).equals(y[i]!));
    });
    for (const s of T.simplices) {
      // Random rational barycentric weights λ ≥ 0, Σλ = 1: the value must be Σ λ_i y_i.
      const w = s.map(() => 1 + Math.floor(r() * 20));
      const tot = w.reduce((a, b) => a + b, 0);
      const lam = w.map((v) => new Fraction(v, tot));
      const p = [0, 1].map((k) => lam.reduce((acc, l, i) => acc.add(l.mul(x[s[i]!]![k]!)), new Fraction(0)));
      const expect = lam.reduce((acc, l, i) => acc.add(l.mul(y[s[i]!]!)), new Fraction(0));
      t.true(I.valueAt(p)!.equals(expect));
    }
  }
});

test("points outside the hull are null; the float path agrees with the exact one", (t) => {
  const x = randomIntPoints(40, 20, 11);
  const y = x.map((p) => p[0]!.mul(p[1]!).div(3));
  const I = interpolant(x, y, delaunay(x));
  const r = rng(5);
  const qs: number[] = [];
  // Queries k/1000: exact rationals whose floats are within rounding (new Fraction(float)
  // would approximate by continued fractions, not convert exactly).
  const ks: number[] = [];
  for (let i = 0; i < 600; i++) ks.push(Math.floor(r() * 24000) - 2000);
  for (const k of ks) qs.push(k / 1000);
  const fl = I.valuesAtFloat(Float64Array.from(qs));
  let outside = 0;
  for (let i = 0; i < 300; i++) {
    const v = I.valueAt([new Fraction(ks[2 * i]!, 1000), new Fraction(ks[2 * i + 1]!, 1000)]);
    if (v === null) {
      outside++;
      t.true(Number.isNaN(fl[i]!));
    } else t.true(Math.abs(v.valueOf() - fl[i]!) < 1e-9);
  }
  t.true(outside > 0 && outside < 300);
});

test("collinear data: no 2-D interpolant, a clear error", (t) => {
  const x = pts([
    [0, 0],
    ["0.1", "0.3"],
    ["0.2", "0.6"],
  ]);
  const e = t.throws(() => interpolant(x, vals(1, 2, 3), delaunay(x)));
  t.regex(e!.message, /collinear/);
});

test("the exact sweep (fallback) triangulates any non-collinear set", (t) => {
  for (let seed = 1; seed <= 20; seed++) {
    const x = randomIntPoints(15 + seed, 6, seed); // dense: long collinear runs
    checkTriangulation(x, chunk(sweepTriangulation(scalePoints(x))));
  }
  t.pass();
});

function chunk(a: Int32Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += 3) out.push([a[i]!, a[i + 1]!, a[i + 2]!]);
  return out;
}
