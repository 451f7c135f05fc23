/** Exact affine functions through simplices (Gaussian elimination on Fractions; small systems). */
import { Fraction } from "@qrelu/core";
import type { Affine } from "./types";

/** Solve A z = b exactly; null when A is singular. A is k×k, consumed as a copy. */
export function solveSquare(A: readonly (readonly Fraction[])[], b: readonly Fraction[]): Fraction[] | null {
  const k = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < k; col++) {
    let piv = col;
    while (piv < k && M[piv]![col]!.n === 0n) piv++;
    if (piv === k) return null;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    const pr = M[col]!;
    for (let r = 0; r < k; r++) {
      if (r === col || M[r]![col]!.n === 0n) continue;
      const factor = M[r]![col]!.div(pr[col]!);
      M[r] = M[r]!.map((v, c) => (c < col ? v : v.sub(factor.mul(pr[c]!))));
    }
  }
  return M.map((row, i) => row[k]!.div(row[i]!));
}

/**
 * The affine function g·x + c taking the value v_i at vertex p_i of a d-simplex
 * (d+1 affinely independent points): g solves g·(p_i − p_0) = v_i − v_0.
 */
export function affineThrough(p: readonly (readonly Fraction[])[], v: readonly Fraction[]): Affine {
  const d = p[0]!.length;
  const A = p.slice(1).map((pi) => pi.map((c, k) => c.sub(p[0]![k]!)));
  const rhs = v.slice(1).map((vi) => vi.sub(v[0]!));
  const g = solveSquare(A, rhs);
  if (g === null) throw new RangeError("affineThrough: degenerate simplex");
  let c = v[0]!;
  for (let k = 0; k < d; k++) c = c.sub(g[k]!.mul(p[0]![k]!));
  return { gradient: g, offset: c };
}

export function evalAffine(f: Affine, x: readonly Fraction[]): Fraction {
  let s = f.offset;
  for (let k = 0; k < x.length; k++) s = s.add(f.gradient[k]!.mul(x[k]!));
  return s;
}

/** Barycentric coordinates of x in a simplex (null when degenerate). */
export function barycentric(p: readonly (readonly Fraction[])[], x: readonly Fraction[]): Fraction[] | null {
  const d = x.length;
  const A = Array.from({ length: d }, (_, k) => p.slice(1).map((pi) => pi[k]!.sub(p[0]![k]!)));
  const lam = solveSquare(A, x.map((c, k) => c.sub(p[0]![k]!)));
  if (lam === null) return null;
  let first = new Fraction(1);
  for (const l of lam) first = first.sub(l);
  return [first, ...lam];
}
