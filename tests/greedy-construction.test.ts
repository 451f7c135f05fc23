import test from "ava";
import fc from "fast-check";
import {
  checkKkt,
  evaluate,
  exampleDataSet,
  Fraction,
  makeDataSet,
  reluSum,
  type DataSet,
  type SignConstraint,
} from "@qrelu/core";
import {
  functionOf,
  greedy,
  isExtremal,
  kinksOf,
  type ExtremalResult,
  type ExtremalVector,
  type FitState,
} from "@qrelu/greedy";
import { featureAt, featureMatrix } from "./greedy-helpers";

const q = (s: string) => new Fraction(s);

test("worked example (MODEL.md §5): 269/112, then +1 at the kink x = 2 facing left, 3675/1616", (t) => {
  const r = greedy(exampleDataSet("worked")!, { maxNeurons: 2 });
  t.is(r.steps.length, 2);
  const [s1, s2] = r.steps;
  // Step 1 (MODEL.md §4): the fastest extremal vector of r = −y is sign +1 on the ray with the
  // kink at x = −1 facing right, rate² 81/8: feature relu(x + 1) = (0,0,1,2,3), fit a = 9/28,
  // loss ½(25/4 − (9/2)²/14) = 269/112.
  t.is(s1!.chosen.sign, 1);
  t.deepEqual(s1!.chosen.direction, [1n, 1n]);
  t.is(s1!.chosen.rate2.toFraction(), "81/8");
  t.is(s1!.loss.toFraction(), "269/112");
  // Step 2: r = (−1, 1, −5/28, −38/28, 27/28). The ray with the kink at 2 facing left has
  // D = Σ_{x<2} r_j (x_j, 1) = (−10/28, −43/28); L_F = span(−1, 2); u = −Proj D = (19/35)(−1, 2),
  // rate² = (361/1225)·5 = 361/245. Refit on relu(x+1), relu(2−x): loss 3675/1616 (refit test).
  t.is(s2!.chosen.sign, 1);
  t.deepEqual(s2!.chosen.direction, [-1n, 2n]);
  t.is(s2!.chosen.kink!.toFraction(), "2");
  t.is(s2!.chosen.active, "left");
  t.is(s2!.chosen.rate2.toFraction(), "361/245");
  t.is(s2!.loss.toFraction(), "3675/1616");
  t.is(r.stopped, "max-neurons");
  t.deepEqual(s1!.ties.length, 1);
  // Kinks of f = 119/404·relu(x+1) + 19/202·relu(2−x): at −1 and 2, both data inputs.
  t.deepEqual(
    kinksOf(r.function, exampleDataSet("worked")!).points!.map((p) => [p.x.toFraction(), p.onData]),
    [["-1", true], ["2", true]],
  );
});

test("exact tie, the tie rule, and a neuron that dies (x = −1, 0, 1; y = 1, 0, 1)", (t) => {
  const ds = makeDataSet([[-1], [0], [1]], [1, 0, 1]);
  const r = greedy(ds);
  // Step 1: r = −y = (−1, 0, −1); the all-active sector has D = −(−1,1) − (1,1) = (0, −2),
  // u = −D = (0, 2): the constant feature, rate² 4. Fit c = 2/3, r = (−1/3, 2/3, −1/3), loss 1/3.
  t.deepEqual(r.steps[0]!.chosen.direction, [0n, 1n]);
  t.is(r.steps[0]!.chosen.rate2.toFraction(), "4");
  t.is(r.steps[0]!.loss.toFraction(), "1/3");
  // Step 2: the mirror x → −x fixes data and residual, so relu(x) and relu(−x) (rays at 0) tie:
  // ray (1,0) has D = r_3·(1,1) = −(1/3)(1,1), u = (1/3, 0), rate² 1/9; same for (−1, 0).
  // Tie rule: both sign +1, lexicographic (−1,0) < (1,0) → relu(−x). Fit {1, relu(−x)}:
  // a_c + a_2 = 1 at x = −1, a_c = 0 at 0, a_c = 1 at 1 → a_c = 1/2, a_2 = 1/2, loss ¼.
  const s2 = r.steps[1]!;
  t.deepEqual(s2.ties.map((e) => e.direction), [[-1n, 0n], [1n, 0n]]);
  t.is(s2.ties[0]!.rate2.toFraction(), "1/9");
  t.deepEqual(s2.chosen.direction, [-1n, 0n]);
  t.is(s2.loss.toFraction(), "1/4");
  // Step 3 adds relu(x); {1, relu(−x), relu(x)} interpolate exactly with |x|: the constant dies.
  const s3 = r.steps[2]!;
  t.deepEqual(s3.chosen.direction, [1n, 0n]);
  t.is(s3.loss.toFraction(), "0");
  t.deepEqual(s3.died, [0]);
  t.is(r.stopped, "zero-loss");
  t.deepEqual(r.neurons.map((n) => n.coefficient.toFraction()), ["0", "1", "1"]);
});

