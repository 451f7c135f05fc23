/**
 * The residual as integer weights on the lifted inputs, and the exact assembly of results.
 *
 * `r_j x̃_j = ρ_j X_j` with `ρ_j = r_j / c_j` (`X_j = c_j x̃_j`, see core/arrangement.ts); over the
 * shared denominator `R`, `ρ_j = ρ̂_j / R`. So `D_P = (Σ_{j∈P} ρ̂_j X_j) / R`: every D is an integer
 * vector over the one denominator R, and signs never need R at all.
 */
import {
  absB,
  Fraction,
  InputError,
  lcmB,
  liftInputs,
  primitiveB,
  type DataSet,
  type LiftedInputs,
  type QVec,
} from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";

export interface Weighted extends LiftedInputs {
  /** ρ̂_j: integers with ρ_j = ρ̂_j / R. */
  rho: bigint[];
  R: bigint;
}

/** The default residual of a tiny network: r = −y. */
export function defaultResidual(ds: DataSet): Fraction[] {
  return ds.y.map((y) => y.neg());
}

export function checkResidual(ds: DataSet, residual: { readonly length: number }): void {
  if (residual.length !== ds.n) {
    const merged = ds.merged.length ? ` (${ds.merged.length} repeated input(s) were merged)` : "";
    throw new InputError(
      `the residual has ${residual.length} entries but the data has ${ds.n} distinct points${merged}; ` +
        "give one entry per point after merging duplicates",
    );
  }
}

/**
 * A residual as rationals, or over one shared denominator (r_j = num_j / den, den > 0) as hot
 * callers like the greedy hold it: then ρ̂_j = num_j·(lcm(c)/c_j) over R = den·lcm(c) needs no
 * gcd of the residual's (large) numerators.
 */
export type ResidualInput = readonly Fraction[] | QVec;

export function weigh(ds: DataSet, residual: ResidualInput): Weighted {
  if (!Array.isArray(residual)) {
    const { num, den } = residual as QVec;
    checkResidual(ds, num);
    const lifted = liftInputs(ds);
    let L = 1n;
    for (const c of lifted.scale) L = lcmB(L, c);
    return { ...lifted, rho: num.map((v, j) => v * (L / lifted.scale[j]!)), R: den * L };
  }
  checkResidual(ds, residual);
  const lifted = liftInputs(ds);
  let R = 1n;
  const rhoN = new Array<bigint>(ds.n);
  const rhoD = new Array<bigint>(ds.n);
  for (let j = 0; j < ds.n; j++) {
    const r = residual[j]!;
    // ρ_j = r_j / c_j = (s·n) / (d·c_j); reduce before taking the lcm.
    const q = new Fraction(r.s * r.n, r.d * lifted.scale[j]!);
    rhoN[j] = q.s * q.n;
    rhoD[j] = q.d;
    R = lcmB(R, q.d);
  }
  const rho = rhoN.map((v, j) => v * (R / rhoD[j]!));
  return { ...lifted, rho, R };
}

/** Per data set: can D̂ sums be taken in float64 exactly (every partial sum below 2^53)? */
const floatSafe = new WeakMap<Weighted, Float64Array | null>();
function floatRows(w: Weighted): Float64Array | null {
  let rows = floatSafe.get(w);
  if (rows !== undefined) return rows;
  const m = w.d + 1;
  let maxRho = 0n;
  let maxX = 0n;
  for (const r of w.rho) if (absB(r) > maxRho) maxRho = absB(r);
  for (const X of w.X) for (const v of X) if (absB(v) > maxX) maxX = absB(v);
  rows = null;
  if (BigInt(w.n) * maxRho * maxX < 2n ** 53n) {
    rows = new Float64Array(w.n * m);
    for (let j = 0; j < w.n; j++) for (let k = 0; k < m; k++) rows[j * m + k] = Number(w.rho[j]! * w.X[j]![k]!);
  }
  floatSafe.set(w, rows);
  return rows;
}

/** D̂_P = Σ_{j∈P} ρ̂_j X_j (so D_P = D̂_P / R). Exact; in float64 when every partial sum is a safe integer. */
export function dHat(w: Weighted, P: Iterable<number>): bigint[] {
  const m = w.d + 1;
  const rows = w.n * m > 4096 ? floatRows(w) : null;
  if (rows) {
    const acc = new Float64Array(m);
    for (const j of P) for (let k = 0; k < m; k++) acc[k]! += rows[j * m + k]!;
    return Array.from(acc, (v) => BigInt(v));
  }
  const D = new Array<bigint>(w.d + 1).fill(0n);
  for (const j of P) {
    const r = w.rho[j]!;
    if (r === 0n) continue;
    const X = w.X[j]!;
    for (let k = 0; k <= w.d; k++) D[k]! += r * X[k]!;
  }
  return D;
}

