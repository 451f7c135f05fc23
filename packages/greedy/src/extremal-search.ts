/**
 * Search mode for any d (MODEL.md §4 without enumeration): from seeded starts, exact fixed-point
 * steps w ← −s·Proj_{L_F}(D_{P(w)}) (the maximizer on the sphere of the linear piece g_s has at w,
 * restricted to the span of w's face), then the exact §4 test. What it reports is proved extremal;
 * that nothing is missing is not proved ("method": "search").
 *
 * A start inside a sector converges to that sector's u_S when u_S is in it. When the maximum sits
 * on a lower face the jumps go back and forth across it (the sign patterns cycle); from there an
 * exact monotone ascent, face by face, walks onto the maximum (few hyperplanes to cross by then).
 */
import { absB, dotB, primitiveB, SignOracle } from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { dHat, type Weighted } from "./extremal-weights";
import { ascentDirection, faceVector, projectOut, testDirection, zeroSetBasis } from "./extremal-test";

export const SEARCH_DEFAULTS = { seeds: 64, seed: 1, maxSteps: 400 } as const;

/** xorshift32 from a seed scrambled once: deterministic starts. */
function prng(seed: number): () => number {
  let x = (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) >>> 0) || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

const isZero = (v: readonly bigint[]) => v.every((x) => x === 0n);

/** Sign pattern of w as a string key, and Z, P. */
function pattern(oracle: SignOracle, n: number, w: readonly bigint[]) {
  oracle.prepare(w);
  const sigma = new Int8Array(n);
  const Z: number[] = [];
  const P: number[] = [];
  for (let j = 0; j < n; j++) {
    const s = oracle.sign(j);
    sigma[j] = s;
    if (s === 0) Z.push(j);
    else if (s === 1) P.push(j);
  }
  return { sigma, Z, P };
}

/** a and b on the same open ray: parallel (all 2×2 minors against a pivot vanish) and ⟨a, b⟩ > 0. */
function sameRay(a: readonly bigint[], b: readonly bigint[]): boolean {
  const p = a.findIndex((v) => v !== 0n);
  if (p < 0 || b[p] === 0n) return false;
  for (let i = 0; i < a.length; i++) if (a[i]! * b[p]! !== b[i]! * a[p]!) return false;
  return (a[p]! > 0n) === (b[p]! > 0n);
}

const SNAP_BITS = 256n;

/**
 * Exact chord points grow by the data's size at every step. When `dir` has grown past SNAP_BITS,
 * replace it by a short point of the same face: its leading 64 bits, projected exactly back onto
 * the face's span; kept only if every sign is still the same (checked exactly). The ascent then
 * goes on from a point within ~2^-60 (relative) of where it was.
 */
function snap(w: Weighted, oracle: SignOracle, dir: readonly bigint[], sigma: Int8Array, Z: readonly number[]): bigint[] | undefined {
  let big = 0n;
  for (const v of dir) if (absB(v) > big) big = absB(v);
  if (big < 1n << SNAP_BITS) return undefined;
  const shift = BigInt(big.toString(2).length - 64);
  let q = dir.map((v) => v >> shift);
  if (Z.length > 0) {
    const rows = Z.map((j) => w.X[j]!);
    q = projectOut(q, zeroSetBasis(w, Z).map((i) => rows[i]!)).num;
  }
  q = primitiveB(q);
  oracle.prepare(q);
  for (let j = 0; j < w.n; j++) if (oracle.sign(j) !== sigma[j]) return undefined;
  return q;
}

/**
 * Exact ascent on the sphere from `dir`, face by face: leave the face along a local ray where g_s
 * increases (φ > 0), else move along the great circle towards u_F up to the first hyperplane it
 * meets (g_s = ⟨u_F, ·⟩ on the face increases monotonically along that arc); stop when u_F is reached.
 */
