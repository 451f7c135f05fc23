/**
 * The circle of 1-D directions w = (w₁, w₀) (slope, bias), exactly (MODEL.md §3, §10 step 5).
 * The 2n' rays (a kink exactly at a data point, facing right or left) sorted counter-clockwise,
 * the arcs between them, the field of a residual on every arc, and the uphill walk of a
 * population along the circle. Every test is on integers: a direction is a primitive integer
 * pair and is never normalized.
 */
import { Fraction, directionOf, primitiveB } from "@qrelu/core";
import { signVectorOf, type Geometry, type Sign, type SignVector } from "./faces";

export interface Circle1D {
  /** Ray directions, sorted by angle in [0, 2π), primitive. */
  rays: bigint[][];
  /** The data point whose hyperplane the ray lies on. */
  rayPoint: number[];
  /** "right": active for x > kink (w₁ > 0); "left": active for x < kink. */
  raySide: ("right" | "left")[];
  /** A direction strictly inside arc k (between ray k and ray k+1, counter-clockwise). */
  arcMid: bigint[][];
  raySV: SignVector[];
  arcSV: SignVector[];
  /** x̃_j = X_j / Q with one common positive integer Q. */
  X: bigint[][];
  Q: bigint;
  rayAngle: Float64Array;
}

/** Where a population sits: on a ray, or at an exact direction strictly inside an arc. */
export type Loc = { kind: "ray"; k: number } | { kind: "arc"; k: number; dir: bigint[] };

const half = (a: readonly bigint[]) => (a[1]! > 0n || (a[1] === 0n && a[0]! > 0n) ? 0 : 1);
export const cross = (a: readonly bigint[], b: readonly bigint[]) => a[0]! * b[1]! - a[1]! * b[0]!;
const dot2 = (a: readonly bigint[], b: readonly bigint[]) => a[0]! * b[0]! + a[1]! * b[1]!;
const perp = (a: readonly bigint[]) => [-a[1]!, a[0]!];

/** Counter-clockwise angle order from the positive w₁ axis. */
export function angleCompare(a: readonly bigint[], b: readonly bigint[]): number {
  const h = half(a) - half(b);
  if (h !== 0) return h;
  const c = cross(a, b);
  return c > 0n ? -1 : c < 0n ? 1 : 0;
}

function lcm(a: bigint, b: bigint): bigint {
  let x = a, z = b;
  while (z !== 0n) [x, z] = [z, x % z];
  return (a / x) * b;
}

export function circle1d(g: Geometry): Circle1D {
  if (g.d1 !== 2) throw new RangeError("circle1d: data must be 1-D");
  let Q = 1n;
  for (const row of g.xt) Q = lcm(Q, row[0]!.d);
  const X = g.xt.map((row) => [row[0]!.s * row[0]!.n * (Q / row[0]!.d), Q]);
  const raw: { dir: bigint[]; j: number; side: "right" | "left" }[] = [];
  g.xt.forEach((row, j) => {
    const x = row[0]!;
    const p = x.s * x.n;
    const q = x.d;
    raw.push({ dir: [q, -p], j, side: "right" }, { dir: [-q, p], j, side: "left" });
  });
  raw.sort((a, b) => angleCompare(a.dir, b.dir));
  const rays = raw.map((r) => r.dir);
  const m = rays.length;
  const arcMid = rays.map((a, k) => {
    const b = rays[(k + 1) % m]!;
    // Arcs are at most π (rays come in antipodal pairs); exactly π only when n' = 1.
    return cross(a, b) > 0n ? directionOf([new Fraction(a[0]!), new Fraction(a[1]!)].map((v, i) => v.add(new Fraction(b[i]!)))) : perp(a);
  });
  return {
    rays,
    rayPoint: raw.map((r) => r.j),
    raySide: raw.map((r) => r.side),
    arcMid,
    raySV: rays.map((r) => signVectorOf(g, r)),
    arcSV: arcMid.map((r) => signVectorOf(g, r)),
    X,
    Q,
    rayAngle: Float64Array.from(rays, (r) => {
      const t = Math.atan2(Number(r[1]!), Number(r[0]!));
      return t < 0 ? t + 2 * Math.PI : t;
    }),
  };
}

/**
 * The field of a residual on every arc, for sign +1: v_A = −D_A(r) = −Σ_{j∈P(A)} r_j x̃_j, as
 * integers over one positive `scale` (sign −1 negates). On arc A, g₊(w) = ⟨v_A, w⟩/|w|.
 */
export interface Field1D {
  v: bigint[][];
  scale: bigint;
}

export function field1d(c: Circle1D, r: readonly Fraction[]): Field1D {
  let den = 1n;
  for (const v of r) den = lcm(den, v.d);
  const R = r.map((v) => v.s * v.n * (den / v.d));
  const v = c.arcSV.map((sv) => {
    let a = 0n, b = 0n;
    for (let j = 0; j < sv.length; j++) {
      if (sv[j]! <= 0 || R[j] === 0n) continue;
      a -= R[j]! * c.X[j]![0]!;
      b -= R[j]! * c.X[j]![1]!;
    }
    return [a, b];
  });
  return { v, scale: den * c.Q };
}

const vOf = (f: Field1D, k: number, s: Sign) => (s === 1 ? f.v[k]! : [-f.v[k]![0]!, -f.v[k]![1]!]);
const isZero = (v: readonly bigint[]) => v[0] === 0n && v[1] === 0n;

