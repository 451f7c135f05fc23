/**
 * The exact test of MODEL.md §4 for one face, and `isExtremal` for a given direction.
 *
 * Condition 2 is checked in its local form: for t in L_F^⊥ = span{x̃_j : j ∈ Z(F)},
 *   φ(t) = ⟨−s D_{P(F)}, t⟩ − s Σ_{j∈Z} r_j relu(⟨x̃_j, t⟩)
 * is the derivative of g_s at u_F in the direction t (for t ⊥ L_F, ⟨u_F, t⟩ = 0). §4's cone condition
 * for every sector S at F says exactly φ ≤ 0 on that sector's cone in L_F^⊥ (Farkas), and φ is linear on
 * each cell of the local arrangement {t : ⟨x̃_j, t⟩ = 0}, j ∈ Z, which is essential in L_F^⊥: so φ ≤ 0
 * everywhere iff φ ≤ 0 on the extreme rays of its cells. Those rays are cut out by rank−1 of the
 * local hyperplanes. For |Z| = 1 this is §4's 1-D pair of inequalities.
 */
import {
  dotB,
  faceSigns,
  independentRows,
  integerDirection,
  nullVector,
  solveIntSystem,
  type DataSet,
  type Fraction,
} from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { dHat, makeExtremal, weigh, type Weighted } from "./extremal-weights";

/** Proj onto (span normals)^⊥ of D, as num/den with den > 0. `basis` must be independent. */
export function projectOut(D: readonly bigint[], basis: readonly (readonly bigint[])[]): { num: bigint[]; den: bigint } {
  const k = basis.length;
  if (k === 0) return { num: D.slice(), den: 1n };
  if (k === 1) {
    const b = basis[0]!;
    const bb = dotB(b, b);
    const bd = dotB(b, D);
    return { num: D.map((v, i) => bb * v - bd * b[i]!), den: bb };
  }
  // Gram system G α = B D (fraction-free elimination); Proj = D − Bᵀα = (det·D − Bᵀ·num) / det.
  const G = basis.map((a) => basis.map((b) => dotB(a, b)));
  const rhs = basis.map((a) => dotB(a, D));
  const { num, den: det } = solveIntSystem(G, rhs);
  const out = D.map((v) => det * v);
  for (let i = 0; i < k; i++) {
    const a = num[i]!;
    if (a === 0n) continue;
    const b = basis[i]!;
    for (let c = 0; c < out.length; c++) out[c]! -= a * b[c]!;
  }
  return { num: out, den: det };
}

const basisCache = new WeakMap<Weighted, Map<string, number[]>>();
/**
 * Positions (into Z) of an independent subset spanning {X_j : j ∈ Z}. Cached per data set: the
 * search asks for the same zero set several times per step (snap, condition 2, projection).
 */
export function zeroSetBasis(w: Weighted, Z: readonly number[]): number[] {
  if (Z.length <= 1) return Z.map((_, i) => i);
  let cache = basisCache.get(w);
  if (!cache) basisCache.set(w, (cache = new Map()));
  const key = Z.join(",");
  let b = cache.get(key);
  if (!b) {
    if (cache.size > 4096) cache.clear();
    b = independentRows(Z.map((j) => w.X[j]!));
    cache.set(key, b);
  }
  return b;
}

/** All (size)-subsets of [0, m), lexicographic. */
export function* subsets(m: number, size: number): Generator<number[]> {
  const idx = Array.from({ length: size }, (_, i) => i);
  if (size > m) return;
  for (;;) {
    yield idx.slice();
    let i = size - 1;
    while (i >= 0 && idx[i] === m - size + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let k = i + 1; k < size; k++) idx[k] = idx[k - 1]! + 1;
  }
}

/**
 * Extreme rays of the arrangement of the normals `rows` inside their own span (an essential central
 * arrangement of rank = basis.length). Each line is returned once; its two rays are ±t.
 */
export function localLines(rows: readonly (readonly bigint[])[], basisIdx: readonly number[]): bigint[][] {
  const k = basisIdx.length;
  const B = basisIdx.map((i) => rows[i]!);
  if (k === 1) return [B[0]!.slice()];
  const seen = new Set<string>();
  const lines: bigint[][] = [];
  for (const J of subsets(rows.length, k - 1)) {
    const M = J.map((j) => B.map((b) => dotB(rows[j]!, b)));
    const beta = nullVector(M, k);
    if (beta.every((v) => v === 0n)) continue;
    const t = new Array<bigint>(rows[0]!.length).fill(0n);
    for (let i = 0; i < k; i++) for (let c = 0; c < t.length; c++) t[c]! += beta[i]! * B[i]![c]!;
    const first = t.find((v) => v !== 0n)!;
    const key = (first < 0n ? t.map((v) => -v) : t).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(t);
  }
  return lines;
}

/**
 * A direction t ∈ L_F^⊥ into which g_s increases at u_F (φ(t) > 0), or undefined when there is none:
 * then §4 condition 2 holds. Checked on the extreme rays of the local arrangement.
 */
