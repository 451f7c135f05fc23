import test from "ava";
import {
  Fraction,
  q,
  formatQ,
  rank,
  solve,
  nullspace,
  independentColumns,
  leastSquares,
  leastSquaresInt,
  SingularMatrixError,
  IncrementalGram,
  normalEquations,
  solveIntSystem,
  InputError,
} from "@qrelu/core";
import { F, M, V, int, rng } from "./core-linalg-helpers";


const smallQ = (r: () => number) => new Fraction(BigInt(int(r, -6, 6)), BigInt(int(r, 1, 4)));

function matVec(A: Fraction[][], x: readonly Fraction[]): Fraction[] {
  return A.map((row) => row.reduce((s, a, j) => s.add(a.mul(x[j]!)), new Fraction(0)));
}
function colDot(A: Fraction[][], j: number, v: readonly Fraction[]): Fraction {
  return A.reduce((s, row, i) => s.add(row[j]!.mul(v[i]!)), new Fraction(0));
}
function vdot(a: readonly (Fraction | bigint)[], b: readonly Fraction[]): Fraction {
  return a.reduce<Fraction>((s, x, i) => s.add(b[i]!.mul(typeof x === "bigint" ? new Fraction(x) : x)), new Fraction(0));
}

/** Second method for the rank: textbook Gaussian elimination on fraction.js rationals. */
function naiveRank(A: Fraction[][]): number {
  const R = A.map((r) => r.slice());
  const n = R[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < n && r < R.length; c++) {
    const p = R.findIndex((row, i) => i >= r && !row[c]!.equals(0));
    if (p < 0) continue;
    [R[p], R[r]] = [R[r]!, R[p]!];
    for (let i = r + 1; i < R.length; i++) {
      const f = R[i]![c]!.div(R[r]![c]!);
      R[i] = R[i]!.map((v, j) => v.sub(f.mul(R[r]![j]!)));
    }
    r++;
  }
  return r;
}

test("solve: 2×2 by Cramer's rule, and a system that needs a row swap", (t) => {
  // [[2,1],[1,3]] x = [3,5]; det 5; x1 = (3·3 − 1·5)/5 = 4/5, x2 = (2·5 − 1·3)/5 = 7/5.
  t.deepEqual(F(solve(M([[2, 1], [1, 3]]), V([3, 5]))), ["4/5", "7/5"]);
  // [[0,1],[1,0]] x = [2,3]: x = (3, 2); the first pivot is in row 2.
  t.deepEqual(F(solve(M([[0, 1], [1, 0]]), V([2, 3]))), ["3", "2"]);
  // Rational entries: [[1/2, 1/3],[1, -1]] x = [1, 0]: x1 = x2 = x, 5x/6 = 1, x = 6/5.
  t.deepEqual(F(solve(M([["1/2", "1/3"], [1, -1]]), V([1, 0]))), ["6/5", "6/5"]);
  t.deepEqual(solve([], []), []);
});

test("solve: a singular system is reported, as an InputError with the rank", (t) => {
  const e = t.throws(() => solve(M([[1, 2], [2, 4]]), V([1, 2])), { instanceOf: SingularMatrixError });
  t.true(e instanceof InputError);
  t.is(e!.rank, 1);
  t.regex(e!.message, /singular 2×2 system: rank 1 < 2/);
});

test("rank, pivot columns and nullspace of a hand example", (t) => {
  // Row 2 = 2·row 1. Row 1: x1 + 2x2 + 3x3 = 0, row 3: x1 + x3 = 0 ⇒ x1 = −x3, x2 = −x3.
  const A = M([[1, 2, 3], [2, 4, 6], [1, 0, 1]]);
  t.is(rank(A), 2);
  t.deepEqual(independentColumns(A), [0, 1]);
  t.deepEqual(nullspace(A), [[-1n, -1n, 1n]]);
  // Zero column 0 is never a pivot; its nullspace vector is e_0.
  const B = M([[0, 1], [0, 2]]);
  t.deepEqual(independentColumns(B), [1]);
  t.deepEqual(nullspace(B), [[1n, 0n]]);
  t.is(rank(M([[0, 0]])), 0);
});

