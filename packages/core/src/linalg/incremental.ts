/**
 * Fraction-free elimination of `[G_PP | h_P]` for a growing and shrinking index set P, where G is
 * a Gram matrix (symmetric positive semidefinite) — the subproblems of an active-set method.
 *
 * Why it can be incremental: Bareiss without pivoting processes rows in order, and row s after s
 * steps depends only on the indices before it. Appending index t therefore only needs the new
 * row, run through the existing steps (O(|P|²)), plus one new entry per old row — and by the
 * symmetry of G that entry, the minor with rows {0..s} and columns {0..s−1, t}, equals the new
 * row's own value at column s just before step s. No pivoting is needed: for linearly
 * independent columns G_PP is positive definite, so every leading minor (pivot) is positive;
 * a zero pivot means t is dependent on P, and the append is refused.
 */
import type { QVec } from "../bigint";
import { normalizeQVec } from "./elimination";

export class IncrementalGram {
  /** The indices of P in the order they were appended. */
  readonly order: number[] = [];
  /** rows[s][j]: row s after s steps, at positions j ≥ s (pivot rows[s][s] > 0). */
  private rows: bigint[][] = [];
  private rhs: bigint[] = [];

  constructor(
    private readonly G: readonly (readonly bigint[])[],
    private readonly h: readonly bigint[],
  ) {}

  has(t: number): boolean {
    return this.order.includes(t);
  }

  /** Add index t; false (nothing changed) when its column is in the span of P's. */
  append(t: number): boolean {
    const K = this.order.length;
    const Gt = this.G[t]!;
    const row = this.order.map((o) => Gt[o]!);
    row.push(Gt[t]!);
    let rhs = this.h[t]!;
    let prev = 1n;
    for (let s = 0; s < K; s++) {
      const U = this.rows[s]!;
      const m = row[s]!;
      const p = U[s]!;
      U[K] = m; // the new column of old row s (symmetry, see above)
      for (let j = s + 1; j <= K; j++) row[j] = (p * row[j]! - m * U[j]!) / prev;
      rhs = (p * rhs - m * this.rhs[s]!) / prev;
      prev = p;
    }
    if (row[K] === 0n) {
      for (let s = 0; s < K; s++) this.rows[s]!.length = K;
      return false;
    }
    this.rows.push(row);
    this.rhs.push(rhs);
    this.order.push(t);
    return true;
  }

  /** Remove index t: rows before it are kept, the ones after it are appended again. */
  remove(t: number): void {
    const q = this.order.indexOf(t);
    if (q < 0) return;
    const tail = this.order.slice(q + 1);
    this.order.length = q;
    this.rows.length = q;
    this.rhs.length = q;
    for (const U of this.rows) U.length = q;
    for (const k of tail) {
      if (!this.append(k)) throw new Error(`IncrementalGram: index ${k} became dependent after a removal (cannot happen)`);
    }
  }

  /**
   * The minimizer of ½zᵀGz − hᵀz over vectors supported on P (length n, zeros outside P):
   * fraction-free back substitution with D = the last pivot, `y = D·z` integral.
   */
  solution(n: number): QVec {
    const K = this.order.length;
    const num = new Array<bigint>(n).fill(0n);
    if (K === 0) return { num, den: 1n };
    const D = this.rows[K - 1]![K - 1]!;
    const y = new Array<bigint>(K);
    for (let i = K - 1; i >= 0; i--) {
      const U = this.rows[i]!;
      let s = D * this.rhs[i]!;
      for (let j = i + 1; j < K; j++) s -= U[j]! * y[j]!;
      y[i] = s / U[i]!;
    }
    this.order.forEach((k, i) => (num[k] = y[i]!));
    return normalizeQVec(num, D);
  }
}
