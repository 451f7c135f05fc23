import test from "ava";
import fc from "fast-check";
import {
  canonicalKey,
  exampleDataSet,
  Fraction,
  makeDataSet,
  reluSum,
  signConstrainedLeastSquares,
  type DataSet,
  type SignConstraint,
} from "@qrelu/core";
import { enumerateReachable, extremalVectors, featureKey, greedy, type Feature } from "@qrelu/greedy";
import { featureMatrix } from "./greedy-helpers";

const key = (terms: [string, bigint[]][]) => canonicalKey(reluSum(1, terms.map(([c, dir]) => ({ coef: new Fraction(c), dir }))));

test("2 points x = (0, 1), y = (1, 2): two functions, one path each (hand enumeration)", (t) => {
  // r = −y = (−1, −2). Faces of the circle w = (a, b): rays (1,0) [σ = (0,+)], (−1,1) [(+,0)],
  // (−1,0) and (1,−1) (no active point), sectors (+,+), (+,−), (−,+), (−,−).
  // Sector (+,+): D = −(0,1) − 2(1,1) = (−2,−3), s = +1: u = (2,3) ∈ (+,+): extremal, rate² 13.
  // Other sectors: u = ∓D leaves the sector. Ray (1,0): u = (2,0) but q = (0,3) points into
  // (+,+): not a local max. Ray (−1,1): same, into (+,+). So one vector: relu(2x + 3), a = 13/34,
  // r = (5, −3)/34.
  // Step 2, r ∝ (5, −3): sectors give nothing; ray (1,0): D = −3(1,1), s = +1, u = (3,0),
  // cones hold on both sides → relu(x), rate² 9 (×1/34²); ray (−1,1): D = (0,5), s = −1,
  // u = (5/2)(−1,1), both cones hold → −relu(1 − x), rate² 25/2 (×1/34²), the larger.
  // Both 2-feature sets interpolate the 2 points (zero loss):
  //   {relu(2x+3), relu(x)}:   a = (1/3, 1/3);   {relu(2x+3), relu(1−x)}: a = (2/5, −1/5).
  // Different functions (slope on (−3/2, 0): 2/3 vs 1). The greedy takes the second.
  const r = enumerateReachable(makeDataSet([[0], [1]], [1, 2]));
  t.true(r.complete);
  t.is(r.states, 4); // root, {relu(2x+3)}, and the two leaves
  t.is(r.functions.length, 2);
  const byKey = new Map(r.functions.map((f) => [f.key, f]));
  const g = byKey.get(key([["2/5", [2n, 3n]], ["-1/5", [-1n, 1n]]]))!;
  const o = byKey.get(key([["1/3", [2n, 3n]], ["1/3", [1n, 0n]]]))!;
  t.truthy(g);
  t.truthy(o);
  t.deepEqual([g.paths, g.greedyPaths, g.greedy, g.stopped, g.loss.toFraction()], [1n, 1n, true, "zero-loss", "0"]);
  t.deepEqual([o.paths, o.greedyPaths, o.greedy, o.stopped], [1n, 0n, false, "zero-loss"]);
});

test("2 points x = (0, 1), y = (1, −1): two branches at the root (hand enumeration)", (t) => {
  // r = −y = (−1, 1). No sector vector (each u = ∓D leaves its sector).
  // Ray (1,0), P = {x=1}: D = (1,1), Proj = (1,0); s = −1: u = (1,0), cones hold → −relu(x), rate² 1.
  // Ray (−1,1), P = {x=0}: D = (0,−1), Proj = (1/2,−1/2); s = +1: u = (−1/2,1/2) → relu(1−x), rate² 1/2.
  // Branch A (greedy): −relu(x), a = −1, r = (−1, 0). Then only the sector (+,+) with
  //   D = (0,−1), s = +1, u = (0,1): the constant 1 (the ray (−1,1) fails its cone toward (+,+)).
  //   {relu(x), 1}: a = (−2, 1), zero loss: f = 1 − 2·relu(x).
  // Branch B: relu(1−x), a = 1, r = (0, 1). Then sector (+,+): D = (1,1), s = −1, u = (1,1)
  //   (the ray (1,0) fails its cone): {relu(1−x), relu(x+1)}: a = (3/2, −1/2), zero loss.
  const r = enumerateReachable(makeDataSet([[0], [1]], [1, -1]));
  t.true(r.complete);
  t.is(r.states, 5);
  t.is(r.paths, 2n);
  const byKey = new Map(r.functions.map((f) => [f.key, f]));
  const a = byKey.get(key([["-2", [1n, 0n]], ["1", [0n, 1n]]]))!;
  const b = byKey.get(key([["3/2", [-1n, 1n]], ["-1/2", [1n, 1n]]]))!;
  t.deepEqual([a.paths, a.greedyPaths, a.greedy], [1n, 1n, true]);
  t.deepEqual([b.paths, b.greedyPaths, b.greedy], [1n, 0n, false]);
});

