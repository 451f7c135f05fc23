import test from "ava";
import {
  Fraction,
  q,
  formatQ,
  leastSquares,
  signConstrainedLeastSquares,
  signConstrainedLeastSquaresInt,
  checkKkt,
  normalEquations,
  signConstrainedNormal,
  LimitError,
  type SignConstraint,
} from "@qrelu/core";
import { F, M, V, int, rng } from "./core-linalg-helpers";



// A = columns (1,0,1) and (0,1,1), b = (1,−1,0).
// Unconstrained: AᵀA = [[2,1],[1,2]], Aᵀb = (1,−1); x = (1/3)[[2,−1],[−1,2]](1,−1) = (1,−1), and
// A(1,−1) = (1,−1,0) = b, loss 0.
const A0 = M([[1, 0], [0, 1], [1, 1]]);
const b0 = V([1, -1, 0]);

test("a coefficient clamped to 0 (hand-derived)", (t) => {
  // With x2 ≥ 0 the free optimum (1,−1) is infeasible. With x2 = 0: x1 = (Aᵀb)_1/(AᵀA)_11 = 1/2.
  // Residual A(1/2,0) − b = (−1/2, 1, 1/2); loss ½(1/4 + 1 + 1/4) = 3/4.
  // KKT: g = AᵀA x − Aᵀb = (2·½ − 1, 1·½ + 1) = (0, 3/2); s_2·g_2 = 3/2 ≥ 0, so it is optimal.
  for (const signs of [[1, 1], [0, 1], [-1, 1]] as SignConstraint[][]) {
    const r = signConstrainedLeastSquares(A0, b0, signs);
    if (signs[0] === -1) {
      // x1 ≤ 0 as well: both clamped (g at 0 is −Aᵀb = (−1, 1): s·g = (1, 1) ≥ 0), loss ½|b|² = 1.
      t.deepEqual(F(r.x), ["0", "0"]);
      t.deepEqual(r.dead, [0, 1]);
      t.is(formatQ(r.loss), "1");
      continue;
    }
    t.deepEqual(F(r.x), ["1/2", "0"], `signs ${signs}`);
    t.deepEqual(r.dead, [1]);
    t.deepEqual(F(r.residual), ["-1/2", "1", "1/2"]);
    t.is(formatQ(r.loss), "3/4");
    const k = checkKkt(A0, b0, signs, r.x);
    t.true(k.ok, k.violations.join("; "));
    t.deepEqual(F(k.gradient), ["0", "3/2"]);
  }
});

test("when the free optimum already has the right signs nothing is clamped", (t) => {
  const r = signConstrainedLeastSquares(A0, b0, [1, -1]);
  t.deepEqual(F(r.x), ["1", "-1"]);
  t.deepEqual(r.dead, []);
  t.is(formatQ(r.loss), "0");
});

test("MODEL.md worked example: the greedy's refits", (t) => {
  // x = (−2,−1,0,1,2), y = (1,−1,½,2,0). φ1 = relu(x+1) = (0,0,1,2,3), φ2 = relu(2−x) = (4,3,2,1,0).
  // One feature: a = ⟨φ1,y⟩/|φ1|² = (½+4)/14 = 9/28; loss ½(|y|² − 4.5²/14) = ½(25/4 − 81/56) = 269/112.
  // Two features: G = [[14,4],[4,30]], h = (9/2, 4), det 404:
  // a1 = (30·9/2 − 4·4)/404 = 119/404, a2 = (14·4 − 4·9/2)/404 = 38/404 = 19/202;
  // loss ½(|y|² − hᵀa) = ½(25/4 − (9/2·119 + 4·38)/404) = ½·(2525 − 687.5)/404 = 3675/1616.
  const y = V([1, -1, "1/2", 2, 0]);
  const phi = M([[0, 4], [0, 3], [1, 2], [2, 1], [3, 0]]);
  const one = signConstrainedLeastSquares(phi.map((r) => [r[0]!]), y, [1]);
  t.deepEqual(F(one.x), ["9/28"]);
  t.is(formatQ(one.loss), "269/112");
  const two = signConstrainedLeastSquares(phi, y, [1, 1]);
  t.deepEqual(F(two.x), ["119/404", "19/202"]);
  t.is(formatQ(two.loss), "3675/1616");
  // Had the second neuron been negative it would die (a2 ≤ 0 but the free fit wants 19/202 > 0),
  // leaving the one-feature fit.
  const neg = signConstrainedLeastSquares(phi, y, [1, -1]);
  t.deepEqual(F(neg.x), ["9/28", "0"]);
  t.deepEqual(neg.dead, [1]);
  t.is(formatQ(neg.loss), "269/112");
});

/** Second method: every subset of columns that is independent gives a unique LS fit; the
 * feasible ones are candidates, and a basic optimum is one of them. */
function bruteForce(A: Fraction[][], b: Fraction[], signs: SignConstraint[]): Fraction {
  const n = signs.length;
  let best = b.reduce((s, v) => s.add(v.mul(v)), new Fraction(0)).div(2);
  for (let mask = 1; mask < 1 << n; mask++) {
    const S = [...Array(n).keys()].filter((k) => mask & (1 << k));
    const r = leastSquares(A.map((row) => S.map((k) => row[k]!)), b);
    if (!r.unique) continue;
    if (S.some((k, i) => signs[k]! * r.x[i]!.compare(0) < 0)) continue;
    if (r.loss.compare(best) < 0) best = r.loss;
  }
  return best;
}

