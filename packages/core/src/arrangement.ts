/**
 * The hyperplane arrangement of a data set (MODEL.md §3), in integers.
 *
 * Hyperplane `h_j = {w : ⟨w, x̃_j⟩ = 0}` only depends on the ray of `x̃_j`, so every augmented
 * input is lifted once to an integer vector `X_j = c_j · x̃_j` (`c_j > 0` the lcm of the
 * denominators of `x_j`). Every sign test against the arrangement is then one integer dot
 * product, with no normalization anywhere.
 */
import Fraction from "fraction.js";
import type { DataSet } from "./data";
import { dotB, lcmB, signB, toQVec } from "./bigint";

/** The arrangement's normals: `X[j] = scale[j] · (x_j, 1)`, integers, `scale[j] > 0`. */
export interface LiftedInputs {
  d: number;
  n: number;
  X: bigint[][];
  scale: bigint[];
}

export function liftInputs(ds: DataSet): LiftedInputs {
  const X = new Array<bigint[]>(ds.n);
  const scale = new Array<bigint>(ds.n);
  for (let j = 0; j < ds.n; j++) {
    const row = ds.x[j]!;
    let c = 1n;
    for (const v of row) c = lcmB(c, v.d);
    const v = new Array<bigint>(ds.d + 1);
    for (let k = 0; k < ds.d; k++) v[k] = row[k]!.s * row[k]!.n * (c / row[k]!.d);
    v[ds.d] = c;
    X[j] = v;
    scale[j] = c;
  }
  return { d: ds.d, n: ds.n, X, scale };
}

/** A rational direction as an integer vector on the same ray (bigint input is taken as is). */
export function integerDirection(w: readonly Fraction[] | readonly bigint[]): bigint[] {
  if (w.length > 0 && typeof w[0] === "bigint") return (w as readonly bigint[]).slice();
  return toQVec(w as readonly Fraction[]).num;
}

/** σ(w) ∈ {+1, 0, −1}^n: the side of every hyperplane the direction `w` lies on. */
export function signVector(lifted: LiftedInputs, w: readonly bigint[]): Int8Array {
  const out = new Int8Array(lifted.n);
  for (let j = 0; j < lifted.n; j++) out[j] = signB(dotB(lifted.X[j]!, w));
  return out;
}

/** The face containing a direction: its zero set Z and positive set P (0-based point indices). */
export interface FaceSigns {
  zero: number[];
  positive: number[];
  sign: Int8Array;
}

export function faceSigns(lifted: LiftedInputs, w: readonly bigint[]): FaceSigns {
  const sign = signVector(lifted, w);
  const zero: number[] = [];
  const positive: number[] = [];
  for (let j = 0; j < sign.length; j++) {
    if (sign[j] === 0) zero.push(j);
    else if (sign[j] === 1) positive.push(j);
  }
  return { zero, positive, sign };
}

/**
 * Exact signs ⟨X_j, u⟩ for many j and one integer direction u, at float speed.
 * Each sign is computed in float64 with a rigorous error bound (conversion of both vectors,
 * γ_m for the m-term sum, and the truncation when a huge u is shifted down); only when |sum|
 * does not clear the bound is the bigint dot product taken. So every answer is exact.
 */
const HUGE = 1n << 900n;

export class SignOracle {
  private readonly m: number;
  private readonly Xf: Float64Array;
  private readonly absSum: Float64Array;
  private readonly uf: Float64Array;
  private u: readonly bigint[] = [];
  private shiftBits = 0;
  private readonly gamma: number;

  constructor(private readonly X: readonly (readonly bigint[])[]) {
    this.m = X.length > 0 ? X[0]!.length : 0;
    const m = this.m;
    this.Xf = new Float64Array(X.length * m);
    this.absSum = new Float64Array(X.length);
    this.uf = new Float64Array(m);
    for (let j = 0; j < X.length; j++) {
      let a = 0;
      for (let k = 0; k < m; k++) {
        const f = Number(X[j]![k]!);
        this.Xf[j * m + k] = f;
        a += Math.abs(f);
      }
      this.absSum[j] = a * (1 + 1e-12);
    }
    this.gamma = (m + 4) * 2 ** -52;
  }

  /** Fix the direction u for the following `sign` calls. */
  prepare(u: readonly bigint[]): void {
    this.u = u;
    let huge = false;
    for (const v of u) if (v > HUGE || v < -HUGE) huge = true;
    let e = 0n;
    if (huge) {
      let bits = 0;
      for (const v of u) bits = Math.max(bits, (v < 0n ? -v : v).toString(16).length * 4);
      // Shift huge entries down to ~2^60 (floor; error < 1 unit each, accounted for in `sign`).
      e = BigInt(bits - 60);
    }
    this.shiftBits = Number(e);
    for (let k = 0; k < this.m; k++) this.uf[k] = Number(e > 0n ? u[k]! >> e : u[k]!);
  }

  /**
   * ⟨X_j, u⟩ approximately, as [value, bound] with |exact − value·scale| ≤ bound·scale, where
   * scale = 2^shift of the prepared u (the same for every j, so ratios of two prepared vectors'
   * values need their scales). Non-finite when the floats overflow.
   */
  approx(j: number): [number, number] {
    const m = this.m;
    const base = j * m;
    let s = 0;
    let a = 0;
    for (let k = 0; k < m; k++) {
      const p = this.Xf[base + k]! * this.uf[k]!;
      s += p;
      a += Math.abs(p);
    }
    return [s, (this.gamma * a + (this.shiftBits > 0 ? this.absSum[j]! : 0)) * (1 + 1e-9)];
  }

  /** log2 of the scale the prepared u was shifted down by (0 if not shifted). */
  get shift(): number {
    return this.shiftBits;
  }

  sign(j: number): -1 | 0 | 1 {
    const m = this.m;
    const base = j * m;
    let s = 0;
    let a = 0;
    for (let k = 0; k < m; k++) {
      const p = this.Xf[base + k]! * this.uf[k]!;
      s += p;
      a += Math.abs(p);
    }
    const bound = this.gamma * a + (this.shiftBits > 0 ? this.absSum[j]! : 0);
    if (s > bound) return 1;
    if (s < -bound) return -1;
    const v = dotB(this.X[j]!, this.u);
    return v > 0n ? 1 : v < 0n ? -1 : 0;
  }
}