test("least squares: straight line through (0,1),(1,2),(2,4) by hand", (t) => {
  // Columns (1,1,1) and t = (0,1,2). AᵀA = [[3,3],[3,5]], Aᵀb = [7,10], det 6:
  // c0 = (5·7 − 3·10)/6 = 5/6, c1 = (3·10 − 3·7)/6 = 3/2.
  // Residual Ax − b = (5/6 − 1, 14/6 − 2, 23/6 − 4) = (−1/6, 1/3, −1/6); loss ½·6/36 = 1/12.
  const r = leastSquares(M([[1, 0], [1, 1], [1, 2]]), V([1, 2, 4]));
  t.deepEqual(F(r.x), ["5/6", "3/2"]);
  t.deepEqual(F(r.residual), ["-1/6", "1/3", "-1/6"]);
  t.is(formatQ(r.loss), "1/12");
  t.true(r.unique);
  t.is(r.rank, 2);
});

test("least squares: rational single column by hand", (t) => {
  // x = ⟨a,b⟩/|a|² = (1/2 + 1/3)/(1/4 + 1/9) = (5/6)/(13/36) = 30/13.
  // Residual (15/13 − 1, 10/13 − 1) = (2/13, −3/13); loss ½·13/169 = 1/26.
  const r = leastSquares(M([["1/2"], ["1/3"]]), V([1, 1]));
  t.deepEqual(F(r.x), ["30/13"]);
  t.deepEqual(F(r.residual), ["2/13", "-3/13"]);
  t.is(formatQ(r.loss), "1/26");
});

test("least squares: minimum-norm solutions by hand", (t) => {
  // x1 + x2 = 2: every solution fits; the shortest is (1,1).
  const a = leastSquares(M([[1, 1]]), V([2]));
  t.deepEqual(F(a.x), ["1", "1"]);
  t.false(a.unique);
  t.is(a.rank, 1);
  t.is(formatQ(a.loss), "0");
  // Columns (1,2) and (2,4) are parallel. Best multiple of (1,2) for b = (1,3): s = 7/5, so
  // x1 + 2x2 = 7/5; shortest such x is (7/5)·(1,2)/5 = (7/25, 14/25).
  // Residual (7/5 − 1, 14/5 − 3) = (2/5, −1/5); loss ½·5/25 = 1/10.
  const b = leastSquares(M([[1, 2], [2, 4]]), V([1, 3]));
  t.deepEqual(F(b.x), ["7/25", "14/25"]);
  t.deepEqual(F(b.residual), ["2/5", "-1/5"]);
  t.is(formatQ(b.loss), "1/10");
  t.false(b.unique);
  // A zero column gets coefficient 0 in the minimum-norm solution.
  const c = leastSquares(M([[0, 1], [0, 1]]), V([1, 2]));
  t.deepEqual(F(c.x), ["0", "3/2"]);
  // No columns: x = [], residual −b.
  const d = leastSquares([[], []], V([1, 2]), 0);
  t.deepEqual(F(d.residual), ["-1", "-2"]);
  t.is(formatQ(d.loss), "5/2");
});

test("least squares on random rational systems: residual ⟂ every column, x ⟂ nullspace, exact loss", (t) => {
  const r = rng(20261125);
  for (let trial = 0; trial < 120; trial++) {
    const m = int(r, 1, 8);
    const n = int(r, 1, 6);
    const A = Array.from({ length: m }, () => Array.from({ length: n }, () => smallQ(r)));
    // Make some columns dependent on purpose: copy a multiple, or a sum, of earlier columns.
    for (let j = 1; j < n; j++) {
      const roll = r();
      if (roll < 0.2) for (const row of A) row[j] = row[0]!.mul(int(r, -2, 2));
      else if (roll < 0.3 && j >= 2) for (const row of A) row[j] = row[0]!.add(row[1]!);
    }
    const b = Array.from({ length: m }, () => smallQ(r));
    const res = leastSquares(A, b);
    // Residual recomputed independently.
    const rr = matVec(A, res.x).map((v, i) => v.sub(b[i]!));
    t.deepEqual(F(res.residual), F(rr));
    for (let j = 0; j < n; j++) t.true(colDot(A, j, rr).equals(0), `trial ${trial}: column ${j} not orthogonal`);
    t.true(res.loss.equals(rr.reduce((s, v) => s.add(v.mul(v)), new Fraction(0)).div(2)));
    const rk = naiveRank(A);
    t.is(res.rank, rk);
    t.is(res.unique, rk === n);
    const N = nullspace(A);
    t.is(N.length, n - rk);
    for (const z of N) {
      // Each basis vector is in the nullspace, and the solution is orthogonal to it.
      t.true(matVec(A, z.map((v) => new Fraction(v))).every((v) => v.equals(0)));
      t.true(vdot(z, res.x).equals(0), `trial ${trial}: x not orthogonal to null(A)`);
    }
  }
});