test("random problems: KKT holds exactly and the loss equals the brute-force optimum", (t) => {
  const r = rng(424242);
  let clamped = 0;
  for (let trial = 0; trial < 150; trial++) {
    const m = int(r, 1, 7);
    const n = int(r, 1, 5);
    const A = Array.from({ length: m }, () => Array.from({ length: n }, () => new Fraction(BigInt(int(r, -3, 3)), BigInt(int(r, 1, 2)))));
    // Degenerate on purpose now and then: repeated, opposite and zero columns.
    for (let j = 1; j < n; j++) {
      const roll = r();
      if (roll < 0.15) for (const row of A) row[j] = row[j - 1]!;
      else if (roll < 0.25) for (const row of A) row[j] = row[0]!.neg();
      else if (roll < 0.3) for (const row of A) row[j] = new Fraction(0);
    }
    const b = Array.from({ length: m }, () => new Fraction(BigInt(int(r, -4, 4))));
    const signs = Array.from({ length: n }, () => ([1, -1, 1, -1, 0] as const)[int(r, 0, 4)]!);
    const res = signConstrainedLeastSquares(A, b, signs);
    const k = checkKkt(A, b, signs, res.x);
    t.true(k.ok, `trial ${trial}: ${k.violations.join("; ")}`);
    t.true(res.loss.equals(bruteForce(A, b, signs)), `trial ${trial}: loss ${formatQ(res.loss)}`);
    // dead lists exactly the constrained zeros.
    t.deepEqual(res.dead, signs.flatMap((s, j) => (s !== 0 && res.x[j]!.equals(0) ? [j] : [])));
    clamped += res.dead.length;
  }
  t.true(clamped > 20, "the random cases exercise clamping");
});

test("checkKkt reports each kind of violation", (t) => {
  // At x = (1,−1) with x2 ≥ 0: infeasible.
  t.regex(checkKkt(A0, b0, [1, 1], V([1, -1])).violations.join(), /x\[1\] = -1 violates sign 1/);
  // At x = (0,0) with x ≥ 0: g = −Aᵀb = (−1, 1); s_1 g_1 = −1 < 0, increasing x1 helps.
  const k = checkKkt(A0, b0, [1, 1], V([0, 0]));
  t.false(k.ok);
  t.deepEqual(F(k.gradient), ["-1", "1"]);
  t.regex(k.violations.join(), /s\[0\]·g\[0\] = -1 < 0/);
  // At x = (1, 0): g1 = 2 − 1 = 1 ≠ 0 at a non-zero coefficient.
  t.regex(checkKkt(A0, b0, [1, 1], V([1, 0])).violations.join(), /g\[0\] = 1 ≠ 0/);
});

test("the iteration guard throws a LimitError", (t) => {
  t.throws(() => signConstrainedLeastSquares(A0, b0, [1, 1], { maxIterations: 0 }), { instanceOf: LimitError });
});

test("integer entry point and bad signs", (t) => {
  const r = signConstrainedLeastSquaresInt([[1n, 0n], [0n, 1n], [1n, 1n]], b0, [1, 1]);
  t.deepEqual(F(r.x), ["1/2", "0"]);
  t.throws(() => signConstrainedLeastSquares(A0, b0, [1] as SignConstraint[]), { instanceOf: RangeError });
  t.throws(() => signConstrainedLeastSquares(A0, b0, [1, 2] as unknown as SignConstraint[]), { instanceOf: RangeError });
});

test("warm starts and the normal-equation entry point reach the same optimum", (t) => {
  // Same optimum as the cold start: the loss and the fitted values are unique (convexity),
  // and KKT holds; checked on random problems with random (often infeasible) warm starts.
  const r = rng(8080);
  for (let trial = 0; trial < 60; trial++) {
    const m = int(r, 2, 7);
    const n = int(r, 1, 5);
    const A = Array.from({ length: m }, () => Array.from({ length: n }, () => BigInt(int(r, -3, 3))));
    const b = Array.from({ length: m }, () => new Fraction(BigInt(int(r, -4, 4))));
    const signs = Array.from({ length: n }, () => ([1, -1, 0] as const)[int(r, 0, 2)]!);
    const cold = signConstrainedLeastSquaresInt(A, b, signs);
    const warmStart = [...Array(n).keys()].filter(() => r() < 0.5);
    const warm = signConstrainedLeastSquaresInt(A, b, signs, { warmStart });
    t.true(warm.loss.equals(cold.loss), `trial ${trial}`);
    t.deepEqual(F(warm.residual), F(cold.residual));
    const Af = A.map((row) => row.map((v) => new Fraction(v)));
    t.true(checkKkt(Af, b, signs, warm.x).ok);
    // Raw entry point on AᵀA, Aᵀb (b integer here): the same solution as the cold start.
    const { G, h } = normalEquations(A, b.map((v) => v.n * v.s), n);
    const raw = signConstrainedNormal(G, h, signs);
    t.deepEqual(raw.x.num.map((v) => formatQ(new Fraction(v, raw.x.den))), F(cold.x));
  }
});

test("appending a column: warm start from the previous passive set", (t) => {
  // MODEL.md example again: after the first feature the passive set is [0]; append φ2.
  const y = V([1, -1, "1/2", 2, 0]);
  const phi = [[0n, 4n], [0n, 3n], [1n, 2n], [2n, 1n], [3n, 0n]];
  const first = signConstrainedLeastSquaresInt(phi.map((row) => [row[0]!]), y, [1]);
  const next = signConstrainedLeastSquaresInt(phi, y, [1, 1], { warmStart: first.passive });
  t.deepEqual(F(next.x), ["119/404", "19/202"]);
  t.is(formatQ(next.loss), "3675/1616");
  t.is(next.iterations, 1); // one entering column, no backtracking
});
