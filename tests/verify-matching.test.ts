/**
 * The matching logic of `qrelu verify` on hand-made inputs: plateau lists against model steps,
 * clusters against extremal vectors, exact face ascents on the worked example (values derived by
 * hand below), and the float grid distances against integrals done by hand.
 */
import test from "ava";
import { Fraction, exampleDataSet, makeDataSet } from "@qrelu/core";
import { toGdData, type Network } from "@qrelu/gd";
import { delaunay } from "@qrelu/triangulation";
import {
  alignedNeurons,
  angleDeg,
  exactFace,
  exactFaceAscent,
  faceAscent,
  matchAlignment,
  whyNotExtremal,
  type AlignedCluster,
  type ExtremalRef,
} from "../packages/cli/src/verify/alignment";
import { gridDistance, hullGrid, interpolantFloat, valuesOn } from "../packages/cli/src/verify/grid";
import { exactStep, gdSaddles, matchSteps, type GdSaddle } from "../packages/cli/src/verify/steps";

const F = (n: number | bigint, d: number | bigint = 1) => new Fraction(n, d);
const worked = exampleDataSet("worked")!;
const saddle = (loss: number, kind: GdSaddle["kind"] = "flat"): GdSaddle => ({ kind, tau: 0, step: 0, loss });

test("matchSteps: follows while within 1 %, parts at the first step beyond", (t) => {
  const model = [F(25, 8), F(269, 112), F(3675, 1616), F(113743, 101600)].map((x) => exactStep(x));
  // 269/112 = 2.401786; 2.3998 is −0.08 %; 3675/1616 = 2.274134, 2.2746 is +0.02 %; 1.914 is +71 %.
  const m = matchSteps([saddle(3.125), saddle(2.3998), saddle(2.2746), saddle(1.914, "slope")], model);
  t.is(m.partedAt, 3);
  t.is(m.followed, 2);
  t.deepEqual(
    m.rows.map((r) => r.agree),
    [true, true, true, false],
  );
  t.true(Math.abs(m.rows[1]!.relDiff! - (2.3998 - 269 / 112) / (269 / 112)) < 1e-12);
  t.regex(m.verdict, /parted at step 3/);
});

test("matchSteps: the 1 % edge, zero losses, and sequences of unequal length", (t) => {
  const model = [exactStep(F(1)), exactStep(F(1, 2)), exactStep(F(0))];
  // 0.5049 is +0.98 % of 1/2 (inside); 0.5051 is +1.02 % (outside).
  t.is(matchSteps([saddle(1), saddle(0.5049)], model.slice(0, 2)).partedAt, null);
  t.is(matchSteps([saddle(1), saddle(0.5051)], model.slice(0, 2)).partedAt, 1);
  // A model loss of 0 is met by GD ≤ 1e−6 · L0 (L0 = 1 here).
  t.is(matchSteps([saddle(1), saddle(0.5), saddle(9e-7)], model).partedAt, null);
  t.is(matchSteps([saddle(1), saddle(0.5), saddle(2e-6)], model).partedAt, 2);
  const short = matchSteps([saddle(1), saddle(0.5)], model);
  t.is(short.followed, 1);
  t.regex(short.verdict, /no more plateaus/);
  const long = matchSteps([saddle(1), saddle(0.5), saddle(0), saddle(0)], model);
  t.regex(long.verdict, /model stops/);
  // Slow-descent stretches are not saddles.
  t.deepEqual(
    gdSaddles([saddle(1), saddle(0.9, "slow"), saddle(0.5, "slope")]).map((s) => s.loss),
    [1, 0.5],
  );
});

test("exact face ascents of the worked example (r = −y), by hand", (t) => {
  // Face −0+++ (ray, kink at x = −1 facing right): P = {0, 1, 2}: Σ y_j x̃_j = ½(0,1) + 2(1,1) + 0(2,1)
  // = (2, 5/2); minus its component along x̃ = (−1, 1): ⟨(2, 5/2), (−1, 1)⟩/2 = 1/4 → (9/4, 9/4), |u|² = 81/8.
  const u = exactFaceAscent(worked, 1, "-0+++");
  t.deepEqual(u.map((x) => x.toFraction()), ["9/4", "9/4"]);
  t.is(exactFace(worked, u), "-0+++");
  const uf = faceAscent(toGdData(worked), 1, "-0+++");
  t.true(Math.abs(uf[0]! - 2.25) < 1e-12 && Math.abs(uf[1]! - 2.25) < 1e-12);
  // Sign −1 on the same face: the opposite vector, which is not in the face.
  t.deepEqual(exactFaceAscent(worked, -1, "-0+++").map((x) => x.toFraction()), ["-9/4", "-9/4"]);
  // ++--- : P = {x = −2, −1} with y = 1, −1: (−2, 1) − (−1, 1) = (−1, 0), whose face is ++0--.
  t.is(whyNotExtremal(worked, 1, "++---"), "u_F lies in face ++0--, not in this one: in transit");
  // ++0-- : same P, Z = {x = 0} with x̃ = (0, 1): u = (−1, 0) ∈ F, but the worked example has no
  // extremal vector there (MODEL.md §4 lists three), so condition 2 fails.
  t.regex(whyNotExtremal(worked, 1, "++0--"), /condition 2 fails/);
  // No active point: no field.
  t.regex(whyNotExtremal(worked, 1, "-----"), /u_F = 0/);
});

