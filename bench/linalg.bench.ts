import { Fraction, leastSquaresInt, signConstrainedLeastSquaresInt, checkKkt, toFloat, type SignConstraint } from "@qrelu/core";
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
