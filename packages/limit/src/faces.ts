/**
 * Faces of the hyperplane arrangement (MODEL.md §3) as the limit predictor needs them:
 * the exact sign vector σ(F) of a direction, its active set P(F), zero set Z(F) and a basis
 * of the span L_F. Works in any dimension; the 1-D circle walk lives in circle.ts.
 */
import { Fraction, nullspace, type DataSet, augmented } from "@qrelu/core";

export type Sign = 1 | -1;
export type SignVector = readonly (-1 | 0 | 1)[];

/** The data as the predictor uses it: exact augmented inputs and positive integer multiples of them. */
export interface Geometry {
  n: number;
  /** d + 1. */
  d1: number;
  /** x̃_j = (x_j, 1), exact. */
  xt: Fraction[][];
  /** x̃_j times the lcm of its denominators: same signs of ⟨w, x̃_j⟩, bigint only. */
  xi: bigint[][];
  y: Fraction[];
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a, z = b;
  while (z !== 0n) [x, z] = [z, x % z];
  return (a / x) * b;
}

export function geometry(ds: DataSet): Geometry {
  const xt = augmented(ds);
  const xi = xt.map((row) => {
    let den = 1n;
    for (const v of row) den = lcm(den, v.d);
    return row.map((v) => v.s * v.n * (den / v.d));
  });
  return { n: ds.n, d1: ds.d + 1, xt, xi, y: ds.y.slice() };
}

/** Exact sign vector of a direction given as an integer vector. */
export function signVectorOf(g: Geometry, dir: readonly bigint[]): (-1 | 0 | 1)[] {
  return g.xi.map((row) => {
    let s = 0n;
    for (let k = 0; k < row.length; k++) s += row[k]! * dir[k]!;
    return s > 0n ? 1 : s < 0n ? -1 : 0;
  });
}

/** Exact sign vector of a rational vector. */
export function signVectorOfQ(g: Geometry, a: readonly Fraction[]): (-1 | 0 | 1)[] {
  return g.xt.map((row) => {
    let s = new Fraction(0);
    for (let k = 0; k < row.length; k++) s = s.add(row[k]!.mul(a[k]!));
    return s.s === 0n || s.n === 0n ? 0 : s.s < 0n ? -1 : 1;
  });
}

export function faceKey(sv: SignVector): string {
  let s = "";
  for (const v of sv) s += v > 0 ? "+" : v < 0 ? "-" : "0";
  return s;
}

export function activeSet(sv: SignVector): number[] {
  const out: number[] = [];
  sv.forEach((v, j) => v > 0 && out.push(j));
  return out;
}

export function zeroSet(sv: SignVector): number[] {
  const out: number[] = [];
  sv.forEach((v, j) => v === 0 && out.push(j));
  return out;
}

/** A basis of L_F = ∩_{j∈Z(F)} h_j as primitive integer vectors (the identity for a sector). */
export function faceBasis(g: Geometry, sv: SignVector): bigint[][] {
  const Z = zeroSet(sv);
  if (Z.length === 0) return Array.from({ length: g.d1 }, (_, k) => Array.from({ length: g.d1 }, (_, t) => (t === k ? 1n : 0n)));
  return nullspace(
    Z.map((j) => g.xt[j]!),
    g.d1,
  );
}

/** D_P(r) = Σ_{j∈P} r_j x̃_j, exact. */
export function fieldVector(g: Geometry, r: readonly Fraction[], P: Iterable<number>): Fraction[] {
  const D = Array.from({ length: g.d1 }, () => new Fraction(0));
  for (const j of P) {
    const rj = r[j]!;
    if (rj.n === 0n) continue;
    const row = g.xt[j]!;
    for (let k = 0; k < g.d1; k++) D[k] = D[k]!.add(rj.mul(row[k]!));
  }
  return D;
}

/** live: an active point with r_j ≠ 0; idle: active points, all r_j = 0; dead: no active point (§10). */
export type Liveness = "live" | "idle" | "dead";

export function livenessOf(sv: SignVector, r: readonly Fraction[]): Liveness {
  let any = false;
  for (let j = 0; j < sv.length; j++) {
    if (sv[j]! <= 0) continue;
    any = true;
    if (r[j]!.n !== 0n) return "live";
  }
  return any ? "idle" : "dead";
}
