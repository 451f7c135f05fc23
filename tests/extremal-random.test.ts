import test from "ava";
import { formatQ, makeDataSet, toFloat, type DataSet, type Fraction } from "@qrelu/core";
import {
  compareExtremal,
  defaultResidual,
  extremal1d,
  extremalByFaces,
  extremalVectors,
  isExtremal,
  weigh,
  type ExtremalVector,
} from "@qrelu/greedy";
import { angle, floatLocalMaxima, floats, floatVec, gFloat, randomData, unit } from "./extremal-helpers";

const show = (list: ExtremalVector[]) =>
  list
    .slice()
    .sort(compareExtremal)
    .map((e) => `${e.sign} [${e.u.map(formatQ)}] ${formatQ(e.rate2)} Z=${e.face.zero} dim=${e.face.dim}`);

/** Exact properties every reported vector must have, checked by other code paths. */
function checkReported(t: import("ava").ExecutionContext, ds: DataSet, r: Fraction[], list: ExtremalVector[]) {
  const xs = floats(ds);
  const rf = r.map(toFloat);
  for (const e of list) {
    // rate² = |u|², and the primitive direction is on u's ray.
    t.is(formatQ(e.u.reduce((a, v) => a.add(v.mul(v)), e.rate2.mul(0))), formatQ(e.rate2));
    t.true(isExtremal(ds, r, e.direction, e.sign), `isExtremal ${e.direction}`);
    t.false(isExtremal(ds, r, e.direction, e.sign === 1 ? -1 : 1));
    // Float: g_s(û) = |u| and no nearby direction does better.
    const u = unit(floatVec(e.u));
    const g0 = gFloat(xs, rf, e.sign, u);
    t.true(Math.abs(g0 - Math.sqrt(toFloat(e.rate2))) < 1e-9 * (1 + g0), `g(û) = rate`);
    for (let k = 0; k < 64; k++) {
      const v = u.map((x, i) => x + 1e-5 * Math.sin(k * 1.7 + i * 2.3 + 0.1));
      t.true(gFloat(xs, rf, e.sign, unit(v)) <= g0 + 1e-12, "float local max");
    }
  }
}

test("d = 1: the O(n log n) walk agrees exactly with the general face enumeration", (t) => {
  for (let seed = 1; seed <= 60; seed++) {
    const n = 1 + (seed % 9);
    const ds = randomData(seed, 1, n);
    // Some residuals with zeros too (idle points).
    const r = defaultResidual(ds).map((v, j) => ((seed + j) % 5 === 0 ? v.mul(0) : v));
    const w = weigh(ds, r);
    t.deepEqual(show(extremal1d(w)), show(extremalByFaces(w)), `seed ${seed}`);
  }
});

test("d = 1: dense grid on the circle finds no positive local maximum missing from the list", (t) => {
  const N = 20_000;
  for (let seed = 100; seed < 115; seed++) {
    const ds = randomData(seed, 1, 2 + (seed % 7));
    const r = defaultResidual(ds);
    const res = extremalVectors(ds, r);
    checkReported(t, ds, r, res.extremal);
    const xs = floats(ds);
    const rf = r.map(toFloat);
    for (const s of [1, -1] as const) {
      const g = Array.from({ length: N }, (_, k) => gFloat(xs, rf, s, [Math.cos((2 * Math.PI * k) / N), Math.sin((2 * Math.PI * k) / N)]));
      for (let k = 0; k < N; k++) {
        const a = g[(k + N - 1) % N]!;
        const b = g[(k + 1) % N]!;
        if (!(g[k]! > 1e-9 && g[k]! >= a && g[k]! >= b && (g[k]! > a || g[k]! > b))) continue;
        const p = [Math.cos((2 * Math.PI * k) / N), Math.sin((2 * Math.PI * k) / N)];
        const near = res.extremal.some((e) => e.sign === s && angle(floatVec(e.u), p) < (3 * 2 * Math.PI) / N);
        t.true(near, `seed ${seed} sign ${s}: grid maximum at angle ${(2 * Math.PI * k) / N} not reported`);
      }
    }
  }
});

for (const [d, sets, nMax] of [
  [2, 14, 7],
  [3, 5, 6],
] as const) {
  test(`d = ${d}: every reported vector is exact and float ascent finds no missing maximum`, (t) => {
    for (let seed = 200; seed < 200 + sets; seed++) {
      const ds = randomData(seed, d, 3 + (seed % (nMax - 2)), 3);
      const r = defaultResidual(ds);
      const res = extremalVectors(ds, r);
      t.is(res.method, "exact");
      checkReported(t, ds, r, res.extremal);
      const xs = floats(ds);
      const rf = r.map(toFloat);
      for (const s of [1, -1] as const) {
        for (const p of floatLocalMaxima(xs, rf, s, d + 1, 40, seed)) {
          // Explained by a reported maximum: close to it and not higher (random ascent creeps along a
          // ridge towards a maximum on a face and may stop ~1e-2 short of it).
          const gp = gFloat(xs, rf, s, p);
          const explained = res.extremal.some(
            (e) => e.sign === s && angle(floatVec(e.u), p) < 0.05 && gp <= Math.sqrt(toFloat(e.rate2)) + 1e-9,
          );
          t.true(explained, `seed ${seed} s=${s}: float maximum ${p.map((v) => v.toFixed(4))} (g=${gFloat(xs, rf, s, p)}) not reported`);
        }
      }
    }
  });
}

test("sorting: rate² descending, ties +1 first then u lexicographic; deterministic", (t) => {
  const ds = randomData(7, 2, 6, 3);
  const a = extremalVectors(ds, defaultResidual(ds));
  const b = extremalVectors(ds, defaultResidual(ds));
  t.deepEqual(show(a.extremal), show(b.extremal));
  for (let i = 1; i < a.extremal.length; i++) t.true(compareExtremal(a.extremal[i - 1]!, a.extremal[i]!) < 0);
});

test("residual of the wrong length is refused, naming the merged count", (t) => {
  const ds = makeDataSet([[0], [1], [1]], [1, 2, 2]);
  const err = t.throws(() => extremalVectors(ds, defaultResidual(ds).slice(0, 1)));
  t.regex(err!.message, /2 distinct points.*merged/);
});
