/**
 * Exact extremal vectors for small d by enumerating every face of the arrangement (MODEL.md §3–§4).
 *
 * Why through the lines (1-dimensional faces): restricted to W = span{x̃_j} the arrangement is
 * essential, so every non-zero face is a pointed cone and has an extreme ray in its closure. The
 * faces having the ray t in their closure are exactly the faces of the local arrangement at t
 * (the hyperplanes through t), with every other sign fixed to its sign at t. So walking all lines
 * ±t and all local faces visits every face (several times: once per ray of its closure), and
 * each visit costs O(|Z|) to set up plus the §4 test, which usually fails within a few signs.
 * In general position the local arrangement at a line is d independent hyperplanes, whose faces
 * are all 3^d sign patterns; degenerate lines (more hyperplanes through them) recurse.
 *
 * Sizes: lines come from the C(n, rank−1) subsets of hyperplanes; FACE_LIMITS bounds that.
 */
import { dotB, independentRows, nullVector, primitiveB, SignOracle } from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { dHat, makeExtremal, type Weighted } from "./extremal-weights";
import { faceVector, localLines, localMaxCondition, subsets } from "./extremal-test";

export const FACE_LIMITS = {
  /** Subsets of rank−1 hyperplanes tried for lines: C(n, d) in general position. */
  maxSubsets: 100_000,
  /** Face visits (lines × local faces, 3^d per line in general position). */
  maxVisits: 4_000_000,
} as const;

