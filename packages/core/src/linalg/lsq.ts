/**
 * Exact linear least squares `min ½|Ax − b|²`: the normal equations `AᵀA x = Aᵀb` on integers,
 * solved by fraction-free elimination. When the columns are dependent the solution set is
 * `x₀ + null(A)`; we return its minimum-norm point, the one orthogonal to `null(A)`.
 */
import { dotB, type QVec } from "../bigint";
import { backSubstitute, eliminate, normalizeQVec, solveIntSystem } from "./elimination";
import { normalEquations } from "./gram";
import type { IntMatrix, RationalMatrix, RationalVector } from "./matrix";
import { finishFit, intProblem, intProblemFromInt, type Fit, type IntProblem } from "./problem";

export interface LeastSquaresResult extends Fit {
  /** True when the columns are independent (then x is the only minimizer). */
  unique: boolean;
  rank: number;
}

/**
 * Minimum-norm solution of the integer normal equations `G x = h` (G = ÂᵀÂ symmetric PSD,
 * h ∈ range G). Jordan elimination gives a basic solution x₀ (free variables 0) and a nullspace
 * basis Z (null G = null Â); the minimum-norm solution is `x₀ − Z w` with `(ZᵀZ) w = Zᵀx₀`,
 * a small system of size n − rank.
 */
export function minNormSolve(G: bigint[][], h: readonly bigint[]): { x: QVec; rank: number } {
  const n = G.length;
  const aug = G.map((row, i) => [...row, h[i]!]);
  // Forward elimination first (a third of Gauss–Jordan's work): enough when G is nonsingular.
  const F = eliminate(aug, { pivotColumns: n });
  if (F.pivots.length === n) return { x: backSubstitute(F, n), rank: n };
  const E = eliminate(aug, { pivotColumns: n, jordan: true });
  const r = E.pivots.length;
  const D = E.last;
  const x0 = new Array<bigint>(n).fill(0n); // x = x0 / D
  E.pivots.forEach((p, k) => (x0[p] = E.rows[k]![n]!));
  const isPivot = new Array<boolean>(n).fill(false);
  for (const p of E.pivots) isPivot[p] = true;
  const Z: bigint[][] = []; // columns of the nullspace basis, stored as vectors
  for (let f = 0; f < n; f++) {
    if (isPivot[f]) continue;
    const z = new Array<bigint>(n).fill(0n);
    z[f] = D;
    E.pivots.forEach((p, k) => (z[p] = -E.rows[k]![f]!));
    Z.push(z);
  }
  const k = Z.length;
  const ZtZ = Z.map((zi) => Z.map((zj) => dotB(zi, zj)));
  const Ztx = Z.map((zi) => dotB(zi, x0));
  const w = solveIntSystem(ZtZ, Ztx); // Z independent, so ZᵀZ is nonsingular
  // x = (x0 − Z·(w.num/w.den)) / D = (x0·w.den − Σ_i w.num_i Z_i) / (D·w.den)
  const num = x0.map((v) => v * w.den);
  for (let i = 0; i < k; i++) {
    const wi = w.num[i]!;
    if (wi === 0n) continue;
    const zi = Z[i]!;
    for (let j = 0; j < n; j++) num[j] = num[j]! - wi * zi[j]!;
  }
  return { x: normalizeQVec(num, D * w.den), rank: r };
}

function solveProblem(p: IntProblem): LeastSquaresResult {
  if (p.n === 0) return { ...finishFit(p, { num: [], den: 1n }), unique: true, rank: 0 };
  const { G, h } = normalEquations(p.A, p.b, p.n);
  const { x, rank } = minNormSolve(G, h);
  return { ...finishFit(p, x), unique: rank === p.n, rank };
}

/**
 * `min ½|Ax − b|²` exactly. Unique solution when the columns are independent, otherwise the
 * minimum-norm solution (`unique: false`). Also the residual `Ax − b` and the loss.
 * `cols` gives the column count when A has no rows.
 */
export function leastSquares(A: RationalMatrix, b: RationalVector, cols?: number): LeastSquaresResult {
  return solveProblem(intProblem(A, b, cols));
}

/** Same as `leastSquares` for an integer matrix (hot callers: feature matrices on integer data). */
export function leastSquaresInt(A: IntMatrix, b: RationalVector, cols?: number): LeastSquaresResult {
  return solveProblem(intProblemFromInt(A, b, cols));
}

