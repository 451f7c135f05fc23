/**
 * Fraction-free helpers on bigint: the representation hot loops use.
 * A rational vector is `{ num, den }` with a shared positive denominator.
 */
import Fraction from "fraction.js";

export function absB(a: bigint): bigint {
  return a < 0n ? -a : a;
}

export function signB(a: bigint): -1 | 0 | 1 {
  return a > 0n ? 1 : a < 0n ? -1 : 0;
}

export function gcdB(a: bigint, b: bigint): bigint {
  a = absB(a);
  b = absB(b);
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function lcmB(a: bigint, b: bigint): bigint {
  if (a === 0n || b === 0n) return 0n;
  return absB((a / gcdB(a, b)) * b);
}

/** gcd of all entries (0 for the zero vector). */
export function contentB(v: readonly bigint[]): bigint {
  let g = 0n;
  for (const x of v) {
    g = gcdB(g, x);
    if (g === 1n) return 1n;
  }
  return g;
}

/** The primitive integer vector on the same ray (positive scaling only). */
export function primitiveB(v: readonly bigint[]): bigint[] {
  const g = contentB(v);
  return g <= 1n ? v.slice() : v.map((x) => x / g);
}

export interface QVec {
  /** Numerators over the shared denominator `den > 0`. */
  num: bigint[];
  den: bigint;
}

/** Put rationals over their least common denominator. */
export function toQVec(xs: readonly Fraction[]): QVec {
  let den = 1n;
  for (const x of xs) if (x.d !== 1n) den = lcmB(den, x.d);
  return { num: xs.map((x) => x.s * x.n * (den / x.d)), den };
}

export function fromQVec(v: QVec): Fraction[] {
  return v.num.map((n) => new Fraction(n, v.den));
}

/** A primitive integer vector pointing the same way as the rational vector (directions are rays). */
export function directionOf(xs: readonly Fraction[]): bigint[] {
  return primitiveB(toQVec(xs).num);
}

export function dotB(a: readonly bigint[], b: readonly bigint[]): bigint {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