function binom(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** The estimated work of the enumeration: subsets tried and face visits. */
export function faceEnumerationSize(w: Weighted): { rank: number; subsets: number; visits: number } {
  const rank = independentRows(w.X, w.d + 1).length;
  const subsetsCount = binom(w.n, rank - 1);
  return { rank, subsets: subsetsCount, visits: 2 * subsetsCount * 3 ** (rank - 1) };
}

export function faceEnumerationFits(w: Weighted): boolean {
  const s = faceEnumerationSize(w);
  return s.subsets <= FACE_LIMITS.maxSubsets && s.visits <= FACE_LIMITS.maxVisits;
}

const patternCache = new Map<number, Int8Array[]>();
/** All 3^m sign patterns: the faces of m independent hyperplanes. */
function allPatterns(m: number): Int8Array[] {
  let out = patternCache.get(m);
  if (out) return out;
  out = [];
  const total = 3 ** m;
  for (let code = 0; code < total; code++) {
    const p = new Int8Array(m);
    let c = code;
    for (let i = 0; i < m; i++) {
      p[i] = (c % 3) - 1;
      c = Math.floor(c / 3);
    }
    out.push(p);
  }
  patternCache.set(m, out);
  return out;
}

/**
 * Sign patterns (over the order of `Z`) of every face of the arrangement of the hyperplanes
 * `Z` inside their own span, whose rank is `rank`. Degenerate case of the line walk, recursively.
 */
export function localFaces(X: readonly (readonly bigint[])[], Z: readonly number[], rank: number): Int8Array[] {
  if (Z.length === rank) return allPatterns(rank);
  const rows = Z.map((j) => X[j]!);
  const basis = independentRows(rows);
  const found = new Map<string, Int8Array>();
  found.set(new Int8Array(Z.length).join(","), new Int8Array(Z.length));
  for (const t of localLines(rows, basis)) {
    const dots = rows.map((r) => dotB(r, t));
    const sub: number[] = [];
    dots.forEach((v, i) => v === 0n && sub.push(i));
    const subPatterns = localFaces(rows, sub, rank - 1);
    for (const o of [1, -1]) {
      for (const sp of subPatterns) {
        const p = new Int8Array(Z.length);
        for (let i = 0; i < Z.length; i++) p[i] = o * (dots[i]! > 0n ? 1 : dots[i]! < 0n ? -1 : 0);
        sub.forEach((i, k) => (p[i] = sp[k]!));
        const key = p.join(",");
        if (!found.has(key)) found.set(key, p);
      }
    }
  }
  return [...found.values()];
}

export function extremalByFaces(w: Weighted): ExtremalVector[] {
  const m = w.d + 1;
  const n = w.n;
  const basisIdx = independentRows(w.X, m);
  const rank = basisIdx.length;
  const B = basisIdx.map((j) => w.X[j]!);
  const full = rank === m;
  const oracle = new SignOracle(w.X);
  // stamp[j] === visitNo marks j ∈ Z of the current line (no Set per visit).
  const stamp = new Int32Array(n).fill(-1);
  let lineNo = 0;
  const total = dHat(w, Array.from({ length: n }, (_, j) => j));
  const out = new Map<string, ExtremalVector>();
  const seenLines = new Set<string>();

  const visit = (
    base: Int8Array,
    orient: 1 | -1,
    Z: readonly number[],
    Dbase: readonly bigint[],
    tau: Int8Array,
  ) => {
    // The face: signs σ = orient·base off Z, τ on Z.
    const Zf: number[] = [];
    let D = Dbase as bigint[];
    let copied = false;
    for (let i = 0; i < Z.length; i++) {
      if (tau[i] === 0) Zf.push(Z[i]!);
      else if (tau[i] === 1) {
        const j = Z[i]!;
        const r = w.rho[j]!;
        if (r === 0n) continue;
        if (!copied) {
          D = D.slice();
          copied = true;
        }
        const X = w.X[j]!;
        for (let k = 0; k < m; k++) D[k]! += r * X[k]!;
      }
    }
    // u for s = +1; u for s = −1 is its negative, and at most one of ±u lies in the face.
    const { uHat, den, rank: zr } = faceVector(w, D, Zf, 1);
    if (uHat.every((v) => v === 0n)) return;
    // Condition 1, the local signs first (the likeliest to fail), then the rest: agree = s = +1, oppose = s = −1.
    let agree = true;
    let oppose = true;
    oracle.prepare(uHat);
    for (let i = 0; i < Z.length && (agree || oppose); i++) {
      if (tau[i] === 0) continue;
      const sg = oracle.sign(Z[i]!);
      if (sg !== tau[i]) agree = false;
      if (sg !== -tau[i]!) oppose = false;
    }
    if (!agree && !oppose) return;
    for (let j = 0; j < n && (agree || oppose); j++) {
      if (stamp[j] === lineNo) continue;
      const sg = oracle.sign(j);
      const want = orient * base[j]!;
      if (sg !== want) agree = false;
      if (sg !== -want) oppose = false;
    }
    if (!agree && !oppose) return;
    const s: 1 | -1 = agree ? 1 : -1;
    if (!localMaxCondition(w, D, Zf, s)) return;
    const u = s === 1 ? uHat : uHat.map((v) => -v);
    const key = `${s}:${primitiveB(u).join(",")}`;
    if (!out.has(key)) out.set(key, makeExtremal(u, den, s, Zf.slice().sort((a, b) => a - b), m - zr));
  };

  for (const J of subsets(n, rank - 1)) {
    let t: bigint[];
    if (full) t = nullVector(J.map((j) => w.X[j]!), m);
    else {
      const beta = nullVector(J.map((j) => B.map((b) => dotB(w.X[j]!, b))), rank);
      t = new Array<bigint>(m).fill(0n);
      for (let i = 0; i < rank; i++) for (let k = 0; k < m; k++) t[k]! += beta[i]! * B[i]![k]!;
      t = primitiveB(t);
    }
    const first = t.find((v) => v !== 0n);
    if (first === undefined) continue;
    if (first < 0n) t = t.map((v) => -v);
    const key = t.join(",");
    if (seenLines.has(key)) continue;
    seenLines.add(key);

    lineNo++;
    oracle.prepare(t);
    const sigma = new Int8Array(n);
    const Z: number[] = [];
    const P: number[] = [];
    for (let j = 0; j < n; j++) {
      sigma[j] = oracle.sign(j);
      if (sigma[j] === 0) {
        Z.push(j);
        stamp[j] = lineNo;
      }
      else if (sigma[j] === 1) P.push(j);
    }
    const DP = dHat(w, P);
    const DZ = dHat(w, Z);
    const DN = total.map((v, k) => v - DP[k]! - DZ[k]!);
    const patterns = localFaces(w.X, Z, rank - 1);
    for (const tau of patterns) {
      visit(sigma, 1, Z, DP, tau);
      visit(sigma, -1, Z, DN, tau);
    }
  }
  return [...out.values()];
}
