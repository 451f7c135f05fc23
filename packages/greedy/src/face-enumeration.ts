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
import { absB, binomial, bitLength, detB, dotB, eliminate, independentRows, nullVector, primitiveB, SignOracle, solveCramer } from "@qrelu/core";
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
  /** N, adj and det as floats, for the certified float rejection in `visit`. */
  Nf: Float64Array;
  adjf: Float64Array;
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
  return { B, adj, det, rank: k, independent: k === rows.length, N, Nf: Float64Array.from(N.flat(), Number), adjf: Float64Array.from(adj.flat(), Number), detf: Number(det) };
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

/**
 * A line ±t of the arrangement with what the enumeration needs there, all of it data only (no
 * residual): the signs at t, the hyperplanes through t (Z), the local faces' sign patterns over Z,
 * and the projectors of the zero sets met there (filled as the faces are visited, by bit mask over Z).
 */
interface LineInfo {
  sigma: Int8Array;
  Z: number[];
  patterns: Int8Array[];
  proj: Map<number, Projector>;
}

/** Every line, once, in the order of the subsets of rank − 1 hyperplanes that cut it out. */
function* computeLines(w: Weighted, oracle: SignOracle, basisIdx: readonly number[]): Generator<LineInfo> {
  const m = w.d + 1;
  const n = w.n;
  const rank = basisIdx.length;
  const B = basisIdx.map((j) => w.X[j]!);
  const full = rank === m;
  const seenLines = new Set<string>();
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
    oracle.prepare(t);
    const sigma = new Int8Array(n);
    const Z: number[] = [];
    for (let j = 0; j < n; j++) {
      sigma[j] = oracle.sign(j);
      if (sigma[j] === 0) Z.push(j);
    }
    yield { sigma, Z, patterns: localFaces(w.X, Z, rank - 1), proj: new Map() };
  }
}

/**
 * The lines and one-hyperplane projectors of the last data set enumerated, kept for the next call
 * on the same inputs: the greedy enumerates the same arrangement at every step with a new residual.
 * Only the inputs decide them (key: the lifted normals). Kept when C(n, rank − 1)·2^(rank − 1)·m²/9
 * (lines × zero sets per line × projector size, ~0.5 kB per unit measured) is at most `CACHE_MAX`:
 * d = 2 up to n = 158, d = 3 up to n = 28, about 25 MB at most; larger arrangements are walked on
 * the fly at every call, as before.
 */
const CACHE_MAX = 50_000;
let cached: { key: string; lines?: LineInfo[]; singles: (Projector | undefined)[] } | undefined;

function arrangementKey(w: Weighted): string {
  return `${w.d}|${w.X.map((r) => r.join(",")).join(";")}`;
}

function linesOf(
  w: Weighted,
  oracle: SignOracle,
  basisIdx: readonly number[],
): { lines: Iterable<LineInfo>; singles: (Projector | undefined)[] } {
  const key = arrangementKey(w);
  if (cached?.key !== key) cached = { key, singles: new Array(w.n) };
  const c = cached;
  const k = basisIdx.length - 1;
  if (!c.lines && (binom(w.n, k) * 2 ** k * (k + 1) ** 2) / 9 <= CACHE_MAX) c.lines = [...computeLines(w, oracle, basisIdx)];
  return { lines: c.lines ?? computeLines(w, oracle, basisIdx), singles: c.singles };
}

export interface FaceEnumerationOptions {
  /**
   * The certified float test that rejects most faces before any bigint work: `on` (default);
   * `off` decides every face in bigint only (the reference the tests compare with); `audit` runs
   * both on every face and throws if the float test ruled out a sign the exact test accepts.
   * The result is the same in every mode.
   */
  certify?: "on" | "off" | "audit";
  /** Called once at the end with the number of face visits and of float rejections. */
  stats?: (s: { visits: number; floatRejected: number }) => void;
}

