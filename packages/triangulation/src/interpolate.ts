/**
 * Simplicial interpolation: the piecewise-affine function that is affine on every simplex
 * of a triangulation and equals y at the data points. Exact at rational queries; a float
 * path (same location logic, float arithmetic) serves plotting and benchmarks.
 */
import { Fraction, InputError, parseRational, toFloat } from "@qrelu/core";
import { affineThrough, barycentric, evalAffine } from "./affine";
import { floatSide, startGrid, walk, walkFloat, type SideOf } from "./locate2d";
import { boundaryCycle, meshFromTriangles, next, type Mesh } from "./mesh";
import { orient2d, orientQuery, orientQueryDet } from "./predicates";
import { scalePoints, scaleQuery } from "./scaled";
import type { Affine, Triangulation } from "./types";

/**
 * What to do outside the convex hull:
 * - "none": undefined (null);
 * - "nearest-simplex": extend the affine function of the simplex that owns the nearest
 *   hull edge (2-D) or end segment (1-D);
 * - "nearest-point": the value at the nearest point of the hull (constant along normals).
 * The nearest hull edge is chosen by exact squared distance; ties go to the first edge of
 * the hull cycle (which starts at the smallest hull index).
 */
export type Extrapolation = "none" | "nearest-simplex" | "nearest-point";
export const EXTRAPOLATIONS: readonly Extrapolation[] = ["none", "nearest-simplex", "nearest-point"];

export interface Interpolant {
  d: number;
  triangulation: Triangulation;
  /** Index of a simplex containing q (closed), or −1 outside the hull. */
  locate(q: readonly Fraction[]): number;
  /** The exact affine function of simplex s (cached). */
  affine(s: number): Affine;
  /** The exact value at q; null outside the hull unless a rule is given. */
  valueAt(q: readonly Fraction[], rule?: Extrapolation): Fraction | null;
  /** Float values at point-major float queries (NaN outside the hull): display and benchmarks. */
  valuesAtFloat(q: Float64Array): Float64Array;
}

/** The exact affine function of one simplex (indices into x) through the data values. */
export function affinePiece(x: readonly (readonly Fraction[])[], y: readonly Fraction[], simplex: readonly number[]): Affine {
  return affineThrough(
    simplex.map((i) => x[i]!),
    simplex.map((i) => y[i]!),
  );
}

/** The exact affine piece of every simplex, in the order of `T.simplices` (for exact comparisons). */
export function affinePieces(x: readonly (readonly Fraction[])[], y: readonly Fraction[], T: Triangulation): Affine[] {
  return T.simplices.map((s) => affinePiece(x, y, s));
}

interface Located {
  s: number;
  /** 2-D, outside: a boundary half-edge; unused otherwise. */
  exit: number;
}

export function interpolant(
  x: readonly (readonly Fraction[])[],
  y: readonly Fraction[],
  T: Triangulation,
  source = "data",
): Interpolant {
  const d = T.d;
  if (T.simplices.length === 0) {
    throw new InputError(
      d === 2
        ? "all points are collinear: no 2-D triangulation, so no 2-D interpolant (the hull is a segment)"
        : "no simplices: the points do not span the space",
      { file: source },
    );
  }
  const cache: (Affine | undefined)[] = new Array(T.simplices.length);
  const affine = (s: number): Affine => (cache[s] ??= affinePiece(x, y, T.simplices[s]!));
  const yf = Float64Array.from(y, toFloat);
  const xf = Float64Array.from(x.flatMap((p) => p.map(toFloat)));
  const loc = d === 1 ? locator1d(x, T) : d === 2 ? locator2d(x, T, xf) : locatorScan(x, T);

  const valueAt = (q: readonly Fraction[], rule: Extrapolation = "none"): Fraction | null => {
    if (q.length !== d) throw new RangeError(`query has ${q.length} coordinates, expected ${d}`);
    const l = loc.exact(q);
    if (l.s >= 0) return loc.valueIn ? loc.valueIn(q, l.s, y) : evalAffine(affine(l.s), q);
    if (rule === "none") return null;
    const near = loc.nearest(q);
    if (rule === "nearest-simplex") return evalAffine(affine(near.s), q);
    return near.value(y);
  };
  return {
    d,
    triangulation: T,
    locate: (q) => loc.exact(q).s,
    affine,
    valueAt,
    valuesAtFloat: (q) => loc.floats(q, yf),
  };
}

interface Locator {
  exact(q: readonly Fraction[]): Located;
  /** Optional faster exact value inside simplex s (else the simplex's affine function is used). */
  valueIn?(q: readonly Fraction[], s: number, y: readonly Fraction[]): Fraction;
  /** Outside only: the simplex owning the nearest hull facet, and the value at the nearest hull point. */
  nearest(q: readonly Fraction[]): { s: number; value: (y: readonly Fraction[]) => Fraction };
  floats(q: Float64Array, yf: Float64Array): Float64Array;
}

