/**
 * Distances from a target expression to the two piecewise-linear functions.
 *
 * On the hull, cell by cell (simplices of the refinement, parametrized from their first
 * vertex: u(s) = v0 + Σ s_k (v_k − v0) on the standard simplex):
 * - polynomial targets: ∫ (P − g)² is the integral of a polynomial over a simplex, exact
 *   (Dirichlet moments); sup |P − g| is exact when deg P ≤ 2, because then P − g is a
 *   quadratic whose extrema on a simplex lie at vertices, at the rational critical points
 *   of its edges, or at its rational interior critical point; above degree 2 the sup is a
 *   float over a dense barycentric sampling, labelled "sampled" (a lower bound).
 * - other targets (sin, cos, exp, sqrt): float quadrature (Gauss–Legendre 5 in 1-D,
 *   Dunavant degree 5 in 2-D) and sampled sup, labelled inexact.
 * Held-out points: seeded rational points in the hull (a simplex chosen by area, then
 * rational barycentric coordinates); the mean squared errors are exact when the target
 * is rational at rational points.
 */
import { evaluate, Fraction, toFloat, type ReluSum } from "@qrelu/core";
import { sumExact } from "./distances";
import type { Triangulation } from "@qrelu/triangulation";
import type { DataSet } from "@qrelu/core";
import { affineThrough } from "@qrelu/triangulation";
import { targetFloat, targetValue, type Target } from "./expr";
import { polyAdd, polyAffine, polyCompose, polyEval, polyMul, integrateSimplex, integrateUnit, type Poly } from "./poly";
import { cellSimplices, homogeneousArea, simplexMeasure, type Refinement } from "./refine";
import { seeded, randInt } from "./rng";

/** A value that is exact (Fraction) or a float with the reason it is not. */
export type Num = { exact: true; value: Fraction } | { exact: false; value: number };

export interface HullNorms {
  l2squared: Num;
  sup: Num;
  /** How the sup was found: "vertices" (affine), "critical points" (quadratic), "sampled" (lower bound). */
  supMethod: "vertices" | "critical points" | "sampled";
  argsup: number[];
}

export interface TargetReport {
  expression: string;
  polynomial: boolean;
  degree: number | null;
  hull: { greedy: HullNorms; interpolant: HullNorms };
  heldOut: { points: number; seed: number; greedy: Num; interpolant: Num };
}

const toF = (v: Num): number => (v.exact ? toFloat(v.value) : v.value);

/** Per-dimension quadrature on the standard simplex: barycentric-free (s-coordinates) nodes and weights summing to 1/d!. */
const GL5 = [
  [0, 0.5688888888888889],
  [0.5384693101056831, 0.4786286704993665],
  [-0.5384693101056831, 0.4786286704993665],
  [0.906179845938664, 0.2369268850561891],
  [-0.906179845938664, 0.2369268850561891],
].map(([x, w]) => [[(1 + x!) / 2], w! / 2] as [number[], number]);
const DUNAVANT5: [number[], number][] = (() => {
  const out: [number[], number][] = [[[1 / 3, 1 / 3], 0.225 / 2]];
  for (const [a, b, w] of [
    [0.059715871789770, 0.470142064105115, 0.132394152788506],
    [0.797426985353087, 0.101286507323456, 0.125939180544827],
  ] as const) {
    // barycentric (a, b, b) and its permutations → (s, t) = (λ1, λ2)
    out.push([[b, b], w / 2], [[a, b], w / 2], [[b, a], w / 2]);
  }
  return out;
})();

function lattice(d: number, k: number): number[][] {
  const out: number[][] = [];
  if (d === 1) for (let i = 0; i <= k; i++) out.push([i / k]);
  else for (let i = 0; i <= k; i++) for (let j = 0; i + j <= k; j++) out.push([i / k, j / k]);
  return out;
}

