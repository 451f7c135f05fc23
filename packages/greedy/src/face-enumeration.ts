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
import { binomial, detB, dotB, eliminate, independentRows, nullVector, primitiveB, SignOracle, solveCramer } from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { dHat, makeExtremal, type Weighted } from "./extremal-weights";
import { localLines, localMaxCondition, subsets } from "./extremal-test";

export const FACE_LIMITS = {
  /** Subsets of rank−1 hyperplanes tried for lines: C(n, d) in general position. */
  maxSubsets: 100_000,
  /** Face visits (lines × local faces, 3^d per line in general position). */
  maxVisits: 4_000_000,
} as const;

/** C(n, k) as a number, for comparing work against the stated limits. */
const binom = (n: number, k: number): number => Number(binomial(n, k));

/** The estimated work of the enumeration: subsets tried and face visits. */
export function faceEnumerationSize(w: Weighted): { rank: number; subsets: number; visits: number } {
  const rank = independentRows(w.X, w.d + 1).length;
  const subsetsCount = binom(w.n, rank - 1);
  return { rank, subsets: subsetsCount, visits: 2 * subsetsCount * 3 ** (rank - 1) };
}

export function faceEnumerationFits(w: Weighted): boolean {
  const fits = (rank: number) => {
    const subsetsCount = binom(w.n, rank - 1);
    return subsetsCount <= FACE_LIMITS.maxSubsets && 2 * subsetsCount * 3 ** (rank - 1) <= FACE_LIMITS.maxVisits;
  };
  // The rank is at most min(n, d + 1): when even that fits, no need to compute it; when the data is
  // large (rank computation alone would be costly) and the bound does not fit, it does not fit.
  if (fits(Math.min(w.n, w.d + 1))) return true;
  if (w.d > 12) return false;
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


/**
 * The projection onto L = (span of `rows`)^⊥ as an integer matrix: Proj_L(D) = (det·D − N·D) / det,
 * N = Bᵀ adj(G) B over an independent subset B of the rows (G = B Bᵀ, det = det G > 0).
 * Built once per (line, zero set) and applied to every face of that zero set around the line.
 */
interface Projector {
  /** The independent rows used (a basis of span), their Gram adjugate and determinant (> 0). */
  B: readonly (readonly bigint[])[];
  adj: bigint[][];
  det: bigint;
  rank: number;
  /** All rows independent: then condition 2 has the closed form of `conditionTwo`. */
  independent: boolean;
  N: bigint[][];
  /** N and det as floats, for the certified float rejection in `visit`. */
  Nf: Float64Array;
  detf: number;
}

/** adj(G) and det(G) for a small symmetric Gram matrix (closed forms up to 3×3). */
function adjugate(G: bigint[][]): { adj: bigint[][]; det: bigint } {
  const k = G.length;
  if (k === 1) return { adj: [[1n]], det: G[0]![0]! };
  if (k === 2) {
    const [a, b, c, d] = [G[0]![0]!, G[0]![1]!, G[1]![0]!, G[1]![1]!];
    return { adj: [[d, -b], [-c, a]], det: a * d - b * c };
  }
  if (k === 3) {
    const g = G;
    const c = (r0: number, r1: number, c0: number, c1: number) => g[r0]![c0]! * g[r1]![c1]! - g[r0]![c1]! * g[r1]![c0]!;
    const adj = [
      [c(1, 2, 1, 2), -c(0, 2, 1, 2), c(0, 1, 1, 2)],
      [-c(1, 2, 0, 2), c(0, 2, 0, 2), -c(0, 1, 0, 2)],
      [c(1, 2, 0, 1), -c(0, 2, 0, 1), c(0, 1, 0, 1)],
    ];
    return { adj, det: g[0]![0]! * adj[0]![0]! + g[0]![1]! * adj[1]![0]! + g[0]![2]! * adj[2]![0]! };
  }
  // Fraction-free Gauss–Jordan on [G | I] (linalg's Bareiss): every pivot ends equal to the last
  // one, last = ±det G, and the right block is last·G⁻¹ = ±adj(G) with the same sign.
  // (G = B Bᵀ with B independent is positive definite: no rows are swapped and last = det G.)
  const E = eliminate(
    G.map((row, i) => [...row, ...G.map((_, j) => (i === j ? 1n : 0n))]),
    { pivotColumns: k, jordan: true },
  );
  if (E.pivots.length === k) return { adj: E.rows.map((r) => r.slice(k)), det: E.last };
  const adj = Array.from({ length: k }, () => new Array<bigint>(k).fill(0n));
  for (let col = 0; col < k; col++) {
    const { num } = solveCramer(G, G.map((_, r) => (r === col ? 1n : 0n)));
    for (let i = 0; i < k; i++) adj[i]![col] = num[i]!;
  }
  return { adj, det: detB(G) };
}

/**
 * The projection onto L = (span of `rows`)^⊥ as an integer matrix: Proj_L(D) = (det·D − N·D) / det,
 * N = Bᵀ adj(G) B over an independent subset B of the rows (G = B Bᵀ, det = det G > 0).
 * Built once per (line, zero set) and applied to every face of that zero set around the line.
 */
function projector(rows: readonly (readonly bigint[])[], m: number): Projector {
  const B = (rows.length <= 1 ? rows.map((_, i) => i) : independentRows(rows)).map((i) => rows[i]!);
  const k = B.length;
  const G = B.map((a) => B.map((b) => dotB(a, b)));
  let { adj, det } = adjugate(G);
  if (det < 0n) {
    det = -det;
    adj = adj.map((r) => r.map((v) => -v));
  }
  // N = Bᵀ (adj B).
  const AB: bigint[][] = adj.map((row) => {
    const out = new Array<bigint>(m).fill(0n);
    for (let i = 0; i < k; i++) for (let c = 0; c < m; c++) out[c]! += row[i]! * B[i]![c]!;
    return out;
  });
  const N: bigint[][] = [];
  for (let r = 0; r < m; r++) {
    const row = new Array<bigint>(m).fill(0n);
    for (let i = 0; i < k; i++) {
      const b = B[i]![r]!;
      if (b === 0n) continue;
      for (let c = 0; c < m; c++) row[c]! += b * AB[i]![c]!;
    }
    N.push(row);
  }
  return { B, adj, det, rank: k, independent: k === rows.length, N, Nf: Float64Array.from(N.flat(), Number), detf: Number(det) };
}

/**
 * §4 condition 2 for independent zero-set normals (|Z| = rank): with Proj_{L⊥}(D̂) = Σ α_j X_j,
 * every adjacent sector's q_S has coefficients −s(α_j + ρ̂_j[σ_j = +]) / R, and the cone condition
 * for all sign choices at once reads 0 ≤ −s·α_j ≤ s·ρ̂_j (α = adj·(B·D̂) / det, det > 0).
 */
function conditionTwo(pr: Projector, Zf: readonly number[], rho: readonly bigint[], D: readonly bigint[], s: 1 | -1): boolean {
  const k = pr.rank;
  const BD = pr.B.map((b) => dotB(b, D));
  const S = BigInt(s);
  for (let i = 0; i < k; i++) {
    let num = 0n;
    for (let c = 0; c < k; c++) num += pr.adj[i]![c]! * BD[c]!;
    const a = -S * num;
    if (a < 0n || a > S * rho[Zf[i]!]! * pr.det) return false;
  }
  return true;
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
  // Projectors of the current line, by the bit mask (over Z) of the face's zero set.
  const projCache = new Map<number, Projector>();
  const single: (Projector | undefined)[] = new Array(n);
  const total = dHat(w, Array.from({ length: n }, (_, j) => j));
  const out = new Map<string, ExtremalVector>();
  const seenLines = new Set<string>();

  // Float copies of the normals for the certified rejection below.
  const Xf = new Float64Array(n * m);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) Xf[j * m + k] = Number(w.X[j]![k]!);
  }
  const uf = new Float64Array(m);
  const uerr = new Float64Array(m);
  const EPS = (m + 4) * 2 ** -52;

  /**
   * Condition 1 in float64 with rigorous error bounds: true only when the face certainly does not
   * contain ±u_F (a sign certainly wrong for both). Uncertain signs never reject, so exactness is
   * kept; the exact test runs on the few faces that survive. Overflow gives NaN: never rejects.
   */
  const floatRejects = (pr: Projector | undefined, D: readonly bigint[], Z: readonly number[], tau: Int8Array, orient: number, base: Int8Array): boolean => {
    // uf = −(det·D − N·D) (s = +1), with per-entry error bound uerr.
    for (let r = 0; r < m; r++) {
      if (!pr) {
        const v = Number(D[r]!);
        uf[r] = -v;
        uerr[r] = EPS * Math.abs(v);
      } else {
        let acc = pr.detf * Number(D[r]!);
        let a = Math.abs(acc);
        for (let c = 0; c < m; c++) {
          const t = pr.Nf[r * m + c]! * Number(D[c]!);
          acc -= t;
          a += Math.abs(t);
        }
        uf[r] = -acc;
        uerr[r] = EPS * a;
      }
    }
    // Verdicts: 0 both still possible, bit 1 = "not s = +1", bit 2 = "not s = −1"; 3 rejects.
    let dead = 0;
    const count = Z.length + n;
    for (let idx = 0; idx < count && dead !== 3; idx++) {
      let j: number;
      let want: number;
      if (idx < Z.length) {
        if (tau[idx] === 0) continue;
        j = Z[idx]!;
        want = tau[idx]!;
      } else {
        j = idx - Z.length;
        if (stamp[j] === lineNo) continue;
        want = orient * base[j]!;
      }
      let sum = 0;
      let a = 0;
      let e = 0;
      for (let k = 0; k < m; k++) {
        const x = Xf[j * m + k]!;
        const t = x * uf[k]!;
        sum += t;
        a += Math.abs(t);
        e += Math.abs(x) * uerr[k]!;
      }
      const bound = (e + EPS * a) * (1 + 1e-9);
      if (!(Math.abs(sum) > bound)) continue; // uncertain (or NaN): no verdict
      const sg = sum > 0 ? 1 : -1;
      if (sg !== want) dead |= 1;
      if (sg !== -want) dead |= 2;
    }
    return dead === 3;
  };

  const visit = (
    base: Int8Array,
    orient: 1 | -1,
    Z: readonly number[],
    Dbase: readonly bigint[],
    tau: Int8Array,
  ) => {
    // The face: signs σ = orient·base off Z, τ on Z.
    const Zf: number[] = [];
    let mask = 0;
    let D = Dbase as bigint[];
    let copied = false;
    for (let i = 0; i < Z.length; i++) {
      if (tau[i] === 0) {
        Zf.push(Z[i]!);
        mask |= 1 << i;
      }
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
    // Zero set projector (cached per line).
    let pr: Projector | undefined;
    if (Zf.length > 0) {
      if (Zf.length === 1) {
        // One hyperplane: the projector only depends on the point, shared by every line.
        pr = single[Zf[0]!] ??= projector([w.X[Zf[0]!]!], m);
      } else {
        pr = Z.length <= 30 ? projCache.get(mask) : undefined;
        if (!pr) {
          pr = projector(Zf.map((j) => w.X[j]!), m);
          if (Z.length <= 30) projCache.set(mask, pr);
        }
      }
    }
    if (floatRejects(pr, D, Z, tau, orient, base)) return;
    // u for s = +1; u for s = −1 is its negative, and at most one of ±u lies in the face.
    let uHat: bigint[];
    let den = w.R;
    let zr = 0;
    if (!pr) uHat = D.map((v) => -v);
    else {
      uHat = new Array<bigint>(m);
      for (let r = 0; r < m; r++) {
        let acc = pr.det * D[r]!;
        const Nr = pr.N[r]!;
        for (let c = 0; c < m; c++) acc -= Nr[c]! * D[c]!;
        uHat[r] = -acc;
      }
      den = pr.det * w.R;
      zr = pr.rank;
    }
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
    const ok = pr && pr.independent ? conditionTwo(pr, Zf, w.rho, D, s) : localMaxCondition(w, D, Zf, s);
    if (!ok) return;
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
    projCache.clear();
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