function locator1d(x: readonly (readonly Fraction[])[], T: Triangulation): Locator {
  // Segments in order along the line, whatever order and orientation T lists them in:
  // seg[k] is the simplex index of the k-th segment from the left.
  const X = (i: number) => x[i]![0]!;
  const segs = T.simplices
    .map((s, k) => (X(s[0]!).compare(X(s[1]!)) <= 0 ? { k, lo: s[0]!, hi: s[1]! } : { k, lo: s[1]!, hi: s[0]! }))
    .sort((u, v) => X(u.lo).compare(X(v.lo)));
  const seg = segs.map((u) => u.k);
  const nodes = [segs[0]!.lo, ...segs.map((u) => u.hi)];
  const xs = nodes.map(X);
  const xsf = Float64Array.from(xs, toFloat);
  const last = segs.length - 1;
  return {
    exact(q) {
      const v = q[0]!;
      if (v.compare(xs[0]!) < 0 || v.compare(xs[xs.length - 1]!) > 0) return { s: -1, exit: -1 };
      let lo = 0;
      let hi = last; // largest segment k with xs[k] <= v
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (xs[mid]!.compare(v) <= 0) lo = mid;
        else hi = mid - 1;
      }
      return { s: seg[lo]!, exit: -1 };
    },
    nearest(q) {
      const left = q[0]!.compare(xs[0]!) < 0;
      const node = left ? nodes[0]! : nodes[nodes.length - 1]!;
      return { s: seg[left ? 0 : last]!, value: (y) => y[node]! };
    },
    floats(q, yf) {
      const out = new Float64Array(q.length);
      for (let i = 0; i < q.length; i++) {
        const v = q[i]!;
        if (!(v >= xsf[0]! && v <= xsf[last + 1]!)) {
          out[i] = NaN;
          continue;
        }
        let lo = 0;
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (xsf[mid]! <= v) lo = mid;
          else hi = mid - 1;
        }
        const a = xsf[lo]!;
        const b = xsf[lo + 1]!;
        const t = (v - a) / (b - a);
        out[i] = yf[nodes[lo]!]! * (1 - t) + yf[nodes[lo + 1]!]! * t;
      }
      return out;
    },
  };
}

/** Squared distance from q to segment [a, b] and the parameter of the nearest point (exact). */
function segmentNearest(a: readonly Fraction[], b: readonly Fraction[], q: readonly Fraction[]) {
  const ab = [b[0]!.sub(a[0]!), b[1]!.sub(a[1]!)];
  const aq = [q[0]!.sub(a[0]!), q[1]!.sub(a[1]!)];
  const len2 = ab[0]!.mul(ab[0]!).add(ab[1]!.mul(ab[1]!));
  let t = aq[0]!.mul(ab[0]!).add(aq[1]!.mul(ab[1]!)).div(len2);
  if (t.s < 0n) t = new Fraction(0);
  else if (t.compare(1) > 0) t = new Fraction(1);
  const dx = aq[0]!.sub(t.mul(ab[0]!));
  const dy = aq[1]!.sub(t.mul(ab[1]!));
  return { dist2: dx.mul(dx).add(dy.mul(dy)), t };
}