/** Exact sup of |h| on the standard simplex for a polynomial h of degree ≤ 2, with the point (s-coordinates). */
function quadraticSup(h: Poly, d: number): { sup: Fraction; at: Fraction[] } {
  const cands: Fraction[][] = [];
  const zero = new Fraction(0);
  const one = new Fraction(1);
  const verts = d === 1 ? [[zero], [one]] : [[zero, zero], [one, zero], [zero, one]];
  cands.push(...verts);
  // Critical point of a univariate quadratic q(r) on (0, 1).
  const crit1 = (q: Poly): Fraction | null => {
    const a = q.terms.get("2") ?? zero;
    const b = q.terms.get("1") ?? zero;
    if (a.equals(0)) return null;
    const r = b.neg().div(a.mul(2));
    return r.compare(0) > 0 && r.compare(1) < 0 ? r : null;
  };
  if (d === 1) {
    const r = crit1(h);
    if (r) cands.push([r]);
  } else {
    for (let i = 0; i < 3; i++) {
      const P = verts[i]!;
      const Q = verts[(i + 1) % 3]!;
      const sub = [0, 1].map((k) => polyAffine(P[k]!, [Q[k]!.sub(P[k]!)]));
      const r = crit1(polyCompose(h, sub));
      if (r) cands.push([0, 1].map((k) => P[k]!.add(r.mul(Q[k]!.sub(P[k]!)))));
    }
    const g = (e: string): Fraction => h.terms.get(e) ?? zero;
    const a = g("2,0");
    const b = g("1,1");
    const c = g("0,2");
    const dd = g("1,0");
    const e = g("0,1");
    const det = a.mul(c).mul(4).sub(b.mul(b));
    if (!det.equals(0)) {
      // 2a s + b t = −d, b s + 2c t = −e
      const s = b.mul(e).sub(c.mul(dd).mul(2)).div(det);
      const t = b.mul(dd).sub(a.mul(e).mul(2)).div(det);
      if (s.compare(0) > 0 && t.compare(0) > 0 && s.add(t).compare(1) < 0) cands.push([s, t]);
    }
  }
  let best = { sup: new Fraction(-1), at: cands[0]! };
  for (const p of cands) {
    const v = polyEval(h, p).abs();
    if (v.compare(best.sup) > 0) best = { sup: v, at: p };
  }
  return best;
}

/** Distances on the hull between the target and the function with vertex values `pick(cell)`. */
/** One simplex of the refinement's cells, with P∘u computed once for both functions. */
interface PieceSimplex {
  V: Fraction[][];
  m: Fraction;
  f: Fraction[];
  I: Fraction[];
  /** P(v0 + Σ s_k (v_k − v0)) for polynomial targets. */
  Pu?: Poly;
}

function pieceSimplices(t: Target, R: Refinement): PieceSimplex[] {
  return R.cells.flatMap((c) =>
    cellSimplices(c).map((s) => {
      const V = s.map((i) => c.verts[i]!);
      const m = c.h && s.length === 3 ? homogeneousArea(c.h[s[0]!]!, c.h[s[1]!]!, c.h[s[2]!]!) : simplexMeasure(V);
      const u = Array.from({ length: R.d }, (_, k) => polyAffine(V[0]![k]!, V.slice(1).map((v) => v[k]!.sub(V[0]![k]!))));
      return { V, m, f: s.map((i) => c.f[i]!), I: s.map((i) => c.I[i]!), Pu: t.poly ? polyCompose(t.poly, u) : undefined };
    }),
  );
}

function hullNorms(t: Target, pieces: readonly PieceSimplex[], d: number, which: "f" | "I"): HullNorms {
  const exactSupOk = t.poly !== undefined && (t.degree ?? 0) <= 2;
  const l2: Fraction[] = [];
  let l2f = 0;
  let sup = new Fraction(0);
  let supf = 0;
  let argsup: number[] = [];
  for (const piece of pieces) {
    {
      const { V, m } = piece;
      const g = piece[which];
      const toX = (p: readonly Fraction[]): Fraction[] =>
        V[0]!.map((x0, k) => p.reduce((acc, pk, j) => acc.add(pk.mul(V[j + 1]![k]!.sub(x0))), x0));
      if (t.poly) {
        // h(s) = P(u(s)) − (g0 + Σ s_k (g_k − g0))
        const h = polyAdd(piece.Pu!, polyAffine(g[0]!, g.slice(1).map((gk) => gk.sub(g[0]!))), -1);
        const sq = polyMul(h, h);
        l2.push(m.mul(d === 1 ? integrateUnit(sq) : integrateSimplex(sq).mul(2)));
        if (exactSupOk) {
          const q = quadraticSup(h, d);
          if (q.sup.compare(sup) > 0) {
            sup = q.sup;
            argsup = toX(q.at).map((v) => toFloat(v));
          }
          continue;
        }
      } else {
        const rule = d === 1 ? GL5 : DUNAVANT5;
        const mf = toFloat(m) * (d === 1 ? 1 : 2);
        for (const [p, w] of rule) {
          const x = toX(p.map((v) => new Fraction(v))).map((v) => toFloat(v));
          const gv = toFloat(g[0]!) + p.reduce((acc, pk, j) => acc + pk * (toFloat(g[j + 1]!) - toFloat(g[0]!)), 0);
          l2f += mf * w * (targetFloat(t, x) - gv) ** 2;
        }
      }
      // Sampled sup (a lower bound): a barycentric lattice including the vertices.
      const x0 = V[0]!.map((v) => toFloat(v));
      const e = V.slice(1).map((v) => v.map((vk, k) => toFloat(vk) - x0[k]!));
      for (const p of lattice(d, 12)) {
        const x = x0.map((v, k) => v + p.reduce((acc, pk, j) => acc + pk * e[j]![k]!, 0));
        const gv = toFloat(g[0]!) + p.reduce((acc, pk, j) => acc + pk * (toFloat(g[j + 1]!) - toFloat(g[0]!)), 0);
        const diff = Math.abs(targetFloat(t, x) - gv);
        if (diff > supf) {
          supf = diff;
          argsup = x;
        }
      }
    }
  }
  return {
    l2squared: t.poly ? { exact: true, value: sumExact(l2) } : { exact: false, value: l2f },
    sup: exactSupOk ? { exact: true, value: sup } : { exact: false, value: supf },
    supMethod: exactSupOk ? (t.degree! <= 1 ? "vertices" : "critical points") : "sampled",
    argsup,
  };
}

