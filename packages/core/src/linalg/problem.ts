/**
 * A least-squares problem `min ½|Ax − b|²` brought to integers once: `A = Â/α`, `b = b̂/β`
 * with one positive scalar each. Then `x = (α/β)·x̂` where x̂ solves the integer problem
 * `min |Âx̂ − b̂|²` (the same problem up to the positive factor β², so the same minimizers,
 * the same minimum-norm one, the same sign pattern).
 */
import Fraction from "fraction.js";
import { toQVec, type QVec } from "../bigint";
import { columnCount, toIntMatrix, type IntMatrix, type RationalMatrix, type RationalVector } from "./matrix";
import { normalizeQVec } from "./elimination";

export interface IntProblem {
  A: readonly (readonly bigint[])[];
  b: bigint[];
  m: number;
  n: number;
  /** α: A = Â/α. */
  aDen: bigint;
  /** β: b = b̂/β. */
  bDen: bigint;
}

function checkRhs(m: number, b: RationalVector): void {
  if (b.length !== m) throw new RangeError(`least squares: right side has ${b.length} entries, expected ${m} (rows)`);
}

export function intProblem(A: RationalMatrix, b: RationalVector, cols?: number): IntProblem {
  const n = columnCount(A, "least squares", cols);
  checkRhs(A.length, b);
  const { num, den } = toIntMatrix(A);
  const bv = toQVec(b);
  return { A: num, b: bv.num, m: A.length, n, aDen: den, bDen: bv.den };
}

export function intProblemFromInt(A: IntMatrix, b: RationalVector, cols?: number): IntProblem {
  const n = columnCount(A, "least squares", cols);
  checkRhs(A.length, b);
  const bv = toQVec(b);
  return { A, b: bv.num, m: A.length, n, aDen: 1n, bDen: bv.den };
}

export interface Fit {
  x: Fraction[];
  /** `Ax − b`, exactly. */
  residual: Fraction[];
  /** `½|Ax − b|²`, exactly. */
  loss: Fraction;
}

/** The solution, residual and loss in the caller's units from the integer solution x̂. */
export function finishFit(p: IntProblem, xh: QVec): Fit {
  const x = normalizeQVec(
    xh.num.map((v) => v * p.aDen),
    xh.den * p.bDen,
  );
  // Ax − b = (Â x̂ − b̂)/β = (Â·x̂num − b̂·x̂den) / (β·x̂den)
  const rden = p.bDen * xh.den;
  const rnum = p.A.map((row, i) => {
    let s = -p.b[i]! * xh.den;
    for (let j = 0; j < p.n; j++) s += row[j]! * xh.num[j]!;
    return s;
  });
  let ss = 0n;
  for (const r of rnum) ss += r * r;
  return {
    x: x.num.map((v) => new Fraction(v, x.den)),
    residual: rnum.map((v) => new Fraction(v, rden)),
    loss: new Fraction(ss, 2n * rden * rden),
  };
}
