/**
 * Fraction-free (Bareiss) elimination on integer matrices, and the exact rank, solve,
 * nullspace and pivot columns built on it.
 *
 * Why Bareiss: after k pivot steps every entry is a (k+1)×(k+1) minor of the input, so the
 * division by the previous pivot is exact and entry sizes grow only linearly in k (Hadamard's
 * bound) instead of exponentially as with naive integer elimination. No gcds inside the loop.
 */
import Fraction from "fraction.js";
import { gcdB, primitiveB, type QVec } from "../bigint";
import { InputError } from "../errors";
import { clearRows, columnCount, type IntMatrix, type RationalMatrix, type RationalVector } from "./matrix";

export interface Echelon {
  /** The eliminated matrix (a fresh copy). */
  rows: bigint[][];
  /** Pivot column of row k, increasing: the lexicographically first maximal independent column set. */
  pivots: number[];
  /**
   * The last pivot value (a minor of the input, ±det for a nonsingular square matrix; 1 if rank 0).
   * In Jordan form every pivot entry equals it, so row k reads `last · x_{pivots[k]} + … = rows[k][rhs]`.
   */
  last: bigint;
}

/**
 * Bareiss elimination. `pivotColumns` limits where pivots are sought (the columns after it are
 * right-hand sides that are carried along). `jordan` also clears above each pivot
 * (fraction-free Gauss–Jordan: all pivots end equal to `last`, entries stay minors).
 * Pivot choice: the first row with a non-zero entry (deterministic; any choice keeps exactness).
 */
export function eliminate(M: IntMatrix, opts: { pivotColumns?: number; jordan?: boolean } = {}): Echelon {
  const rows = M.map((r) => r.slice());
  const m = rows.length;
  const width = m > 0 ? rows[0]!.length : 0;
  const limit = opts.pivotColumns ?? width;
  const jordan = opts.jordan ?? false;
  const pivots: number[] = [];
  let prev = 1n;
  let r = 0;
  for (let c = 0; c < limit && r < m; c++) {
    let p = r;
    while (p < m && rows[p]![c] === 0n) p++;
    if (p === m) continue;
    if (p !== r) [rows[p], rows[r]] = [rows[r]!, rows[p]!];
    const pr = rows[r]!;
    const piv = pr[c]!;
    for (let i = jordan ? 0 : r + 1; i < m; i++) {
      if (i === r) continue;
      const row = rows[i]!;
      const f = row[c]!;
      // Forward mode: columns < c of rows below r are already 0. Jordan mode: every column of
      // every other row is rescaled (rows above carry earlier pivots that must become `piv`).
      const j0 = jordan ? 0 : c + 1;
      if (f === 0n) {
        if (piv !== prev) for (let j = j0; j < width; j++) row[j] = (piv * row[j]!) / prev;
      } else {
        for (let j = j0; j < width; j++) row[j] = (piv * row[j]! - f * pr[j]!) / prev;
      }
      row[c] = 0n;
    }
    pivots.push(c);
    prev = piv;
    r++;
  }
  return { rows, pivots, last: prev };
}

export class SingularMatrixError extends InputError {
  readonly rank: number;
  constructor(rank: number, n: number) {
    super(`singular ${n}×${n} system: rank ${rank} < ${n}, no unique solution`);
    this.name = "SingularMatrixError";
    this.rank = rank;
  }
}

/** Normalize n/den vectors: positive denominator, common gcd removed. */
export function normalizeQVec(num: bigint[], den: bigint): QVec {
  if (den < 0n) {
    num = num.map((x) => -x);
    den = -den;
  }
  let g = den;
  for (const x of num) {
    if (g === 1n) break;
    g = gcdB(g, x);
  }
  return g === 1n ? { num, den } : { num: num.map((x) => x / g), den: den / g };
}

/**
 * Solve the square integer system `M x = rhs` exactly: forward Bareiss on `[M | rhs]`, then
 * fraction-free back substitution. With D = det (up to sign) the last pivot, `y = D·x` is an
 * integer vector (Cramer) and `U_ii · y_i = D · c_i − Σ_{j>i} U_ij y_j` divides exactly.
 * Throws `SingularMatrixError` when M is singular.
 */