/** Does g (field v on the arc) increase when leaving e in direction dir (+1 ccw, −1 cw)? */
function ascends(v: readonly bigint[], e: readonly bigint[], dir: 1 | -1): boolean {
  if (isZero(v)) return false;
  const d = dot2(v, perp(e)) * BigInt(dir);
  if (d !== 0n) return d > 0n;
  // e is parallel to v: at the minimum (e ∥ −v) every way is up; at the maximum none is.
  return dot2(v, e) < 0n;
}

function insideArc(c: Circle1D, k: number, v: readonly bigint[]): boolean {
  const a = c.rays[k]!;
  const b = c.rays[(k + 1) % c.rays.length]!;
  if (cross(a, b) > 0n) return cross(a, v) > 0n && cross(v, b) > 0n;
  return cross(a, v) > 0n;
}

/**
 * Uphill walk of a population of sign s on g_s (projected gradient ascent on the circle, which
 * only ever moves towards larger g): from `from` to where it stops — a ray that is a local
 * maximum or borders a flat (zero-field) arc, or the interior maximum v_A of an arc. A start at
 * a local minimum (both ways up) splits the population: both halves are returned.
 */
export function walk(c: Circle1D, f: Field1D, s: Sign, from: Loc): Loc[] {
  const m = c.rays.length;
  const out: Loc[] = [];
  const go = (k: number, e: readonly bigint[] | null, dir: 1 | -1) => {
    // We are inside arc k at e (null: just entered from its boundary ray), moving uphill in dir.
    for (let guard = 0; guard <= 2 * m + 2; guard++) {
      const v = vOf(f, k, s);
      if (!isZero(v) && insideArc(c, k, v)) {
        out.push({ kind: "arc", k, dir: primitiveB(v) });
        return;
      }
      const rk = dir === 1 ? (k + 1) % m : k;
      const next = dir === 1 ? rk : (rk - 1 + m) % m;
      if (!ascends(vOf(f, next, s), c.rays[rk]!, dir)) {
        out.push({ kind: "ray", k: rk });
        return;
      }
      k = next;
      e = null;
    }
    throw new Error("walk: no end (internal)");
  };
  if (from.kind === "ray") {
    const k = from.k;
    const e = c.rays[k]!;
    const up = ascends(vOf(f, k, s), e, 1);
    const down = ascends(vOf(f, (k - 1 + m) % m, s), e, -1);
    if (!up && !down) return [from];
    if (up) go(k, null, 1);
    if (down) go((k - 1 + m) % m, null, -1);
    return out;
  }
  const v = vOf(f, from.k, s);
  if (isZero(v)) return [from];
  const d = dot2(v, perp(from.dir));
  if (d > 0n) go(from.k, from.dir, 1);
  else if (d < 0n) go(from.k, from.dir, -1);
  else if (dot2(v, from.dir) > 0n) return [{ kind: "arc", k: from.k, dir: primitiveB(v) }];
  else {
    go(from.k, from.dir, 1);
    go(from.k, from.dir, -1);
  }
  return out;
}

/** g_s at a location as sign·√rate2, rate2 exact. */
export function rateAt(c: Circle1D, f: Field1D, s: Sign, loc: Loc): { sign: -1 | 0 | 1; rate2: Fraction } {
  const v = vOf(f, loc.kind === "ray" ? loc.k : loc.k, s);
  const e = loc.kind === "ray" ? c.rays[loc.k]! : loc.dir;
  const num = dot2(v, e);
  if (num === 0n) return { sign: 0, rate2: new Fraction(0) };
  return { sign: num > 0n ? 1 : -1, rate2: new Fraction(num * num, dot2(e, e) * f.scale * f.scale) };
}

export function locDirection(c: Circle1D, loc: Loc): bigint[] {
  return loc.kind === "ray" ? c.rays[loc.k]!.slice() : loc.dir.slice();
}

export function locFace(c: Circle1D, loc: Loc): SignVector {
  return loc.kind === "ray" ? c.raySV[loc.k]! : c.arcSV[loc.k]!;
}

export function locKey(loc: Loc): string {
  return loc.kind === "ray" ? `r${loc.k}` : `a${loc.k}:${loc.dir[0]},${loc.dir[1]}`;
}

/**
 * The exact location of a float direction u: a ray when within `tol` radians of it, otherwise
 * the arc, with an exact direction rounded from u (the arc's midpoint if rounding left the arc).
 */
export function locate(c: Circle1D, u0: number, u1: number, tol = 1e-7): Loc {
  let t = Math.atan2(u1, u0);
  if (t < 0) t += 2 * Math.PI;
  const m = c.rays.length;
  let best = 0, bestD = Infinity;
  for (let k = 0; k < m; k++) {
    let dd = Math.abs(t - c.rayAngle[k]!);
    dd = Math.min(dd, 2 * Math.PI - dd);
    if (dd < bestD) [best, bestD] = [k, dd];
  }
  if (bestD < tol) return { kind: "ray", k: best };
  // The arc containing t: the last ray at or before t (circularly).
  let k = m - 1;
  for (let i = 0; i < m; i++) if (c.rayAngle[i]! <= t) k = i;
  const norm = Math.hypot(u0, u1);
  const S = 2 ** 40;
  const dir = [BigInt(Math.round((u0 / norm) * S)), BigInt(Math.round((u1 / norm) * S))];
  const exact = directionOf(dir.map((v) => new Fraction(v)));
  return { kind: "arc", k, dir: insideArc(c, k, exact) ? exact : c.arcMid[k]! };
}

/** Float unit vector of an exact direction. */
export function unitOf(dir: readonly bigint[]): [number, number] {
  const a = Number(dir[0]!), b = Number(dir[1]!);
  const n = Math.hypot(a, b);
  return [a / n, b / n];
}