export function ascentDirection(w: Weighted, D: readonly bigint[], Z: readonly number[], s: 1 | -1): bigint[] | undefined {
  if (Z.length === 0) return undefined;
  const S = BigInt(s);
  if (Z.length === 1) {
    // 0 ≤ ⟨−s D̂, X_j⟩ ≤ s ρ̂_j |X_j|²  (the two sides t = ±X_j).
    const X = w.X[Z[0]!]!;
    const A = -S * dotB(D, X);
    if (A < 0n) return X.map((v) => -v);
    if (A > S * w.rho[Z[0]!]! * dotB(X, X)) return X.slice();
    return undefined;
  }
  const rows = Z.map((j) => w.X[j]!);
  const basis = zeroSetBasis(w, Z);
  if (basis.length === rows.length) {
    // Independent normals: the local rays are ±t_i, the dual basis (⟨X_j, t_i⟩ = δ_ij), and with
    // Proj_{L⊥} D̂ = Σ α_j X_j: φ(t_i) = −s(α_i + ρ̂_i), φ(−t_i) = s·α_i (over R). One solve decides.
    const G = rows.map((a) => rows.map((b) => dotB(a, b)));
    const alpha = solveIntSystem(G, rows.map((a) => dotB(a, D)));
    for (let i = 0; i < rows.length; i++) {
      const a = -S * alpha.num[i]!; // −s·α_i·den, den > 0
      const up = a > S * w.rho[Z[i]!]! * alpha.den; // φ(t_i) > 0
      if (a >= 0n && !up) continue;
      const y = solveIntSystem(G, rows.map((_, r) => (r === i ? 1n : 0n))).num;
      const t = new Array<bigint>(D.length).fill(0n);
      for (let k = 0; k < rows.length; k++) for (let c = 0; c < t.length; c++) t[c]! += y[k]! * rows[k]![c]!;
      return up ? t : t.map((v) => -v);
    }
    return undefined;
  }
  for (const t of localLines(rows, basis)) {
    for (const sgn of [1n, -1n]) {
      let phi = -S * sgn * dotB(D, t);
      for (const j of Z) {
        const xt = sgn * dotB(w.X[j]!, t);
        if (xt > 0n) phi -= S * w.rho[j]! * xt;
      }
      if (phi > 0n) return sgn === 1n ? t.slice() : t.map((v) => -v);
    }
  }
  return undefined;
}

/** §4 condition 2 for the face with zero set Z and D̂ = D̂_{P(F)}, sign s. */
export function localMaxCondition(w: Weighted, D: readonly bigint[], Z: readonly number[], s: 1 | -1): boolean {
  return ascentDirection(w, D, Z, s) === undefined;
}

/** u_F as uHat/den with u_F = −s·Proj_{L_F}(D̂/R); den = R·(projection denominator) > 0. */
export function faceVector(w: Weighted, D: readonly bigint[], Z: readonly number[], s: 1 | -1): { uHat: bigint[]; den: bigint; rank: number } {
  const rows = Z.map((j) => w.X[j]!);
  const basisIdx = zeroSetBasis(w, Z);
  const { num, den } = projectOut(D, basisIdx.map((i) => rows[i]!));
  return { uHat: s === 1 ? num.map((v) => -v) : num, den: den * w.R, rank: basisIdx.length };
}

/** The §4 test of a direction on weighted data: the extremal vector when it is one. */
export function testDirection(w: Weighted, dir: readonly bigint[], s: 1 | -1): ExtremalVector | undefined {
  const { zero, positive } = faceSigns(w, dir);
  const D = dHat(w, positive);
  const { uHat, den, rank } = faceVector(w, D, zero, s);
  // Condition 1: u_F ≠ 0 and u_F ∈ F, i.e. u_F is a positive multiple of the given direction
  // (the direction is in F by construction, and u_F ∈ L_F, so u_F ∈ F iff it is on the same ray).
  if (uHat.every((v) => v === 0n)) return undefined;
  if (dotB(uHat, dir) <= 0n) return undefined;
  for (let a = 0; a < dir.length; a++) {
    for (let b = a + 1; b < dir.length; b++) if (uHat[a]! * dir[b]! !== uHat[b]! * dir[a]!) return undefined;
  }
  if (!localMaxCondition(w, D, zero, s)) return undefined;
  return makeExtremal(uHat, den, s, zero, w.d + 1 - rank);
}

/**
 * The exact §4 test: is `direction` (any positive multiple) an extremal vector of sign `sign`
 * for this residual? Decided exactly; the residual has one entry per merged data point.
 */
export function isExtremal(
  ds: DataSet,
  residual: readonly Fraction[],
  direction: readonly Fraction[] | readonly bigint[],
  sign: 1 | -1,
): boolean {
  const dir = integerDirection(direction);
  if (dir.length !== ds.d + 1) throw new RangeError(`direction must have ${ds.d + 1} entries (bias last)`);
  return testDirection(weigh(ds, residual), dir, sign) !== undefined;
}
