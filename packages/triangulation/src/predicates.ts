/**
 * Exact planar predicates on the integer points of `scaled.ts`.
 *
 * When every coordinate is a safe integer the floats hold them exactly, and Shewchuk's
 * stage-A error bounds (as in robust-predicates) certify the sign of a float evaluation.
 * Otherwise the floats are the rounded rationals (relative error ≤ ε each) and a looser
 * bound that also covers that input error certifies most signs (`APPROX_*` below). Only
 * uncertain cases are recomputed in bigint.
 */
import type { ScaledPoints, ScaledQuery } from "./scaled";

const EPS = 2 ** -53;
/** Shewchuk, "Adaptive precision floating-point arithmetic", bounds for orient2d and incircle. */
const CCW_ERR_A = (3 + 16 * EPS) * EPS;
const ICC_ERR_A = (10 + 96 * EPS) * EPS;

/**
 * Input-error bounds. With x̃ = x(1+η), |η| ≤ ε (plus ε per operation), a difference
 * u = a − c has |ũ − u| ≤ 2ε(|a| + |c|); a product of two such differences errs by at most
 * ≈ 5ε·A_u·A_v (A = the sums of absolute values), and the orientation determinant by
 * ≤ 6ε·(A_u A_v + A_w A_z) + O(ε²). The in-circle determinant (degree 4: squared lifts times
 * 2×2 minors) errs by ≤ ≈ 14ε·Σ lift_A · minor_A. Both are doubled for margin (and for the
 * ≤ 1.01ε rounding of huge rationals by `toFloat`); the cost of slack is only more bigint.
 */
const APPROX_CCW = 12 * EPS;
const APPROX_ICC = 32 * EPS;

type Sign = -1 | 0 | 1;
const sgnB = (v: bigint): Sign => (v > 0n ? 1 : v < 0n ? -1 : 0);