test("matchAlignment: matched by sign and exact face, missing and extra, angles", (t) => {
  const refs: ExtremalRef[] = [
    { sign: 1, face: "-0+++", u: [F(9, 4), F(9, 4)], rate2: F(81, 8) },
    { sign: 1, face: "+++++", u: [F(5), F(25, 2)], rate2: F(29, 4) },
    { sign: 1, face: "+++--", u: [F(-1), F(1, 2)], rate2: F(5, 4) },
  ];
  const deg = Math.PI / 180;
  const clusters: AlignedCluster[] = [
    // 2° off (1, 1).
    { sign: 1, face: "-0+++", count: 10, mass: 1, direction: [Math.cos(47 * deg), Math.sin(47 * deg)] },
    // Same face, wrong sign: does not match.
    { sign: -1, face: "+++--", count: 3, mass: 0.5, direction: [-1, 0] },
    { sign: 1, face: "+++++", count: 4, mass: 0.1, direction: [5 / Math.hypot(5, 12.5), 12.5 / Math.hypot(5, 12.5)] },
  ];
  const m = matchAlignment(clusters, refs, () => "why");
  t.deepEqual(
    m.rows.map((r) => [r.status, r.face, r.sign]),
    [
      ["matched", "-0+++", 1],
      ["matched", "+++++", 1],
      ["missing", "+++--", 1],
      ["extra", "+++--", -1],
    ],
  );
  t.true(Math.abs(m.rows[0]!.angle! - 2) < 1e-9);
  t.true(m.rows[1]!.angle! < 1e-6);
  t.is(m.rows[3]!.reason, "why");
  t.is(m.matched, 2);
  t.is(m.missing, 1);
  t.is(m.extra, 1);
  t.regex(m.verdict, /2 of 3 matched, 1 missing, 1 extra/);
  t.true(Math.abs(angleDeg([1, 0], [1, 1e-9]) - 1e-9 / deg) < 1e-15);
  // Extras get their kind in the verdict (faces as in the exact-ascent test above).
  const extras: AlignedCluster[] = [
    { sign: 1, face: "++0--", count: 5, mass: 1e-9, direction: [-1, 0] },
    { sign: 1, face: "++---", count: 2, mass: 1e-10, direction: [-1, 0.001] },
  ];
  const m2 = matchAlignment([...clusters.slice(0, 1), ...extras], refs.slice(0, 1), (s, f) => whyNotExtremal(worked, s, f));
  t.regex(m2.verdict, /^1 of 1 matched, 2 extra cluster\(s\) \(1 at a saddle, 1 in transit\)$/);
});

test("alignedNeurons: a neuron is aligned when within the angle tolerance of its own face's u_F", (t) => {
  const data = toGdData(worked);
  const net: Network = {
    m: 4,
    d1: 2,
    alpha: 0,
    // (1, 1) sign +: at u_F of −0+++ (aligned). (1, 1) sign −: u_F points the other way (not).
    // (1, 1/2) sign +: face −−+++, u_F = ½(0,1) + 2(1,1) = (2, 5/2), 24.8° away (not).
    // (0.9999, 1) sign +: face −0+++ within the face tolerance, 0.003° from (1, 1) (aligned).
    w: Float64Array.from([1, 1, 1, 1, 1, 0.5, 0.9999, 1]),
    c: Float64Array.from([1, -1, 1, 1]),
  };
  t.deepEqual(alignedNeurons(net, data, { angleTol: 1 }), [0, 3]);
  // With a tolerance above the 24.8° of neuron 2 it counts as aligned too.
  t.deepEqual(alignedNeurons(net, data, { angleTol: 30 }), [0, 2, 3]);
});

test("float grid: distances of the worked interpolant to 0 against integrals by hand", (t) => {
  const T = delaunay(worked.x);
  const grid = hullGrid(worked, T, 2001);
  const I = valuesOn(grid, interpolantFloat(worked, T));
  const zero = new Float64Array(grid.points.length);
  const d = gridDistance(grid, I, zero);
  // sup |I| = 2 at x = 1; ∫ I² = Σ over segments (b−a)(p² + pq + q²)/3 with end values p, q:
  // (1 − 1 + 1)/3 + (1 − ½ + ¼)/3 + (¼ + 1 + 4)/3 + (4 + 0 + 0)/3 = 1/3 + 1/4 + 7/4 + 4/3 = 11/3.
  t.is(d.sup, 2);
  t.deepEqual(d.argsup, [1]);
  t.true(Math.abs(d.l2 * d.l2 - 11 / 3) < 1e-5, String(d.l2 * d.l2));
});

test("float grid, 2-D: the interpolant of affine data is that affine function; points outside the hull are left out", (t) => {
  // y = x1 + 2·x2 + 1 on a triangle (hull area ½).
  const ds = makeDataSet(
    [
      [F(0), F(0)],
      [F(1), F(0)],
      [F(0), F(1)],
    ],
    [F(1), F(2), F(3)],
  );
  const T = delaunay(ds.x);
  const grid = hullGrid(ds, T, 41);
  // Points of the 41×41 grid with a + b ≤ 40: 41·42/2 = 861.
  t.is(grid.points.length, 861);
  const I = valuesOn(grid, interpolantFloat(ds, T));
  const A = valuesOn(grid, (x) => x[0]! + 2 * x[1]! + 1);
  t.true(gridDistance(grid, I, A).sup < 1e-12);
});