/** rate² = n2 / den² of an extremal vector made here, unreduced, with a float estimate of its log2. */
interface RawRate {
  n2: bigint;
  den2: bigint;
  log2: number;
}
const rawRates = new WeakMap<ExtremalVector, RawRate>();

/** Bit length of a positive bigint, from its hex digits (a quarter of the string `toString(2)` builds). */
function bitLen(v: bigint): number {
  const h = v.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0]!, 16)));
}

/** log2 of a positive bigint to ~1e-15 absolute (its leading 53 bits), without overflow. */
function log2B(v: bigint): number {
  if (v < 1n << 1000n) return Math.log2(Number(v));
  const bits = bitLen(v);
  return bits - 53 + Math.log2(Number(v >> BigInt(bits - 53)));
}

/**
 * Define `key` on `obj` as computed on first read (then an ordinary data property). Extremal
 * vectors carry huge rationals in d ≥ 2; normalizing them (a gcd each) is the bulk of their cost,
 * and a greedy step reads only the chosen one's.
 */
export function lazy<T>(obj: object, key: string, make: () => T): void {
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = make();
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(value: T) {
      Object.defineProperty(obj, key, { value, writable: true, enumerable: true, configurable: true });
    },
  });
}

/**
 * An extremal vector from an integer vector `uHat` with u = uHat / den (den > 0). Its `u`,
 * `direction`, `rate2` and `kink` are built when first read; `compareRate2` orders vectors made
 * here without building `rate2`.
 */
export function makeExtremal(
  uHat: readonly bigint[],
  den: bigint,
  sign: 1 | -1,
  zero: number[],
  dim: number,
): ExtremalVector {
  let n2 = 0n;
  for (const v of uHat) n2 += v * v;
  const den2 = den * den;
  const ev = { sign } as ExtremalVector;
  lazy(ev, "u", () => uHat.map((v) => new Fraction(v, den)));
  lazy(ev, "direction", () => primitiveB(uHat));
  lazy(ev, "rate2", () => new Fraction(n2, den2));
  ev.face = { zero, dim };
  if (uHat.length === 2 && uHat[0] !== 0n) {
    lazy(ev, "kink", () => new Fraction(-uHat[1]!, uHat[0]!));
    ev.active = uHat[0]! > 0n ? "right" : "left";
  }
  rawRates.set(ev, { n2, den2, log2: n2 === 0n ? -Infinity : log2B(n2) - 2 * log2B(den) });
  return ev;
}

/** sign(rate2(a) − rate2(b)), exactly; by cross-multiplication (after a float look) for vectors made here. */
export function compareRate2(a: ExtremalVector, b: ExtremalVector): number {
  const ra = rawRates.get(a);
  const rb = rawRates.get(b);
  if (!ra || !rb) return a.rate2.compare(b.rate2);
  // log2 estimates are within ~1e-11 of the truth (leading 53 bits, log2 of values < 2^2^20):
  // a gap of 1e-6 decides; zero rates (−∞) compare exactly below.
  const gap = ra.log2 - rb.log2;
  if (gap > 1e-6) return 1;
  if (gap < -1e-6) return -1;
  const l = ra.n2 * rb.den2;
  const r = rb.n2 * ra.den2;
  return l > r ? 1 : l < r ? -1 : 0;
}

/** rate2 > 0, exactly (without building it for vectors made here). */
export function positiveRate(e: ExtremalVector): boolean {
  const r = rawRates.get(e);
  return r ? r.n2 > 0n : e.rate2.s > 0n && e.rate2.n !== 0n;
}

/** The documented total order: rate2 descending, sign +1 first, then u lexicographically. */
export function compareExtremal(a: ExtremalVector, b: ExtremalVector): number {
  const c = compareRate2(b, a);
  if (c !== 0) return c;
  if (a.sign !== b.sign) return b.sign - a.sign;
  for (let k = 0; k < a.u.length; k++) {
    const e = a.u[k]!.compare(b.u[k]!);
    if (e !== 0) return e;
  }
  return 0;
}