test("3 points x = (−1, 0, 1), y = (1, 0, 1): a tie, a shared state, |x| by two paths (hand enumeration)", (t) => {
  // A = (−1,1), B = (0,1), C = (1,1). y ≥ 0 ⇒ no sign −1 rate at the root. r = −y = (−1,0,−1):
  // the all-active arc has D = (0,−2), u = (0,2) inside it: the constant, rate² 4. Every other
  // arc's u leaves it; the rays at ±1 and at 0 fail their cone toward the neighbouring arc.
  // Fit c = 2/3, r = (−1,2,−1)/3: D_ABC = 0, so no arc; the rays at 0 both qualify for s = +1:
  // relu(x) (P = {C}, u = (1,0)) and relu(−x), rate² 1/9 each — a tie; the rays at ±1 have
  // Proj D = 0. Branch relu(−x): fit (1/2, 1/2), r = (0,1,−1)/2. Then the ray at 0 facing
  // right (u = (1,0), rate² 1/4) and, sign −1, the ray at 1 facing left (u = (−1,1)/2, rate² 1/8);
  // the ray at −1 fails its cone toward the arc {B,C}. {1, relu(−x), relu(x)} fits |x| exactly
  // (the constant dies); {1, relu(−x), −relu(1−x)}: c = 1, b = −1, a = 2, zero loss.
  // Mirror for the branch relu(x). States: root, {1}, two 2-sets, the shared {1, relu(±x)},
  // two more 3-sets = 7; paths: |x| twice (both by largest rates), the others once.
  const r = enumerateReachable(makeDataSet([[-1], [0], [1]], [1, 0, 1]));
  t.true(r.complete);
  t.is(r.states, 7);
  t.is(r.paths, 4n);
  const byKey = new Map(r.functions.map((f) => [f.key, f]));
  const abs = byKey.get(key([["1", [1n, 0n]], ["1", [-1n, 0n]]]))!;
  const left = byKey.get(key([["1", [0n, 1n]], ["2", [-1n, 0n]], ["-1", [-1n, 1n]]]))!;
  const right = byKey.get(key([["1", [0n, 1n]], ["2", [1n, 0n]], ["-1", [1n, 1n]]]))!;
  t.deepEqual([abs.paths, abs.greedyPaths, abs.greedy, abs.leaves], [2n, 2n, true, 1]);
  t.deepEqual([left.paths, left.greedyPaths, left.greedy], [1n, 0n, false]);
  t.deepEqual([right.paths, right.greedyPaths, right.greedy], [1n, 0n, false]);
  t.is(r.functions.length, 3);
});

// ---- second method: a naive walk over every path, no memo, fits from scratch -------------

interface Tally {
  paths: bigint;
  greedyPaths: bigint;
  loss: string;
}