/** Orientation of (a, b, c): +1 counter-clockwise, −1 clockwise, 0 collinear. Exact. */
export function orient2d(P: ScaledPoints, a: number, b: number, c: number): Sign {
  if (P.exactFloat) {
    const f = P.f;
    const acx = f[2 * a]! - f[2 * c]!;
    const bcx = f[2 * b]! - f[2 * c]!;
    const acy = f[2 * a + 1]! - f[2 * c + 1]!;
    const bcy = f[2 * b + 1]! - f[2 * c + 1]!;
    const l = acx * bcy;
    const r = acy * bcx;
    const det = l - r;
    // Shewchuk's rule: products of opposite signs (or a zero one) cannot cancel.
    let sum: number;
    if (l > 0) {
      if (r <= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
      sum = l + r;
    } else if (l < 0) {
      if (r >= 0) return det > 0 ? 1 : det < 0 ? -1 : 0;
      sum = -l - r;
    } else return det > 0 ? 1 : det < 0 ? -1 : 0;
    const bound = CCW_ERR_A * sum;
    if (det > bound) return 1;
    if (-det > bound) return -1;
  } else if (P.approxSafe) {
    const f = P.f;
    const ax = f[2 * a]!, ay = f[2 * a + 1]!, bx = f[2 * b]!, by = f[2 * b + 1]!, cx = f[2 * c]!, cy = f[2 * c + 1]!;
    const det = (ax - cx) * (by - cy) - (ay - cy) * (bx - cx);
    const Ac = Math.abs(cx), Bc = Math.abs(cy);
    const bound = APPROX_CCW * ((Math.abs(ax) + Ac) * (Math.abs(by) + Bc) + (Math.abs(ay) + Bc) * (Math.abs(bx) + Ac));
    if (det > bound) return 1;
    if (-det > bound) return -1;
  }
  return orient2dBig(P, a, b, c);
}

export function orient2dBig(P: ScaledPoints, a: number, b: number, c: number): Sign {
  const I = P.ints;
  const acx = I[2 * a]! - I[2 * c]!;
  const bcx = I[2 * b]! - I[2 * c]!;
  const acy = I[2 * a + 1]! - I[2 * c + 1]!;
  const bcy = I[2 * b + 1]! - I[2 * c + 1]!;
  return sgnB(acx * bcy - acy * bcx);
}

/**
 * In-circle test: for (a, b, c) counter-clockwise, +1 when d lies strictly inside their
 * circumcircle, 0 on it, −1 outside. Exact.
 */
export function incircle(P: ScaledPoints, a: number, b: number, c: number, d: number): Sign {
  if (P.exactFloat) {
    const f = P.f;
    const dx = f[2 * d]!;
    const dy = f[2 * d + 1]!;
    const adx = f[2 * a]! - dx;
    const ady = f[2 * a + 1]! - dy;
    const bdx = f[2 * b]! - dx;
    const bdy = f[2 * b + 1]! - dy;
    const cdx = f[2 * c]! - dx;
    const cdy = f[2 * c + 1]! - dy;
    const bdxcdy = bdx * cdy;
    const cdxbdy = cdx * bdy;
    const alift = adx * adx + ady * ady;
    const cdxady = cdx * ady;
    const adxcdy = adx * cdy;
    const blift = bdx * bdx + bdy * bdy;
    const adxbdy = adx * bdy;
    const bdxady = bdx * ady;
    const clift = cdx * cdx + cdy * cdy;
    const det = alift * (bdxcdy - cdxbdy) + blift * (cdxady - adxcdy) + clift * (adxbdy - bdxady);
    const permanent =
      (Math.abs(bdxcdy) + Math.abs(cdxbdy)) * alift +
      (Math.abs(cdxady) + Math.abs(adxcdy)) * blift +
      (Math.abs(adxbdy) + Math.abs(bdxady)) * clift;
    const bound = ICC_ERR_A * permanent;
    if (det > bound) return 1;
    if (-det > bound) return -1;
  } else if (P.approxSafe) {
    const f = P.f;
    const dx = f[2 * d]!, dy = f[2 * d + 1]!;
    const adx = f[2 * a]! - dx, ady = f[2 * a + 1]! - dy;
    const bdx = f[2 * b]! - dx, bdy = f[2 * b + 1]! - dy;
    const cdx = f[2 * c]! - dx, cdy = f[2 * c + 1]! - dy;
    const det =
      (adx * adx + ady * ady) * (bdx * cdy - cdx * bdy) +
      (bdx * bdx + bdy * bdy) * (cdx * ady - adx * cdy) +
      (cdx * cdx + cdy * cdy) * (adx * bdy - bdx * ady);
    // Absolute sizes of the differences as the inputs bound them.
    const DX = Math.abs(dx), DY = Math.abs(dy);
    const Ax = Math.abs(f[2 * a]!) + DX, Ay = Math.abs(f[2 * a + 1]!) + DY;
    const Bx = Math.abs(f[2 * b]!) + DX, By = Math.abs(f[2 * b + 1]!) + DY;
    const Cx = Math.abs(f[2 * c]!) + DX, Cy = Math.abs(f[2 * c + 1]!) + DY;
    const perm = (Ax * Ax + Ay * Ay) * (Bx * Cy + Cx * By) + (Bx * Bx + By * By) * (Cx * Ay + Ax * Cy) + (Cx * Cx + Cy * Cy) * (Ax * By + Bx * Ay);
    const bound = APPROX_ICC * perm;
    if (det > bound) return 1;
    if (-det > bound) return -1;
  }
  return incircleBig(P, a, b, c, d);
}

export function incircleBig(P: ScaledPoints, a: number, b: number, c: number, d: number): Sign {
  const I = P.ints;
  const dx = I[2 * d]!;
  const dy = I[2 * d + 1]!;
  const adx = I[2 * a]! - dx;
  const ady = I[2 * a + 1]! - dy;
  const bdx = I[2 * b]! - dx;
  const bdy = I[2 * b + 1]! - dy;
  const cdx = I[2 * c]! - dx;
  const cdy = I[2 * c + 1]! - dy;
  const det =
    (adx * adx + ady * ady) * (bdx * cdy - cdx * bdy) +
    (bdx * bdx + bdy * bdy) * (cdx * ady - adx * cdy) +
    (cdx * cdx + cdy * cdy) * (adx * bdy - bdx * ady);
  return sgnB(det);
}

/** Orientation of (a, b, q) for a rational query q (bigint; queries are not on the hot path). */
export function orientQuery(P: ScaledPoints, a: number, b: number, q: ScaledQuery): Sign {
  return sgnB(orientQueryDet(P, a, b, q));
}

/** den·(twice the signed area of (a, b, q)) in the scaled frame: an exact integer. */
export function orientQueryDet(P: ScaledPoints, a: number, b: number, q: ScaledQuery): bigint {
  const I = P.ints;
  const ax = I[2 * a]!;
  const ay = I[2 * a + 1]!;
  const w = q.den;
  return (I[2 * b]! - ax) * (q.num[1]! - w * ay) - (I[2 * b + 1]! - ay) * (q.num[0]! - w * ax);
}