function ascend(
  w: Weighted,
  oracle: SignOracle,
  s: 1 | -1,
  dir: bigint[],
  maxSteps: number,
): { done: boolean; dir: bigint[] | undefined } {
  for (let step = 0; step < maxSteps; step++) {
    const { sigma, Z, P } = pattern(oracle, w.n, dir);
    const snapped = snap(w, oracle, dir, sigma, Z);
    if (snapped) dir = snapped;
    const D = dHat(w, P);
    const t = ascentDirection(w, D, Z, s);
    if (t) {
      // dir ← K·dir + t with K so large that no sign off Z changes: K·|⟨dir, X_j⟩| > |⟨t, X_j⟩|.
      // Float brackets give a safe K for most j; the rest are done exactly.
      oracle.prepare(t);
      const shiftT = oracle.shift;
      const bt = new Float64Array(w.n);
      for (let j = 0; j < w.n; j++) {
        if (sigma[j] === 0) continue;
        const [v, e] = oracle.approx(j);
        bt[j] = Math.abs(v) + e;
      }
      oracle.prepare(dir);
      const f = 2 ** (shiftT - oracle.shift);
      let K = 1n;
      let Kf = 1;
      for (let j = 0; j < w.n; j++) {
        if (sigma[j] === 0) continue;
        const [v, e] = oracle.approx(j);
        const ratio = (bt[j]! * f) / (Math.abs(v) - e);
        if (Math.abs(v) - e > 0 && Number.isFinite(ratio) && ratio < 2 ** 50) {
          if (ratio > Kf) Kf = ratio;
          continue;
        }
        const a = dotB(dir, w.X[j]!);
        const b = dotB(t, w.X[j]!);
        const k = absB(b) / absB(a) + 1n;
        if (k > K) K = k;
      }
      const Kfloat = BigInt(Math.ceil(Kf * (1 + 1e-9))) + 1n;
      if (Kfloat > K) K = Kfloat;
      dir = primitiveB(dir.map((v, i) => K * v + t[i]!));
      continue;
    }
    const { uHat } = faceVector(w, D, Z, s);
    if (isZero(uHat)) return { done: true, dir: undefined };
    // First hyperplane on the chord (1−λ)·dir + λ·u, λ ∈ (0, 1]: λ_j = a_j / (a_j − b_j) over the
    // points whose sign differs at u. Floats with error bounds bracket every λ_j; only those whose
    // bracket reaches below the smallest upper end are compared exactly.
    const crossing: number[] = [];
    const bu: [number, number][] = [];
    oracle.prepare(uHat);
    const shiftU = oracle.shift;
    for (let j = 0; j < w.n; j++) {
      if (sigma[j] === 0 || oracle.sign(j) === sigma[j]) continue;
      crossing.push(j);
      bu.push(oracle.approx(j));
    }
    oracle.prepare(dir);
    const shiftD = oracle.shift;
    let best = Infinity;
    const lo: number[] = [];
    for (let i = 0; i < crossing.length; i++) {
      const [av, ae] = oracle.approx(crossing[i]!);
      const [bv, be] = bu[i]!;
      // Bring both to the same scale; |a| and |b| bounds give an interval for λ = |a| / (|a| + |b|).
      const f = 2 ** (shiftD - shiftU);
      const A0 = Math.max(Math.abs(av) - ae, 0) * f;
      const A1 = (Math.abs(av) + ae) * f;
      const B0 = Math.max(Math.abs(bv) - be, 0);
      const B1 = Math.abs(bv) + be;
      const l = A0 / (A0 + B1);
      const h = A1 / (A1 + B0);
      lo.push(Number.isFinite(l) ? l : 0);
      if (Number.isFinite(h) && h < best) best = h;
    }
    let num = 0n;
    let den = 0n;
    for (let i = 0; i < crossing.length; i++) {
      if (!(lo[i]! <= best)) continue;
      const j = crossing[i]!;
      let a = dotB(dir, w.X[j]!);
      let b = dotB(uHat, w.X[j]!);
      if (a < 0n) {
        a = -a;
        b = -b;
      }
      // λ_j = a / (a − b) with a > 0 ≥ b.
      if (den === 0n || a * den < num * (a - b)) {
        num = a;
        den = a - b;
      }
    }
    if (den === 0n) return { done: true, dir: primitiveB(uHat) }; // u_F ∈ F and condition 2 holds
    if (dotB(uHat, dir) <= 0n && sameRay(uHat.map((v) => -v), dir)) return { done: true, dir: undefined }; // antipodal: no arc
    dir = primitiveB(dir.map((v, i) => (den - num) * v + num * uHat[i]!));
  }
  return { done: false, dir };
}

/**
 * One start. The exact ascent first: it stays in the start's basin of attraction (the basins are
 * what gradient flow sees, small ones included). Only when it has not arrived within its step budget
 * (many hyperplanes to cross: large n) the big fixed-point jumps take over, then the ascent again.
 */
function follow(w: Weighted, oracle: SignOracle, s: 1 | -1, start: bigint[], maxSteps: number): bigint[] | undefined {
  const first = ascend(w, oracle, s, start, maxSteps);
  if (first.done) return first.dir;
  const seen = new Set<string>();
  let dir = first.dir!;
  for (let step = 0; step < maxSteps; step++) {
    const { sigma, Z, P } = pattern(oracle, w.n, dir);
    const key = sigma.join("");
    if (seen.has(key)) break; // a cycle: the maximum is on a face between these sectors
    seen.add(key);
    const { uHat } = faceVector(w, dHat(w, P), Z, s);
    if (isZero(uHat)) break; // no field here: let the ascent look around
    if (sameRay(uHat, dir)) break; // a fixed point: u_F lies in F
    dir = primitiveB(uHat);
  }
  const second = ascend(w, oracle, s, dir, maxSteps * 10);
  return second.done ? second.dir : undefined;
}

export function extremalSearch(w: Weighted, opts: { seeds?: number; seed?: number } = {}): ExtremalVector[] {
  const seeds = opts.seeds ?? SEARCH_DEFAULTS.seeds;
  const rand = prng(opts.seed ?? SEARCH_DEFAULTS.seed);
  const oracle = new SignOracle(w.X);
  const m = w.d + 1;
  const found = new Map<string, ExtremalVector>();
  const all = dHat(w, Array.from({ length: w.n }, (_, j) => j));
  for (const s of [1, -1] as const) {
    for (let k = 0; k < seeds; k++) {
      // First start: the all-active sector's u; then Gaussian directions (integers of ~2^24).
      const start =
        k === 0 && !isZero(all)
          ? all.map((v) => (s === 1 ? -v : v))
          : Array.from({ length: m }, () => {
              const g = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
              return BigInt(Math.round(g * 2 ** 24));
            });
      if (isZero(start)) continue;
      const cand = follow(w, oracle, s, start, SEARCH_DEFAULTS.maxSteps);
      if (!cand) continue;
      const key = `${s}:${cand.join(",")}`;
      if (found.has(key)) continue;
      const ev = testDirection(w, cand, s);
      if (ev) found.set(key, ev);
    }
  }
  return [...found.values()];
}
