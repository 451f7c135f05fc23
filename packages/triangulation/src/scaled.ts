/**
 * Rational points as integers: every coordinate times one common positive scale L
 * (the lcm of all denominators). Orientation and in-circle signs are invariant under a
 * common positive scaling of all points, so the exact predicates can work on integers.
 * (One scale for all axes, not one per axis: an anisotropic scaling keeps orientations
 * but not circles.)
 */
import { lcmB, type Fraction } from "@qrelu/core";

export interface ScaledPoints {
  d: number;
  n: number;
  /** The common scale L > 0: integer coordinate = rational coordinate · L. */
  scale: bigint;
  /** Integer coordinates, point-major: ints[i*d + k]. */
  ints: bigint[];
  /** The same integers as floats, point-major (exact when `exactFloat`). */
  f: Float64Array;
  /** True when every integer coordinate is a safe integer, so `f` holds them exactly. */
  exactFloat: boolean;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function scalePoints(x: readonly (readonly Fraction[])[]): ScaledPoints {
  const n = x.length;
  const d = n === 0 ? 0 : x[0]!.length;
  let scale = 1n;
  for (const p of x) for (const c of p) if (c.d !== 1n && scale % c.d !== 0n) scale = lcmB(scale, c.d);
  const ints = new Array<bigint>(n * d);
  const f = new Float64Array(n * d);
  let exactFloat = true;
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    for (let k = 0; k < d; k++) {
      const c = p[k]!;
      const v = c.s * c.n * (scale / c.d);
      ints[i * d + k] = v;
      if (v > SAFE || v < -SAFE) exactFloat = false;
      f[i * d + k] = Number(v);
    }
  }
  return { d, n, scale, ints, f, exactFloat };
}

/** A rational query point in the scaled frame: coordinates num[k]/den, den > 0. */
export interface ScaledQuery {
  num: bigint[];
  den: bigint;
}

export function scaleQuery(q: readonly Fraction[], scale: bigint): ScaledQuery {
  let den = 1n;
  for (const c of q) if (den % c.d !== 0n) den = lcmB(den, c.d);
  return { num: q.map((c) => c.s * c.n * scale * (den / c.d)), den };
}