function locator2d(x: readonly (readonly Fraction[])[], T: Triangulation, xf: Float64Array): Locator {
  const n = x.length;
  const P = scalePoints(x);
  const tri = Int32Array.from(T.simplices.flat());
  // Triangulations from elsewhere may list triangles clockwise: make them ccw (exactly).
  for (let t = 0; t < tri.length; t += 3) {
    if (orient2d(P, tri[t]!, tri[t + 1]!, tri[t + 2]!) < 0) [tri[t + 1], tri[t + 2]] = [tri[t + 2]!, tri[t + 1]!];
  }
  const M: Mesh = meshFromTriangles(tri, n);
  const nT = T.simplices.length;
  const seed = { s: 0x9e3779b9 };
  const grid = startGrid(M, xf);
  // Boundary half-edges in hull-cycle order (the documented tie-break for extrapolation).
  const from = new Map<number, number>();
  for (let e = 0; e < tri.length; e++) if (M.adj[e]! < 0) from.set(tri[e]!, e);
  const boundary = boundaryCycle(M).map((v) => from.get(v)!);

  const exact = (q: readonly Fraction[]): Located => {
    const sq = scaleQuery(q, P.scale);
    const exactSide: SideOf = (a, b) => orientQuery(P, a, b, sq);
    const qx = toFloat(q[0]!);
    const qy = toFloat(q[1]!);
    const start = grid.start(qx, qy);
    const hint = walk(M, start, floatSide(xf, qx, qy), nT + 16, seed);
    let r = walk(M, hint ? hint.t : start, exactSide, 8 * nT + 64, seed);
    if (r === null) r = scan(exactSide);
    return r.exit < 0 ? { s: r.t, exit: -1 } : { s: -1, exit: r.exit };
  };
  // Guaranteed fallback for a walk that did not finish (never seen; the walk is stochastic).
  const scan = (side: SideOf) => {
    for (let t = 0; t < nT; t++) {
      if (side(tri[3 * t]!, tri[3 * t + 1]!) >= 0 && side(tri[3 * t + 1]!, tri[3 * t + 2]!) >= 0 && side(tri[3 * t + 2]!, tri[3 * t]!) >= 0) {
        return { t, exit: -1 };
      }
    }
    for (const e of boundary) if (side(tri[e]!, tri[next(e)]!) < 0) return { t: (e / 3) | 0, exit: e };
    throw new Error("point location failed");
  };
  return {
    exact,
    valueIn(q, s, y) {
      // Barycentric weights are sub-triangle areas: one bigint sum, one normalization.
      const sq = scaleQuery(q, P.scale);
      const a = tri[3 * s]!;
      const b = tri[3 * s + 1]!;
      const c = tri[3 * s + 2]!;
      const la = orientQueryDet(P, b, c, sq);
      const lb = orientQueryDet(P, c, a, sq);
      const lc = orientQueryDet(P, a, b, sq);
      const [ya, yb, yc] = [y[a]!, y[b]!, y[c]!];
      const num = la * ya.s * ya.n * yb.d * yc.d + lb * yb.s * yb.n * ya.d * yc.d + lc * yc.s * yc.n * ya.d * yb.d;
      return new Fraction(num, (la + lb + lc) * ya.d * yb.d * yc.d);
    },
    nearest(q) {
      let best: { e: number; dist2: Fraction; t: Fraction } | null = null;
      for (const e of boundary) {
        const r = segmentNearest(x[tri[e]!]!, x[tri[next(e)]!]!, q);
        if (best === null || r.dist2.compare(best.dist2) < 0) best = { e, ...r };
      }
      const { e, t } = best!;
      const a = tri[e]!;
      const b = tri[next(e)]!;
      return { s: (e / 3) | 0, value: (y) => y[a]!.add(t.mul(y[b]!.sub(y[a]!))) };
    },
    floats(q, yf) {
      const m = q.length / 2;
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        const qx = q[2 * i]!;
        const qy = q[2 * i + 1]!;
        let t = walkFloat(M, xf, grid.start(qx, qy), qx, qy, nT + 16, seed);
        if (t === null) {
          const r = scan(floatSide(xf, qx, qy));
          t = r.exit >= 0 ? -1 : r.t;
        }
        if (t < 0) {
          out[i] = NaN;
          continue;
        }
        const a = tri[3 * t]!;
        const b = tri[3 * t + 1]!;
        const c = tri[3 * t + 2]!;
        // Barycentric weights are the sub-triangle areas (twice, signed).
        const ax = xf[2 * a]! - qx, ay = xf[2 * a + 1]! - qy;
        const bx = xf[2 * b]! - qx, by = xf[2 * b + 1]! - qy;
        const cx = xf[2 * c]! - qx, cy = xf[2 * c + 1]! - qy;
        const la = bx * cy - by * cx;
        const lb = cx * ay - cy * ax;
        const lc = ax * by - ay * bx;
        out[i] = (la * yf[a]! + lb * yf[b]! + lc * yf[c]!) / (la + lb + lc);
      }
      return out;
    },
  };
}

function floatAsRational(v: number): Fraction | null {
  const r = parseRational(String(v));
  return r.ok ? r.value : null;
}

/** d ≥ 3 (small n, stated in delaunay): a scan of the simplices with exact barycentric coordinates. */
function locatorScan(x: readonly (readonly Fraction[])[], T: Triangulation): Locator {
  const inside = (q: readonly Fraction[]) => {
    for (let s = 0; s < T.simplices.length; s++) {
      const lam = barycentric(T.simplices[s]!.map((i) => x[i]!), q);
      if (lam && lam.every((l) => l.s >= 0n || l.n === 0n)) return { s, lam };
    }
    return null;
  };
  return {
    exact(q) {
      const r = inside(q);
      return { s: r ? r.s : -1, exit: -1 };
    },
    nearest() {
      throw new InputError(`extrapolation is implemented for d = 1 and d = 2 only (this data has d = ${T.d})`);
    },
    floats(q, yf) {
      const d = T.d;
      const m = q.length / d;
      const out = new Float64Array(m);
      for (let i = 0; i < m; i++) {
        // Floats go through the exact path (d ≥ 3 is for small sets only), each read as its
        // shortest decimal, as the data reader reads JSON numbers.
        const qi = Array.from(q.subarray(i * d, i * d + d), (v) => floatAsRational(v));
        const r = qi.every((c) => c !== null) ? inside(qi as Fraction[]) : null;
        out[i] = r ? r.lam.reduce((acc, l, k) => acc + toFloat(l) * yf[T.simplices[r.s]![k]!]!, 0) : NaN;
      }
      return out;
    },
  };
}