// ---- invariants after every step on seeded random data -----------------------------------

function checkState(t: import("ava").ExecutionContext, ds: DataSet, st: FitState, prevLoss: Fraction, where: string): void {
  // The residual, recomputed independently by evaluating the ReluSum.
  const f = functionOf(ds.d, st.neurons);
  ds.x.forEach((x, j) => t.true(evaluate(f, x).sub(ds.y[j]!).equals(st.residual[j]!), `${where}: residual[${j}]`));
  const half = st.residual.reduce((s, r) => s.add(r.mul(r)), new Fraction(0)).div(2);
  t.true(half.equals(st.loss), `${where}: loss = ½|r|²`);
  // Orthogonality: Σ_j r_j φ_k(x_j) = 0 exactly for every live neuron.
  for (const n of st.neurons) {
    if (n.coefficient.n === 0n) continue;
    const g = ds.x.reduce((s, x, j) => s.add(st.residual[j]!.mul(featureAt(n.direction, x))), new Fraction(0));
    t.is(g.toFraction(), "0", `${where}: residual ⟂ live feature ${n.direction}`);
  }
  // KKT of the sign-constrained fit (core's exact check).
  const A = featureMatrix(ds.x, st.neurons.map((n) => n.direction));
  const kkt = checkKkt(A, ds.y, st.neurons.map((n) => n.sign as SignConstraint), st.neurons.map((n) => n.coefficient));
  t.deepEqual(kkt.violations, [], where);
  // The new feature had a positive dual, so the loss strictly decreases.
  t.true(st.loss.compare(prevLoss) < 0, `${where}: loss decreases`);
}

function runInvariants(t: import("ava").ExecutionContext, ds: DataSet, maxNeurons: number, label: string): number {
  let prev = ds.y.reduce((s, y) => s.add(y.mul(y)), new Fraction(0)).div(2);
  let steps = 0;
  let prevResidual = ds.y.map((y) => y.neg());
  greedy(ds, {
    maxNeurons,
    onStep: (step, st) => {
      steps++;
      // The chosen direction is extremal for the residual before the step (independent test).
      t.true(isExtremal(ds, prevResidual, step.chosen.direction, step.chosen.sign), `${label} step ${steps}: extremal`);
      checkState(t, ds, st, prev, `${label} step ${steps}`);
      prev = st.loss;
      prevResidual = [...st.residual];
    },
  });
  return steps;
}

test("invariants after every step, 1-D random data (orthogonality, KKT, decreasing loss)", (t) => {
  const sets = fc.sample(
    fc.record({
      xs: fc.uniqueArray(fc.integer({ min: -20, max: 20 }), { minLength: 3, maxLength: 9 }),
      ys: fc.array(fc.integer({ min: -9, max: 9 }), { minLength: 9, maxLength: 9 }),
    }),
    { numRuns: 25, seed: 42 },
  );
  let steps = 0;
  sets.forEach(({ xs, ys }, i) => {
    const ds = makeDataSet(xs.map((x) => [`${x}/4`]), xs.map((_, j) => `${ys[j]}/3`));
    steps += runInvariants(t, ds, 8, `set ${i}`);
  });
  t.true(steps > 50);
});

