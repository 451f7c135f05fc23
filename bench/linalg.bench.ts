import { Fraction, leastSquares, leastSquaresInt, signConstrainedLeastSquaresInt, checkKkt, toFloat, type SignConstraint } from "@qrelu/core";
import { defineWorkloads, rng } from "./harness";

/** 1,000 × 50 matrix of small integers (−5..5) and a right side of small integers. */
function problem(seed: number, m = 1000, n = 50) {
  const r = rng(seed);
  const A = Array.from({ length: m }, () => Array.from({ length: n }, () => BigInt(Math.floor(r() * 11) - 5)));
  const b = Array.from({ length: m }, () => new Fraction(BigInt(Math.floor(r() * 201) - 100)));
  return { A, b, n };
}

type P = ReturnType<typeof problem>;

export default defineWorkloads([
  {
    name: "exact least squares 1,000 rows × 50 columns of small integers",
    target: 2,
    setup: () => problem(1),
    run: (p) => {
      const { A, b } = p as P;
      const res = leastSquaresInt(A, b);
      return { rank: res.rank, loss: toFloat(res.loss).toFixed(3), denDigits: res.x[0]!.d.toString().length };
    },
  },
  {
    name: "exact least squares 1,000 × 50, rational entries (Fraction API)",
    setup: () => {
      const { A, b } = problem(3);
      // Entries k/6 and right side j/7: one common denominator each, as the API scales.
      return { A: A.map((row) => row.map((v) => new Fraction(v, 6n))), b: b.map((v) => v.div(7)) };
    },
    run: (p) => {
      const { A, b } = p as { A: Fraction[][]; b: Fraction[] };
      const res = leastSquares(A, b);
      return { rank: res.rank, loss: toFloat(res.loss).toFixed(3) };
    },
  },
  {
    name: "minimum-norm least squares 1,000 × 50, rank 40",
    setup: () => {
      const p = problem(4);
      // Columns 40..49 are sums of two earlier columns: a 10-dimensional nullspace.
      for (const row of p.A) for (let j = 40; j < 50; j++) row[j] = row[j - 40]! + row[j - 39]!;
      return p;
    },
    run: (p) => {
      const { A, b } = p as P;
      const res = leastSquaresInt(A, b);
      return { rank: res.rank, unique: res.unique, loss: toFloat(res.loss).toFixed(3) };
    },
  },
  {
    name: "sign-constrained least squares 1,000 × 50 small integers",
    target: 5,
    setup: () => problem(2),
    run: (p) => {
      const { A, b, n } = p as P;
      const signs = Array.from({ length: n }, (_, k) => (k % 2 === 0 ? 1 : -1) as SignConstraint);
      const res = signConstrainedLeastSquaresInt(A, b, signs);
      return { dead: res.dead.length, steps: res.iterations, loss: toFloat(res.loss).toFixed(3) };
    },
  },
  {
    name: "sign-constrained least squares 2,000 × 120 small integers",
    setup: () => problem(5, 2000, 120),
    run: (p) => {
      const { A, b, n } = p as P;
      const signs = Array.from({ length: n }, (_, k) => (k % 3 === 0 ? 0 : k % 3 === 1 ? 1 : -1) as SignConstraint);
      const res = signConstrainedLeastSquaresInt(A, b, signs);
      return { dead: res.dead.length, steps: res.iterations, loss: toFloat(res.loss).toFixed(3) };
    },
  },
  {
    name: "checkKkt 1,000 × 50 (verifying the sign-constrained fit)",
    setup: () => {
      const p = problem(2);
      const signs = Array.from({ length: p.n }, (_, k) => (k % 2 === 0 ? 1 : -1) as SignConstraint);
      const x = signConstrainedLeastSquaresInt(p.A, p.b, signs).x;
      return { A: p.A.map((row) => row.map((v) => new Fraction(v))), b: p.b, signs, x };
    },
    run: (p) => {
      const { A, b, signs, x } = p as { A: Fraction[][]; b: Fraction[]; signs: SignConstraint[]; x: Fraction[] };
      return { ok: checkKkt(A, b, signs, x).ok };
    },
  },
]);
