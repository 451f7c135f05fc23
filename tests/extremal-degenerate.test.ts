import test from "ava";
import { formatQ, LimitError, makeDataSet, q, toFloat } from "@qrelu/core";
import { compareExtremal, defaultResidual, extremalVectors, isExtremal, type ExtremalVector } from "@qrelu/greedy";
import { angle, floatLocalMaxima, floats, floatVec, gFloat } from "./extremal-helpers";

const show = (list: ExtremalVector[]) =>
  list.slice().sort(compareExtremal).map((e) => `${e.sign} [${e.u.map(formatQ)}] ${formatQ(e.rate2)} Z=${e.face.zero} dim=${e.face.dim}`);

test("a single point in 2-D: one sector maximum at x̃ itself", (t) => {
  // x = (1, 2), y = 1, r = −1: g_s(w) = s·relu(⟨w, (1, 2, 1)⟩). For s = +1 the maximum on the sphere is
  // at x̃/|x̃| with value |x̃| = √6, so u = −s·D = (1, 2, 1), rate² = 6, no zero set, dim 3 (the whole open
  // half-space is one sector). For s = −1, g ≤ 0: nothing.
  const ds = makeDataSet([[1, 2]], [1]);
  t.deepEqual(show(extremalVectors(ds, defaultResidual(ds)).extremal), ["1 [1,2,1] 6 Z= dim=3"]);
});

test("zero residual: no extremal vector in any dimension", (t) => {
  for (const d of [1, 2, 3]) {
    const ds = makeDataSet([Array(d).fill(0), Array(d).fill(1), [2, ...Array(d - 1).fill(-1)]], [0, 0, 0]);
    t.deepEqual(extremalVectors(ds, defaultResidual(ds)).extremal, [], `d = ${d}`);
  }
});

test("collinear 2-D data on x2 = 0 (a non-essential arrangement) = the 1-D problem with a 0 inserted", (t) => {
  // With x̃ = (t, 0, 1) the span W of the inputs is {w2 = 0}, isometric to the 1-D problem in (t, 1), and
  // g_s(w) only depends on the W-part. So every 2-D extremal vector is a 1-D one with w2 = 0, on the same
  // zero set, and its face is one dimension bigger (the line w2 is free).
  const xs = [-3, -1, 0, "1/2", 2, 4];
  const ys = [1, -2, "3/2", 2, -1, "1/3"];
  const one = makeDataSet(xs.map((x) => [x]), ys);
  const two = makeDataSet(xs.map((x) => [x, 0]), ys);
  const e1 = extremalVectors(one, defaultResidual(one)).extremal;
  const e2 = extremalVectors(two, defaultResidual(two)).extremal;
  t.true(e1.length > 0);
  t.deepEqual(
    show(e2),
    e1.map((e) => `${e.sign} [${formatQ(e.u[0]!)},0,${formatQ(e.u[1]!)}] ${formatQ(e.rate2)} Z=${e.face.zero} dim=${e.face.dim + 1}`),
  );
});

test("3×3 grid (collinear triples, several hyperplanes per vertex, a point at the origin): exact and complete", (t) => {
  const x: number[][] = [];
  for (const a of [-1, 0, 1]) for (const b of [-1, 0, 1]) x.push([a, b]);
  const y = [1, -2, 0, 3, -1, 2, -3, 1, 1];
  const ds = makeDataSet(x, y);
  const r = defaultResidual(ds);
  const res = extremalVectors(ds, r);
  t.is(res.method, "exact");
  const xf = floats(ds);
  const rf = r.map(toFloat);
  for (const e of res.extremal) t.true(isExtremal(ds, r, e.u, e.sign));
  for (const s of [1, -1] as const) {
    for (const p of floatLocalMaxima(xf, rf, s, 3, 40, 5)) {
      const gp = gFloat(xf, rf, s, p);
      t.true(
        res.extremal.some((e) => e.sign === s && angle(floatVec(e.u), p) < 0.05 && gp <= Math.sqrt(toFloat(e.rate2)) + 1e-9),
        `missing maximum near ${p}`,
      );
    }
  }
  // Some maximum sits on a vertex where three or more grid lines meet.
  t.true(res.extremal.length > 0);
});

test("a maximum on a line where three hyperplanes meet (degenerate vertex), and one that fails the cone test", (t) => {
  // Inputs (0,−1), (0,0), (0,1) lie on x1 = 0, so their hyperplanes all contain v = (1, 0, 0): |Z| = 3 > rank 2.
  // With r = (1, 1, 1) there, r = −1 at (1, 0) and r = 0 at (−1, 0): P(v) = {(1,0)}, −s·D_P = (1, 0, 1) for
  // s = +1, projected on span(v): u = (1, 0, 0) ∈ F (⟨u, x̃⟩ = 1 at (1,0), −1 at (−1,0)), rate² 1.
  // Condition 2 on L^⊥ = {w1 = 0}, t = (0, t2, t3):
  //   φ(t) = t3 − r0·relu(t3 − t2) − r1·relu(t3) − r2·relu(t3 + t2),
  // on the six rays ±(1,1), ±(1,0), ±(1,−1) of the local lines: −2, −1, −1, −1, −1, −2 ≤ 0: extremal.
  // With r1 = −5 instead, φ(0, 0, 1) = 1 + 5 > 0: not extremal.
  const x = [[0, -1], [0, 0], [0, 1], [1, 0], [-1, 0]];
  const good = makeDataSet(x, [-1, -1, -1, 1, 0]);
  const bad = makeDataSet(x, [-1, 5, -1, 1, 0]);
  const want = "1 [1,0,0] 1 Z=0,1,2 dim=1";
  t.true(show(extremalVectors(good, defaultResidual(good)).extremal).includes(want));
  t.true(isExtremal(good, defaultResidual(good), [1n, 0n, 0n], 1));
  t.false(show(extremalVectors(bad, defaultResidual(bad)).extremal).some((s) => s.startsWith("1 [1,0,0]")));
  t.false(isExtremal(bad, defaultResidual(bad), [1n, 0n, 0n], 1));
});

test("exact mode beyond the stated size refuses with LimitError; auto falls back to search", (t) => {
  const x = Array.from({ length: 40 }, (_, j) => Array.from({ length: 6 }, (_, k) => ((j * 7 + k * 13) % 17) - 8 + j / 100));
  const ds = makeDataSet(x, x.map((_, j) => (j % 5) - 2));
  t.throws(() => extremalVectors(ds, defaultResidual(ds), { mode: "exact" }), { instanceOf: LimitError });
  t.is(extremalVectors(ds, defaultResidual(ds), { seeds: 4 }).method, "search");
});

test("isExtremal takes rational or integer directions and checks the length", (t) => {
  const ds = makeDataSet([[1, 2]], [1]);
  const r = defaultResidual(ds);
  t.true(isExtremal(ds, r, [q("1/2"), q(1), q("1/2")], 1));
  t.false(isExtremal(ds, r, [1n, 2n, 2n], 1));
  t.throws(() => isExtremal(ds, r, [1n, 2n], 1));
});