test("invariants after every step, 2-D random data (exact faces)", (t) => {
  const sets = fc.sample(
    fc.record({
      pts: fc.uniqueArray(fc.tuple(fc.integer({ min: -4, max: 4 }), fc.integer({ min: -4, max: 4 })), {
        minLength: 4,
        maxLength: 6,
        selector: (p) => p.join(),
      }),
      ys: fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 6, maxLength: 6 }),
    }),
    { numRuns: 8, seed: 5 },
  );
  sets.forEach(({ pts, ys }, i) => {
    const ds = makeDataSet(pts, pts.map((_, j) => ys[j]!));
    const n = runInvariants(t, ds, 6, `2-D set ${i}`);
    t.true(n >= 1);
  });
});

test("stops: zero-loss at once for y = 0; no-growth when the finder finds nothing; max-neurons", (t) => {
  const zero = greedy(makeDataSet([[0], [1]], [0, 0]));
  t.is(zero.stopped, "zero-loss");
  t.is(zero.steps.length, 0);
  const none: ExtremalResult = { dimension: 1, method: "search", extremal: [] };
  const ng = greedy(exampleDataSet("worked")!, { finder: () => none });
  t.is(ng.stopped, "no-growth");
  t.is(ng.method, "search");
  t.is(ng.loss.toFraction(), "25/8"); // ½|y|² = ½·25/4
  const capped = greedy(exampleDataSet("worked")!, { maxNeurons: 1 });
  t.is(capped.stopped, "max-neurons");
  t.is(capped.neurons.length, 1);
});

test("a repeated feature is raised as a bug, not looped on", (t) => {
  // A finder that always offers relu(x+1) with sign +1: after the first refit its rate must be 0.
  const ds = exampleDataSet("worked")!;
  const e: ExtremalVector = {
    sign: 1,
    u: [q("1"), q("1")],
    direction: [1n, 1n],
    rate2: q("2"),
    face: { zero: [1], dim: 1 },
  };
  const err = t.throws(() => greedy(ds, { finder: () => ({ dimension: 1, method: "exact", extremal: [e] }) }));
  t.regex(err!.message, /already a feature/);
});

test("kinks: 1-D positions on/off data; 2-D kink lines with cancelling pairs removed", (t) => {
  // 1-D: relu(2x − 1) bends at 1/2 (not a data input), relu(−x + 1) at 1 (a data input).
  const ds1 = makeDataSet([[0], [1]], [0, 0]);
  const f1 = reluSum(1, [{ coef: 3, dir: [2n, -1n] }, { coef: -1, dir: [-1n, 1n] }]);
  t.deepEqual(kinksOf(f1, ds1).points!.map((p) => [p.x.toFraction(), p.onData]), [["1/2", false], ["1", true]]);
  // 2-D: relu(x1) + relu(−x1) = |x1| bends on x1 = 0; 2·relu(x2 − 1) on x2 − 1 = 0;
  // −relu(x1 + x2) + relu(−x1 − x2) = −(x1 + x2) is linear: no line. Canonical order (0,1,−1) < (1,0,0).
  const ds2 = makeDataSet([[0, 0]], [0]);
  const f2 = reluSum(2, [
    { coef: 1, dir: [1n, 0n, 0n] },
    { coef: 1, dir: [-1n, 0n, 0n] },
    { coef: 2, dir: [0n, 1n, -1n] },
    { coef: -1, dir: [1n, 1n, 0n] },
    { coef: 1, dir: [-1n, -1n, 0n] },
  ]);
  t.deepEqual(kinksOf(f2, ds2).hyperplanes, [[0n, 1n, -1n], [1n, 0n, 0n]]);
});

test("search mode is labelled in the result", (t) => {
  const r = greedy(exampleDataSet("worked")!, { maxNeurons: 1, extremal: { mode: "search" } });
  t.is(r.method, "search");
  t.is(r.steps[0]!.method, "search");
});
