/**
 * The common refinement of a triangulation and the kinks of a ridge sum, on the convex
 * hull of the data: cells on which both the ridge sum f and the simplicial interpolant I
 * are affine, with both functions' exact values at every cell vertex.
 *
 * 1-D: cells are the segments between consecutive breakpoints (data points ∪ kinks
 * inside the hull). 2-D: every triangle is clipped by every kink line that crosses its
 * interior (exact, fraction-free: vertices are homogeneous integer triples (X, Y, W),
 * W > 0, so a sign test is one integer dot product and a cut point is one integer
 * combination); the pieces are convex polygons listed counter-clockwise.
 */
import { absB, evaluate, Fraction, gcdB, lcmB, type DataSet, type ReluSum } from "@qrelu/core";
import { affineThrough, type Triangulation } from "@qrelu/triangulation";
import { kinkPoint1d, type Kink } from "./ridges";

export interface Cell {
  /** Vertices (1-D: [a, b]; 2-D: convex polygon, counter-clockwise). */
  verts: Fraction[][];
  /** 2-D: the same vertices as homogeneous integers (X, Y, W), W > 0 (for fraction-free areas). */
  h?: bigint[][];
  /** f and I at the vertices. */
  f: Fraction[];
  I: Fraction[];
  /** The simplex of the triangulation holding the cell. */
  simplex: number;
}

export interface Refinement {
  d: number;
  cells: Cell[];
}

/** 1-D refinement. `T.simplices` are the segments [left, right] in order. */
export function refine1d(f: ReluSum, kinks: readonly Kink[], ds: DataSet, T: Triangulation): Refinement {
  const cells: Cell[] = [];
  const kx = kinks.map(kinkPoint1d); // sorted
  let k = 0;
  T.simplices.forEach(([i, j], s) => {
    const a = ds.x[i!]![0]!;
    const b = ds.x[j!]![0]!;
    const ya = ds.y[i!]!;
    const yb = ds.y[j!]!;
    // Kinks strictly inside (a, b), in order: the interpolant there is linear in x.
    while (k < kx.length && kx[k]!.compare(a) <= 0) k++;
    const pts = [a];
    while (k < kx.length && kx[k]!.compare(b) < 0) pts.push(kx[k++]!);
    pts.push(b);
    const slope = yb.sub(ya).div(b.sub(a));
    const Iv = pts.map((x, m) => (m === 0 ? ya : m === pts.length - 1 ? yb : ya.add(slope.mul(x.sub(a)))));
    const fv = pts.map((x) => evaluate(f, [x]));
    for (let m = 0; m + 1 < pts.length; m++) {
      cells.push({ verts: [[pts[m]!], [pts[m + 1]!]], f: [fv[m]!, fv[m + 1]!], I: [Iv[m]!, Iv[m + 1]!], simplex: s });
    }
  });
  return { d: 1, cells };
}

/** Homogeneous integer point (X/W, Y/W), W > 0, reduced. */
type H = [bigint, bigint, bigint];

function reduceH(p: H): H {
  const g = gcdB(gcdB(p[0], p[1]), p[2]);
  return g > 1n ? [p[0] / g, p[1] / g, p[2] / g] : p;
}

function toH(x: readonly Fraction[]): H {
  const W = lcmB(x[0]!.d, x[1]!.d);
  return [x[0]!.s * x[0]!.n * (W / x[0]!.d), x[1]!.s * x[1]!.n * (W / x[1]!.d), W];
}

const lineAt = (n: readonly bigint[], p: H): bigint => n[0]! * p[0] + n[1]! * p[1] + n[2]! * p[2];

/**
 * Cut a convex polygon by the line n·(x, 1) = 0. Returns the two sides (each null when
 * empty) or null when the line does not cross the interior.
 */
function cut(poly: H[], n: readonly bigint[]): [H[], H[]] | null {
  const s = poly.map((p) => lineAt(n, p));
  if (!s.some((v) => v > 0n) || !s.some((v) => v < 0n)) return null;
  const pos: H[] = [];
  const neg: H[] = [];
  for (let i = 0; i < poly.length; i++) {
    const j = (i + 1) % poly.length;
    const P = poly[i]!;
    const Q = poly[j]!;
    const sp = s[i]!;
    const sq = s[j]!;
    if (sp >= 0n) pos.push(P);
    if (sp <= 0n) neg.push(P);
    if ((sp > 0n && sq < 0n) || (sp < 0n && sq > 0n)) {
      // R = sp·Q − sq·P is on the line (n·R = sp·sq − sq·sp = 0); W_R has the sign of sp.
      let R: H = [sp * Q[0] - sq * P[0], sp * Q[1] - sq * P[1], sp * Q[2] - sq * P[2]];
      if (R[2] < 0n) R = [-R[0], -R[1], -R[2]];
      R = reduceH(R);
      pos.push(R);
      neg.push(R);
    }
  }
  return [pos, neg];
}

