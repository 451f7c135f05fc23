import { Fraction, canonicalKey, evaluate, reluSum, leastSquares, leastSquaresInt, signConstrainedLeastSquaresInt, checkKkt, toFloat, type SignConstraint } from "@qrelu/core";
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
  {
    name: "canonical keys of 10,000 ReLU sums × 10 terms (d=1)",
    setup: () => {
      const r = rng(6);
      return Array.from({ length: 10_000 }, () =>
        reluSum(
          1,
          Array.from({ length: 10 }, () => ({
            coef: new Fraction(BigInt(Math.floor(r() * 19) - 9), BigInt(1 + Math.floor(r() * 5))),
            dir: [BigInt(Math.floor(r() * 9) - 4), BigInt(Math.floor(r() * 41) - 20)],
          })),
        ),
      );
    },
    run: (fs) => {
      const keys = new Set((fs as ReturnType<typeof reluSum>[]).map((f) => canonicalKey(f)));
      return { distinct: keys.size };
    },
  },
  {
    name: "evaluate a 200-term ReLU sum (d=2) at 1,000 rational points",
    setup: () => {
      const r = rng(7);
      const int = (k: number) => BigInt(Math.floor(r() * (2 * k + 1)) - k);
      const f = reluSum(
        2,
        Array.from({ length: 200 }, () => ({ coef: new Fraction(int(9), 1n + int(0) + BigInt(Math.floor(r() * 4))), dir: [int(5), int(5), int(20)] })),
      );
      const pts = Array.from({ length: 1000 }, () => [new Fraction(int(100), 7n), new Fraction(int(100), 3n)]);
      return { f, pts };
    },
    run: (p) => {
      const { f, pts } = p as { f: ReturnType<typeof reluSum>; pts: Fraction[][] };
      let nonzero = 0;
      for (const x of pts) if (evaluate(f, x).n !== 0n) nonzero++;
      return { nonzero };
    },
  },
]);
