/**
 * Shapes and the bridge between the public `Fraction` matrices and the integer matrices the
 * fraction-free algorithms work on. Row-major throughout: `A[i][j]` is row i, column j.
 */
import Fraction from "fraction.js";
import { lcmB, toQVec } from "../bigint";

export type RationalMatrix = readonly (readonly Fraction[])[];
export type RationalVector = readonly Fraction[];
export type IntMatrix = readonly (readonly bigint[])[];

/** Number of columns of a (possibly empty) row-major matrix; checks that it is not ragged. */
export function columnCount(A: readonly (readonly unknown[])[], what = "matrix", cols?: number): number {
  const n = cols ?? (A.length > 0 ? A[0]!.length : 0);
  for (let i = 0; i < A.length; i++) {
    if (A[i]!.length !== n) throw new RangeError(`${what}: row ${i} has ${A[i]!.length} entries, expected ${n}`);
  }
  return n;
}

/**
 * The matrix as integers times one positive scalar: `A = Â / den`. One common denominator
 * (not one per row or column) because least squares is only invariant under *uniform*
 * scaling: a per-row scale would reweight the rows, a per-column one would change which
 * solution has minimum norm.
 */
export function toIntMatrix(A: RationalMatrix): { num: bigint[][]; den: bigint } {
  let den = 1n;
  for (const row of A) for (const x of row) if (x.d !== 1n) den = lcmB(den, x.d);
  return { num: A.map((row) => row.map((x) => x.s * x.n * (den / x.d))), den };
}

/**
 * Each row times the lcm of its own denominators. Row scaling changes neither the rank, nor the
 * nullspace, nor the pivot columns, nor (scaling the right side alike) the solutions of `Ax = b`.
 */
export function clearRows(A: RationalMatrix): bigint[][] {
  return A.map((row) => toQVec(row).num);
}