/** Stated limit on the number of cells of a 2-D refinement (memory). */
export const REFINE_LIMITS = { maxCells: 2_000_000 } as const;

/** 2-D refinement. `T.simplices` are counter-clockwise triangles. */
export function refine2d(f: ReluSum, kinks: readonly Kink[], ds: DataSet, T: Triangulation): Refinement {
  const pts = ds.x.map(toH);
  const cells: Cell[] = [];
  // f at a homogeneous vertex without intermediate normalization: with B the lcm of the
  // coefficients' denominators and C_i = B·c_i, f(X/W) = Σ_{z_i > 0} C_i z_i / (W·B),
  // z_i = ⟨w_i, (X, Y, W)⟩. Greedy coefficients can have thousands of digits; a gcd per
  // operation (what Fraction arithmetic does) would dominate everything.
  let B = 1n;
  for (const t of f.terms) B = lcmB(B, t.coef.d);
  const Cs = f.terms.map((t) => t.coef.s * t.coef.n * (B / t.coef.d));
  const fCache = new Map<string, Fraction>();
  const fAt = (h: H): Fraction => {
    const key = h.join(",");
    let r = fCache.get(key);
    if (r === undefined) {
      let F = 0n;
      f.terms.forEach((t, i) => {
        const z = t.dir[0]! * h[0] + t.dir[1]! * h[1] + t.dir[2]! * h[2];
        if (z > 0n) F += Cs[i]! * z;
      });
      fCache.set(key, (r = new Fraction(F, h[2] * B)));
    }
    return r;
  };
  T.simplices.forEach((simplex, s) => {
    let polys: H[][] = [simplex.map((i) => pts[i]!)];
    for (const k of kinks) {
      const nextPolys: H[][] = [];
      for (const p of polys) {
        const c = cut(p, k.normal);
        if (c === null) nextPolys.push(p);
        else nextPolys.push(c[0], c[1]);
      }
      polys = nextPolys;
    }
    if (cells.length + polys.length > REFINE_LIMITS.maxCells) {
      throw new RangeError(`refinement has more than ${REFINE_LIMITS.maxCells} cells`);
    }
    const A = affineThrough(
      simplex.map((i) => ds.x[i]!),
      simplex.map((i) => ds.y[i]!),
    );
    // The interpolant on this simplex as integers over one denominator: I = (a·X + b·Y + c·W)/(W·Da).
    const Da = lcmB(lcmB(A.gradient[0]!.d, A.gradient[1]!.d), A.offset.d);
    const ai = [A.gradient[0]!, A.gradient[1]!, A.offset].map((v) => v.s * v.n * (Da / v.d));
    for (const p of polys) {
      cells.push({
        verts: p.map((h) => [new Fraction(h[0], h[2]), new Fraction(h[1], h[2])]),
        h: p,
        f: p.map(fAt),
        I: p.map((h) => new Fraction(ai[0]! * h[0] + ai[1]! * h[1] + ai[2]! * h[2], h[2] * Da)),
        simplex: s,
      });
    }
  });
  return { d: 2, cells };
}

/** The simplices of a cell (2-D: a fan from its first vertex), as vertex index lists. */
export function cellSimplices(c: Cell): number[][] {
  if (c.verts.length === 2) return [[0, 1]];
  const out: number[][] = [];
  for (let i = 1; i + 1 < c.verts.length; i++) out.push([0, i, i + 1]);
  return out;
}

/** Area of a triangle of homogeneous integer vertices: |det[X Y W]| / (2 W0 W1 W2). */
export function homogeneousArea(a: readonly bigint[], b: readonly bigint[], c: readonly bigint[]): Fraction {
  const det =
    a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) - a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) + a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!);
  return new Fraction(absB(det), 2n * a[2]! * b[2]! * c[2]!);
}

/** Length (1-D) or area (2-D) of the simplex with the given vertices. Exact. */
export function simplexMeasure(v: readonly (readonly Fraction[])[]): Fraction {
  if (v.length === 2) return v[1]![0]!.sub(v[0]![0]!).abs();
  const ax = v[1]![0]!.sub(v[0]![0]!);
  const ay = v[1]![1]!.sub(v[0]![1]!);
  const bx = v[2]![0]!.sub(v[0]![0]!);
  const by = v[2]![1]!.sub(v[0]![1]!);
  return ax.mul(by).sub(ay.mul(bx)).abs().div(2);
}