export function extremalByFaces(w: Weighted, opts: FaceEnumerationOptions = {}): ExtremalVector[] {
  const certify = opts.certify ?? "on";
  let visits = 0;
  let floatRejected = 0;
  const m = w.d + 1;
  const n = w.n;
  const basisIdx = independentRows(w.X, m);
  const oracle = new SignOracle(w.X);
  const { lines, singles: single } = linesOf(w, oracle, basisIdx);
  // stamp[j] === visitNo marks j ∈ Z of the current line (no Set per visit).
  const stamp = new Int32Array(n).fill(-1);
  let lineNo = 0;
  // Projectors of the current line, by the bit mask (over Z) of the face's zero set.
  let projCache = new Map<number, Projector>();
  const total = dHat(w, Array.from({ length: n }, (_, j) => j));
  const out = new Map<string, ExtremalVector>();

  // Float copies of the normals and of the scaled weights for the certified rejection below.
  const Xf = new Float64Array(n * m);
  const AXf = new Float64Array(n * m);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < m; k++) {
      Xf[j * m + k] = Number(w.X[j]![k]!);
      AXf[j * m + k] = Math.abs(Xf[j * m + k]!);
    }
  }
  // ρ̃_j = fl(⌊ρ̂_j / 2^E⌋) with E chosen so that max |ρ̃| ≈ 2^62: the residual's exact weights may
  // have thousands of bits (sector directions of earlier neurons in their denominators), far beyond
  // float range. Only signs are decided, and they do not depend on the common scale 2^E.
  let maxBits = 0;
  let sumRX = 0n; // Σ_j |ρ̂_j|·max_k |X_jk|: below 2^53, every float sum below is exact.
  for (let j = 0; j < n; j++) {
    const r = absB(w.rho[j]!);
    maxBits = Math.max(maxBits, bitLength(r));
    let mx = 0n;
    for (const v of w.X[j]!) if (absB(v) > mx) mx = absB(v);
    sumRX += r * mx;
  }
  const E = Math.max(0, maxBits - 62);
  const EB = BigInt(E);
  const RX = new Float64Array(n * m);
  const ARX = new Float64Array(n * m);
  const rhoF = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const rf = Number(E > 0 ? w.rho[j]! >> EB : w.rho[j]!);
    rhoF[j] = rf;
    for (let k = 0; k < m; k++) {
      RX[j * m + k] = rf * Xf[j * m + k]!;
      ARX[j * m + k] = Math.abs(RX[j * m + k]!);
    }
  }
  /*
   * Error bound of a float D̃ = fl(Σ_{j∈S} ρ̃_j X̃_j) (S = the face's positive set, |S| ≤ n, summed
   * term by term: the line's part, then the face's own τ = + points) against the exact scaled
   * D' = Σ_{j∈S} (ρ̂_j / 2^E) X_j = D̂_S / 2^E. With U = 2^-53 (round to nearest):
   *  - X̃ = fl(X): |X̃ − X| ≤ U|X̃|, and |X| ≤ (1 + U)|X̃|;
   *  - ρ̃ = fl(q), q = ⌊ρ̂/2^E⌋ (exact when E = 0): |ρ̃ − ρ̂/2^E| ≤ U|ρ̃| + f, f = [E > 0];
   *  - so each term |ρ̃X̃ − (ρ̂/2^E)X| ≤ U|ρ̃X̃| + (1 + U)|X̃|(U|ρ̃| + f) ≤ (2U + U²)|ρ̃X̃| + (1 + U) f |X̃|;
   *  - the float dot product of those floats adds at most γ_n Σ|ρ̃X̃| (Higham, Thm 3.5: it covers
   *    the rounding of the products RX and of every addition), γ_n = nU/(1 − nU).
   * Hence |D̃_k − D'_k| ≤ (γ_n + 2U + U²)·A_k + (1 + U)·f·B_k with A_k = Σ_S |ρ̃_j X̃_jk| and
   * B_k = Σ_S |X̃_jk|, both accumulated alongside D̃ (their own float rounding, a relative
   * γ_n ≪ 10⁻⁹, is covered by the (1 + 1e-9) factor of the final bound, as are the (1 + U) factors).
   * cD = (n + 3)·U·(1 + 1e-6) ≥ γ_n + 2U + U² for n < 2^40. Every float here is an integer or a
   * sum/product of integer-valued floats (|x| ≥ 1 or 0): nothing underflows. When every term and
   * partial sum is an integer below 2^53 (Σ_j |ρ̂_j| max|X_j| < 2^53, no shift), all of it is exact
   * and the bound is 0. Overflow gives ±∞/NaN, which never certifies anything (see `floatVerdict`).
   */
  const exactSums = E === 0 && sumRX < 2n ** 53n;
  const cD = exactSums ? 0 : (n + 3) * 2 ** -53 * (1 + 1e-6);
  const cB = E > 0 ? 1 + 1e-6 : 0;
  // The current line's float sums over P (σ = +) and N (σ = −): value, Σ|ρ̃X̃|, Σ|X̃|.
  const lineP = { D: new Float64Array(m), A: new Float64Array(m), B: new Float64Array(m) };
  const lineN = { D: new Float64Array(m), A: new Float64Array(m), B: new Float64Array(m) };
  const df = new Float64Array(m);
  const eD = new Float64Array(m);
  const Aacc = new Float64Array(m);
  const Bacc = new Float64Array(m);
  const uf = new Float64Array(m);
  const uerr = new Float64Array(m);
  const bd = new Float64Array(m);
  const ebd = new Float64Array(m);
  const EPS = (m + 4) * 2 ** -52;
  const U = 2 ** -53;

  /**
   * Conditions 1 and 2 in float64 with rigorous error bounds: the signs s the face is certainly not
   * extremal for (bit 1: s = +1, bit 2: s = −1; 3 rejects the face). Condition 1 rules a sign out
   * when some ⟨X_j, ±u⟩ certainly has the wrong sign. Uncertain signs never rule out anything, so
   * exactness is kept; the exact test runs on the few faces that survive. Overflow gives NaN:
   * never rules out anything.
   *
   * D is the float D̃ above (scaled by 2^-E, bound eD). For u (s = +1) = −(det·D − N·D):
   * |fl(det·D̃_r − Σ_c N_rc D̃_c) − (det·D'_r − Σ N_rc D'_c)| ≤ (γ_{m+1} + U)·a_r
   * + (1 + U)(det·eD_r + Σ_c |N_rc| eD_c), with a_r = |det D̃_r| + Σ_c |N_rc D̃_c| (det and N converted
   * with relative error ≤ U; each product |x̃ỹ − xy| ≤ |x̃||ỹ − y| + |y||x̃ − x|). EPS = 2(m + 4)U ≥
   * γ_{m+1} + U. Then each sign: |fl⟨X̃_j, ũ⟩ − ⟨X_j, u⟩| ≤ (γ_m + U)·Σ|X̃_jk ũ_k| + (1 + U)Σ|X̃_jk|·uerr_k,
   * the `bound` below (with the 1e-9 margin for the rounding of the bounds themselves).
   */
  const floatVerdict = (
    pr: Projector | undefined,
    Z: readonly number[],
    Zf: readonly number[],
    tau: Int8Array,
    orient: number,
    base: Int8Array,
  ): number => {
    const line = orient === 1 ? lineP : lineN;
    for (let k = 0; k < m; k++) df[k] = line.D[k]!;
    for (let k = 0; k < m; k++) {
      Aacc[k] = line.A[k]!;
      Bacc[k] = line.B[k]!;
    }
    for (let i = 0; i < Z.length; i++) {
      if (tau[i] !== 1) continue;
      const o = Z[i]! * m;
      for (let k = 0; k < m; k++) {
        df[k]! += RX[o + k]!;
        Aacc[k]! += ARX[o + k]!;
        Bacc[k]! += AXf[o + k]!;
      }
    }
    for (let k = 0; k < m; k++) eD[k] = cD * Aacc[k]! + cB * Bacc[k]!;
    // uf = −(det·D − N·D) (s = +1), with per-entry error bound uerr.
    for (let r = 0; r < m; r++) {
      if (!pr) {
        uf[r] = -df[r]!;
        uerr[r] = eD[r]!;
      } else {
        let acc = pr.detf * df[r]!;
        let a = Math.abs(acc);
        let e = pr.detf * eD[r]!;
        for (let c = 0; c < m; c++) {
          const N = pr.Nf[r * m + c]!;
          const t = N * df[c]!;
          acc -= t;
          a += Math.abs(t);
          e += Math.abs(N) * eD[c]!;
        }
        uf[r] = -acc;
        uerr[r] = EPS * a + e;
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
    if (dead === 3 || !pr || !pr.independent) return dead;
    /*
     * Condition 2 (`conditionTwo`) for the signs still possible: a_i = −s·num_i with
     * num_i = Σ_c adj_ic ⟨X_{Zf_c}, D⟩ must satisfy 0 ≤ a_i ≤ s·ρ̂_{Zf_i}·det (all scaled by 2^-E).
     * Bounds as above: |fl⟨X̃, D̃⟩ − ⟨X, D'⟩| ≤ (γ_m + U)Σ|X̃_q D̃_q| + (1 + U)Σ|X̃_q| eD_q (ebd); the
     * same step again through adj (k ≤ m terms, adj converted with relative error ≤ U) gives enum;
     * rd = fl(ρ̃·det): |rd − (ρ̂/2^E)·det| ≤ U|ρ̃ det| + (1 + U)|det|(U|ρ̃| + f) + U|rd| ≤ 4U|rd| + (1 + U)·f·det.
     * The difference v = −s·num − s·rd adds one rounding, ≤ U(|num| + |rd|). A sign is ruled out
     * only when an inequality certainly fails. Each comparison is false for ±∞/NaN (their bounds
     * are then infinite or NaN): nothing is certified on overflow.
     */
    const k = pr.rank;
    for (let c = 0; c < k; c++) {
      const o = Zf[c]! * m;
      let sum = 0;
      let a = 0;
      let e = 0;
      for (let q = 0; q < m; q++) {
        const t = Xf[o + q]! * df[q]!;
        sum += t;
        a += Math.abs(t);
        e += AXf[o + q]! * eD[q]!;
      }
      bd[c] = sum;
      ebd[c] = EPS * a + e;
    }
    for (let i = 0; i < k && dead !== 3; i++) {
      let num = 0;
      let a = 0;
      let e = 0;
      for (let c = 0; c < k; c++) {
        const ad = pr.adjf[i * k + c]!;
        const t = ad * bd[c]!;
        num += t;
        a += Math.abs(t);
        e += Math.abs(ad) * ebd[c]!;
      }
      const enm = (EPS * a + e) * (1 + 1e-9);
      const rd = rhoF[Zf[i]!]! * pr.detf;
      const erd = 4 * U * Math.abs(rd) + cB * pr.detf;
      for (const s of [1, -1] as const) {
        const bit = s === 1 ? 1 : 2;
        if (dead & bit) continue;
        if (-s * num < -enm) dead |= bit; // a_i < 0 for sure
        else {
          const v = -s * num - s * rd; // a_i − s·ρ̂·det
          if (v > (enm + erd + 2 * U * (Math.abs(num) + Math.abs(rd))) * (1 + 1e-9)) dead |= bit;
        }
      }
    }
    return dead;
  };

  // The current line's exact D̂_P and D̂_N, computed only when one of its faces survives the float test.
  let exactP: bigint[] | undefined;
  let exactN: bigint[] | undefined;

  const visit = (base: Int8Array, orient: 1 | -1, Z: readonly number[], tau: Int8Array) => {
    // The face: signs σ = orient·base off Z, τ on Z; Zf its zero set.
    const Zf: number[] = [];
    let mask = 0;
    for (let i = 0; i < Z.length; i++) {
      if (tau[i] === 0) {
        Zf.push(Z[i]!);
        mask |= 1 << i;
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
    visits++;
    const dead = certify === "off" ? 0 : floatVerdict(pr, Z, Zf, tau, orient, base);
    if (dead === 3) floatRejected++;
    if (dead === 3 && certify === "on") return;
    // Exact D̂ of the face: the line's part plus the τ = + points.
    if (!exactP) {
      const P: number[] = [];
      for (let j = 0; j < n; j++) if (base[j] === 1) P.push(j);
      exactP = dHat(w, P);
      const DZ = dHat(w, Z);
      exactN = total.map((v, k) => v - exactP![k]! - DZ[k]!);
    }
    let D = (orient === 1 ? exactP : exactN!) as bigint[];
    let copied = false;
    for (let i = 0; i < Z.length; i++) {
      if (tau[i] !== 1) continue;
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
    if (dead & (s === 1 ? 1 : 2)) {
      throw new Error(`extremalByFaces: the float test ruled out sign ${s} of an extremal face (zero set ${Zf}); its bound is wrong`);
    }
    // Deduplicate by sign and face (u_F ∈ F: the face determines the ray and the ray the face), which
    // needs no gcd of u's (possibly huge) entries.
    const sv = new Array<number>(n);
    for (let j = 0; j < n; j++) sv[j] = stamp[j] === lineNo ? 0 : orient * base[j]!;
    for (let i = 0; i < Z.length; i++) sv[Z[i]!] = tau[i]!;
    const key = `${s}:${sv.join("")}`;
    if (out.has(key)) return;
    const u = s === 1 ? uHat : uHat.map((v) => -v);
    out.set(key, makeExtremal(u, den, s, Zf.slice().sort((a, b) => a - b), m - zr));
  };

  for (const line of lines) {
    const { sigma, Z, patterns } = line;
    lineNo++;
    projCache = line.proj;
    for (const acc of [lineP, lineN]) {
      acc.D.fill(0);
      acc.A.fill(0);
      acc.B.fill(0);
    }
    for (const j of Z) stamp[j] = lineNo;
    for (let j = 0; j < n; j++) {
      const sg = sigma[j]!;
      if (sg === 0) continue;
      const acc = sg === 1 ? lineP : lineN;
      const o = j * m;
      for (let k = 0; k < m; k++) {
        acc.D[k]! += RX[o + k]!;
        acc.A[k]! += ARX[o + k]!;
        acc.B[k]! += AXf[o + k]!;
      }
    }
    exactP = exactN = undefined;
    for (const tau of patterns) {
      visit(sigma, 1, Z, tau);
      visit(sigma, -1, Z, tau);
    }
  }
  opts.stats?.({ visits, floatRejected });
  return [...out.values()];
}
