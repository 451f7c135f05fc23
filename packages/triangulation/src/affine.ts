/** Exact affine functions through simplices (small exact linear systems). */
import { Fraction, SingularMatrixError, solve } from "@qrelu/core";
import type { Affine } from "./types";

/** Solve A z = b exactly (core's Bareiss solve); null when A is singular. */
export function solveSquare(A: readonly (readonly Fraction[])[], b: readonly Fraction[]): Fraction[] | null {
  try {
    return solve(A, b);
  } catch (e) {
    if (e instanceof SingularMatrixError) return null;
    throw e;
  }
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