/** Seeded rational points in the hull: a simplex chosen with probability ∝ its measure, then rational barycentric coordinates. */
export function heldOutPoints(ds: DataSet, T: Triangulation, count: number, seed: number): { x: Fraction[]; simplex: number }[] {
  const r = seeded(seed);
  const V = T.simplices.map((s) => s.map((i) => ds.x[i]!));
  const w = V.map((v) => toFloat(simplexMeasure(v)));
  const total = w.reduce((a, b) => a + b, 0);
  const M = 1 << 16;
  const out: { x: Fraction[]; simplex: number }[] = [];
  for (let k = 0; k < count; k++) {
    let u = r() * total;
    let s = 0;
    while (s < w.length - 1 && u >= w[s]!) u -= w[s++]!;
    const v = V[s]!;
    let a = randInt(r, M);
    let b = ds.d === 2 ? randInt(r, M) : 0;
    if (a + b > M) [a, b] = [M - a, M - b];
    const la = new Fraction(a, M);
    const lb = new Fraction(b, M);
    const x = v[0]!.map((x0, i) => {
      let p = x0.add(la.mul(v[1]![i]!.sub(x0)));
      if (ds.d === 2) p = p.add(lb.mul(v[2]![i]!.sub(x0)));
      return p;
    });
    out.push({ x, simplex: s });
  }
  return out;
}

export function compareTarget(
  t: Target,
  f: ReluSum,
  ds: DataSet,
  T: Triangulation,
  R: Refinement,
  opts: { heldOut: number; seed: number },
): TargetReport {
  const pts = heldOutPoints(ds, T, opts.heldOut, opts.seed);
  const pieces = pieceSimplices(t, R);
  const affines = new Map<number, ReturnType<typeof affineThrough>>();
  let exact = true;
  // Squared errors collected and summed by pairs (sumExact): cheaper gcds than a running sum.
  const ef: Fraction[] = [];
  const ei: Fraction[] = [];
  let efF = 0;
  let eiF = 0;
  for (const { x, simplex } of pts) {
    let A = affines.get(simplex);
    if (!A) {
      const sx = T.simplices[simplex]!;
      A = affineThrough(sx.map((i) => ds.x[i]!), sx.map((i) => ds.y[i]!));
      affines.set(simplex, A);
    }
    const Iv = x.reduce((acc, xk, k) => acc.add(A!.gradient[k]!.mul(xk)), A.offset);
    const fv = evaluate(f, x);
    const tv = targetValue(t, x);
    if (tv.exact) {
      ef.push(fv.sub(tv.value).pow(2));
      ei.push(Iv.sub(tv.value).pow(2));
    } else exact = false;
    const tf = tv.exact ? toFloat(tv.value) : tv.value;
    efF += (toFloat(fv) - tf) ** 2;
    eiF += (toFloat(Iv) - tf) ** 2;
  }
  const n = Math.max(1, pts.length);
  const mse = (e: Fraction[], fl: number): Num =>
    exact ? { exact: true, value: sumExact(e).div(n) } : { exact: false, value: fl / n };
  return {
    expression: t.text,
    polynomial: t.poly !== undefined,
    degree: t.degree === undefined ? null : Number.isFinite(t.degree) ? t.degree : 0,
    hull: { greedy: hullNorms(t, pieces, R.d, "f"), interpolant: hullNorms(t, pieces, R.d, "I") },
    heldOut: { points: pts.length, seed: opts.seed, greedy: mse(ef, efF), interpolant: mse(ei, eiF) },
  };
}

export { toF as numToFloat };