function naive(ds: DataSet, maxDepth: number): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const walk = (path: Feature[], allMax: boolean) => {
    // The frozen rule's canonical choice when weights are not unique: Lawson–Hanson from zero
    // with the features in canonical (key) order. With independent columns any order agrees.
    const features = [...path].sort((a, b) => (featureKey(a) < featureKey(b) ? -1 : 1));
    const A = featureMatrix(ds.x, features.map((f) => f.direction));
    const fit = signConstrainedLeastSquares(A, ds.y, features.map((f) => f.sign as SignConstraint), { cols: features.length });
    const cands = fit.loss.n === 0n ? [] : extremalVectors(ds, fit.residual).extremal.filter((e) => e.rate2.compare(0) > 0);
    if (cands.length === 0 || features.length >= maxDepth) {
      const fn = reluSum(ds.d, features.map((f, k) => ({ coef: fit.x[k]!, dir: f.direction })));
      const k = canonicalKey(fn);
      const tally = out.get(k) ?? { paths: 0n, greedyPaths: 0n, loss: fit.loss.toFraction() };
      tally.paths += 1n;
      if (allMax) tally.greedyPaths += 1n;
      out.set(k, tally);
      return;
    }
    const top = cands.reduce((m, e) => (e.rate2.compare(m) > 0 ? e.rate2 : m), cands[0]!.rate2);
    for (const e of cands) walk([...path, { sign: e.sign, direction: e.direction }], allMax && e.rate2.equals(top));
  };
  walk([], true);
  return out;
}

test("memoized enumeration = naive walk of every path (functions, path counts, largest-rate paths)", (t) => {
  const sets = fc.sample(
    fc.record({
      xs: fc.uniqueArray(fc.integer({ min: -6, max: 6 }), { minLength: 2, maxLength: 5 }),
      ys: fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 5, maxLength: 5 }),
    }),
    { numRuns: 20, seed: 3 },
  );
  let multi = 0;
  for (const { xs, ys } of sets) {
    const ds = makeDataSet(xs.map((x) => [x]), xs.map((_, j) => ys[j]!));
    const r = enumerateReachable(ds, { maxDepth: 4 });
    const ref = naive(ds, 4);
    const sorted = <T,>(m: Map<string, T>) => [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    t.deepEqual(
      sorted(new Map(r.functions.map((f) => [f.key, { paths: f.paths, greedyPaths: f.greedyPaths, loss: f.loss.toFraction() }]))),
      sorted(ref),
    );
    if (r.paths > BigInt(r.functions.length)) multi++;
    // The single greedy run ends at the marked function.
    const g = greedy(ds, { maxNeurons: 4 });
    const marked = r.functions.filter((f) => f.greedy);
    t.is(marked.length, 1);
    t.is(marked[0]!.key, canonicalKey(g.function));
  }
  t.true(multi > 0, "some set has several paths to one function (memo merging exercised)");
});

test("limits: depth, nodes, time; complete is false and says why", (t) => {
  const ds = exampleDataSet("worked")!;
  const d1 = enumerateReachable(ds, { maxDepth: 1 });
  t.false(d1.complete);
  t.deepEqual(d1.cut, ["max-depth"]);
  t.true(d1.functions.every((f) => f.stopped === "max-depth" && f.minSteps === 1));
  // The root's extremal vectors (MODEL.md §4): three, all sign +1 → three 1-neuron fits, |y|² = 25/4:
  //  relu(x+1) = (0,0,1,2,3): φ·y = 9/2, |φ|² = 14 → ½(25/4 − 81/56) = 269/112;
  //  relu(2x+5) = (1,3,5,7,9): φ·y = 29/2, |φ|² = 165 → ½(25/4 − 841/660) = 821/330;
  //  relu(1−2x) = (5,3,1,0,0): φ·y = 5/2, |φ|² = 35 → ½(25/4)(34/35) = 85/28.
  t.deepEqual(d1.functions.map((f) => f.loss.toFraction()), ["269/112", "821/330", "85/28"]);
  t.deepEqual(d1.functions.map((f) => f.greedy), [true, false, false]);
  const n3 = enumerateReachable(ds, { maxNodes: 3 });
  t.false(n3.complete);
  t.deepEqual(n3.cut, ["max-nodes"]);
  t.true(n3.states <= 3);
  let clock = 0;
  const tm = enumerateReachable(ds, { maxSeconds: 1, now: () => (clock += 400) });
  t.false(tm.complete);
  t.deepEqual(tm.cut, ["max-seconds"]);
});