test("solve on random nonsingular rational systems satisfies A x = b exactly", (t) => {
  const r = rng(7);
  let solved = 0;
  for (let trial = 0; trial < 80; trial++) {
    const n = int(r, 1, 7);
    const A = Array.from({ length: n }, () => Array.from({ length: n }, () => smallQ(r)));
    const b = Array.from({ length: n }, () => smallQ(r));
    if (naiveRank(A) < n) {
      t.throws(() => solve(A, b), { instanceOf: SingularMatrixError });
      continue;
    }
    const x = solve(A, b);
    t.deepEqual(F(matVec(A, x)), F(b));
    solved++;
  }
  t.true(solved > 50);
});

test("leastSquaresInt agrees with leastSquares on an integer matrix", (t) => {
  const A = [[1n, 0n], [1n, 1n], [1n, 2n]];
  const r = leastSquaresInt(A, V([1, 2, 4]));
  t.deepEqual(F(r.x), ["5/6", "3/2"]);
  t.is(formatQ(r.loss), "1/12");
});

test("large entries go through the bigint path of the normal equations", (t) => {
  // 2^40 entries overflow float64 products; scaling A by k scales the LS solution by 1/k.
  const k = 2n ** 40n;
  const r = leastSquaresInt([[k, 0n], [k, k], [k, 2n * k]], V([1, 2, 4]));
  t.deepEqual(F(r.x), [formatQ(q(5).div(6).div(k)), formatQ(q(3).div(2).div(k))]);
  t.is(formatQ(r.loss), "1/12");
});

test("shape errors are RangeErrors naming the problem", (t) => {
  t.throws(() => leastSquares(M([[1, 2], [3]]), V([1, 2])), { instanceOf: RangeError, message: /row 1 has 1 entries, expected 2/ });
  t.throws(() => leastSquares(M([[1]]), V([1, 2])), { instanceOf: RangeError });
});

test("no rows: every x fits equally, the minimum-norm one is 0", (t) => {
  const r = leastSquares([], [], 2);
  t.deepEqual(F(r.x), ["0", "0"]);
  t.false(r.unique);
  t.is(r.rank, 0);
  t.is(formatQ(r.loss), "0");
  t.is(rank([]), 0);
  t.deepEqual(nullspace([], 2), [[1n, 0n], [0n, 1n]]);
});

test("IncrementalGram: after random appends and removals the fit equals a fresh solve", (t) => {
  // Second method: solveIntSystem on G_PP z = h_P from scratch (forward Bareiss with pivoting).
  const r = rng(11);
  for (let trial = 0; trial < 40; trial++) {
    const m = int(r, 3, 8);
    const n = int(r, 2, 6);
    const A = Array.from({ length: m }, () => Array.from({ length: n }, () => BigInt(int(r, -3, 3))));
    if (n > 2 && r() < 0.5) for (const row of A) row[2] = row[0]! - row[1]!; // a dependent column
    const { G, h } = normalEquations(A, Array.from({ length: m }, () => BigInt(int(r, -5, 5))), n);
    const P = new IncrementalGram(G, h);
    for (let op = 0; op < 12; op++) {
      const k = int(r, 0, n - 1);
      if (P.has(k)) P.remove(k);
      else {
        const S = [...P.order, k];
        const independent = naiveRank(S.map((i) => S.map((j) => new Fraction(G[i]![j]!)))) === S.length;
        t.is(P.append(k), independent);
      }
      const S = P.order;
      const z = P.solution(n);
      const ref = solveIntSystem(S.map((i) => S.map((j) => G[i]![j]!)), S.map((i) => h[i]!));
      t.deepEqual(
        S.map((k2) => formatQ(new Fraction(z.num[k2]!, z.den))),
        ref.num.map((v) => formatQ(new Fraction(v, ref.den))),
      );
      t.true(z.num.every((v, k2) => v === 0n || S.includes(k2)));
    }
  }
});