export function solveIntSystem(M: IntMatrix, rhs: readonly bigint[]): QVec {
  const n = M.length;
  columnCount(M, "solve", n);
  if (rhs.length !== n) throw new RangeError(`solve: right side has ${rhs.length} entries, expected ${n}`);
  if (n === 0) return { num: [], den: 1n };
  const E = eliminate(
    M.map((row, i) => [...row, rhs[i]!]),
    { pivotColumns: n },
  );
  if (E.pivots.length < n) throw new SingularMatrixError(E.pivots.length, n);
  return backSubstitute(E, n);
}

/** Back substitution on a full-rank forward echelon form of `[M | rhs]` (n pivots, rhs in column n). */
export function backSubstitute(E: Echelon, n: number): QVec {
  const U = E.rows;
  const D = E.last;
  const y = new Array<bigint>(n);
  for (let i = n - 1; i >= 0; i--) {
    const Ui = U[i]!;
    let s = D * Ui[n]!;
    for (let j = i + 1; j < n; j++) s -= Ui[j]! * y[j]!;
    y[i] = s / Ui[i]!;
  }
  return normalizeQVec(y, D);
}

/** Rank of an integer matrix. */
export function rankInt(M: IntMatrix): number {
  columnCount(M, "rank");
  return eliminate(M).pivots.length;
}

/** The lexicographically first set of linearly independent columns (the pivot columns). */
export function independentColumnsInt(M: IntMatrix): number[] {
  columnCount(M, "independentColumns");
  return eliminate(M).pivots;
}

/**
 * A basis of `{x : M x = 0}`: one primitive integer vector per non-pivot column f, with
 * entry f positive and the other non-pivot entries 0 (so the basis is visibly independent).
 */
export function nullspaceInt(M: IntMatrix, cols?: number): bigint[][] {
  const n = columnCount(M, "nullspace", cols);
  const E = eliminate(M, { jordan: true });
  const isPivot = new Array<boolean>(n).fill(false);
  for (const p of E.pivots) isPivot[p] = true;
  const basis: bigint[][] = [];
  const sgn = E.last < 0n ? -1n : 1n;
  for (let f = 0; f < n; f++) {
    if (isPivot[f]) continue;
    const v = new Array<bigint>(n).fill(0n);
    // Row k: last·x_{p_k} + rows[k][f]·x_f = 0 (other free variables 0).
    v[f] = E.last * sgn;
    E.pivots.forEach((p, k) => (v[p] = -E.rows[k]![f]! * sgn));
    basis.push(primitiveB(v));
  }
  return basis;
}

// ---- Fraction front ends -------------------------------------------------------------------

export function rank(A: RationalMatrix): number {
  columnCount(A, "rank");
  return eliminate(clearRows(A)).pivots.length;
}

export function independentColumns(A: RationalMatrix): number[] {
  columnCount(A, "independentColumns");
  return eliminate(clearRows(A)).pivots;
}

/** Basis of the nullspace of A as primitive integer vectors (see `nullspaceInt`). */
export function nullspace(A: RationalMatrix, cols?: number): bigint[][] {
  return nullspaceInt(clearRows(A), cols ?? columnCount(A, "nullspace"));
}

/** The unique solution of the square system `A x = b`; throws `SingularMatrixError` otherwise. */
export function solve(A: RationalMatrix, b: RationalVector): Fraction[] {
  const n = A.length;
  columnCount(A, "solve", n);
  if (b.length !== n) throw new RangeError(`solve: right side has ${b.length} entries, expected ${n}`);
  // Clear each equation's denominators together with its right side.
  const rows = clearRows(A.map((row, i) => [...row, b[i]!]));
  const x = solveIntSystem(
    rows.map((r) => r.slice(0, n)),
    rows.map((r) => r[n]!),
  );
  return x.num.map((v) => new Fraction(v, x.den));
}
