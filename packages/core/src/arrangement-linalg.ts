/**
 * The small exact linear algebra the arrangement needs: determinants, null vectors and
 * independent subsets of integer vectors, all fraction-free (Bareiss), sized for the
 * (d+1)×(d+1) systems of a face, not for least squares.
 */
import { primitiveB } from "./bigint";
import { rankInt } from "./linalg/elimination";

/** det of a square integer matrix by Bareiss elimination (exact divisions, no fractions). */
export function detB(M: readonly (readonly bigint[])[]): bigint {
  const n = M.length;
  if (n === 0) return 1n;
  if (n === 1) return M[0]![0]!;
  if (n === 2) return M[0]![0]! * M[1]![1]! - M[0]![1]! * M[1]![0]!;
  const a = M.map((r) => r.slice());
  let sign = 1n;
  let prev = 1n;
  for (let k = 0; k < n - 1; k++) {
    if (a[k]![k] === 0n) {
      let p = k + 1;
      while (p < n && a[p]![k] === 0n) p++;
      if (p === n) return 0n;
      [a[k], a[p]] = [a[p]!, a[k]!];
      sign = -sign;
    }
    const piv = a[k]![k]!;
    for (let i = k + 1; i < n; i++) {
      const ai = a[i]!;
      const aik = ai[k]!;
      for (let j = k + 1; j < n; j++) ai[j] = (piv * ai[j]! - aik * a[k]![j]!) / prev;
    }
    prev = piv;
  }
  return sign * a[n - 1]![n - 1]!;
}

/**
 * A vector spanning the null space of an (m−1)×m integer matrix of rank m−1 (zero vector if the
 * rank is smaller): the signed maximal minors (generalized cross product), made primitive.
 */
export function nullVector(M: readonly (readonly bigint[])[], m: number): bigint[] {
  if (m === 1) return [1n];
  if (m === 2) return primitiveB([-M[0]![1]!, M[0]![0]!]);
  if (m === 3) {
    const [a, b] = [M[0]!, M[1]!];
    return primitiveB([
      a[1]! * b[2]! - a[2]! * b[1]!,
      a[2]! * b[0]! - a[0]! * b[2]!,
      a[0]! * b[1]! - a[1]! * b[0]!,
    ]);
  }
  const out = new Array<bigint>(m);
  for (let i = 0; i < m; i++) {
    const minor = M.map((r) => [...r.slice(0, i), ...r.slice(i + 1)]);
    const v = detB(minor);
    out[i] = i % 2 === 0 ? v : -v;
  }
  return primitiveB(out);
}

/**
 * Indices (into `rows`) of a maximal linearly independent subset, chosen greedily in order.
 * Fraction-free reduction against the kept echelon rows; `limit` stops early at that rank.
 */
export function independentRows(rows: readonly (readonly bigint[])[], limit = Infinity): number[] {
  const echelon: { row: bigint[]; pivot: number }[] = [];
  const kept: number[] = [];
  for (let i = 0; i < rows.length && kept.length < limit; i++) {
    let r = rows[i]!.slice();
    for (const e of echelon) {
      const c = r[e.pivot]!;
      if (c === 0n) continue;
      const p = e.row[e.pivot]!;
      r = r.map((v, k) => p * v - c * e.row[k]!);
      r = primitiveB(r);
    }
    const pivot = r.findIndex((v) => v !== 0n);
    if (pivot < 0) continue;
    echelon.push({ row: r, pivot });
    kept.push(i);
  }
  return kept;
}

/** Rank of a set of integer vectors (linalg's Bareiss rank). */
export function rankB(rows: readonly (readonly bigint[])[]): number {
  return rankInt(rows);
}

/**
 * Solve the nonsingular k×k system G α = b exactly by Cramer's rule: returns `num` and `det`
 * with α = num / det (det may be negative).
 */
export function solveCramer(G: readonly (readonly bigint[])[], b: readonly bigint[]): { num: bigint[]; det: bigint } {
  const k = G.length;
  const det = detB(G);
  const num = new Array<bigint>(k);
  for (let i = 0; i < k; i++) num[i] = detB(G.map((row, r) => row.map((v, c) => (c === i ? b[r]! : v))));
  return { num, det };
}
