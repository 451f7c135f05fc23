/**
 * Rational points as integers: every coordinate times one common positive scale L
 * (the lcm of all denominators). Orientation and in-circle signs are invariant under a
 * common positive scaling of all points, so the exact predicates can work on integers.
 * (One scale for all axes, not one per axis: an anisotropic scaling keeps orientations
 * but not circles.)
 */
import { lcmB, toFloat, type Fraction } from "@qrelu/core";

export interface ScaledPoints {
  d: number;
  n: number;
  /** The common scale L > 0: integer coordinate = rational coordinate · L. */
  scale: bigint;
  /** Integer coordinates, point-major: ints[i*d + k]. */
  ints: bigint[];
  /**
   * Floats, point-major: the integers themselves when `exactFloat`, else the nearest floats
   * of the rational coordinates (unscaled: the scale may overflow a float).
   */
  f: Float64Array;
  /** True when every integer coordinate is a safe integer, so `f` holds them exactly. */
  exactFloat: boolean;
  /**
   * When not `exactFloat`: every float is 0 or of magnitude in [1e−60, 1e60], so products
   * of four never under- or overflow and relative input-error bounds hold (see predicates.ts).
   */
  approxSafe: boolean;
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

export function scalePoints(x: readonly (readonly Fraction[])[]): ScaledPoints {
  const n = x.length;
  const d = n === 0 ? 0 : x[0]!.length;
  let scale = 1n;
  for (const p of x) for (const c of p) if (c.d !== 1n && scale % c.d !== 0n) scale = lcmB(scale, c.d);
  const ints = new Array<bigint>(n * d);
  let exactFloat = true;
  for (let i = 0; i < n; i++) {
    const p = x[i]!;
    for (let k = 0; k < d; k++) {
      const c = p[k]!;
      const v = c.s * c.n * (scale / c.d);
      ints[i * d + k] = v;
      if (v > SAFE || v < -SAFE) exactFloat = false;
    }
  }
  const f = exactFloat ? Float64Array.from(ints, Number) : Float64Array.from(x.flatMap((p) => p.map(toFloat)));
  const approxSafe = !exactFloat && f.every((v) => v === 0 || (Math.abs(v) >= 1e-60 && Math.abs(v) <= 1e60));
  return { d, n, scale, ints, f, exactFloat, approxSafe };
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
