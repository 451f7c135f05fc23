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
