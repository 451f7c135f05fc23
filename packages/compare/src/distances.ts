/**
 * Exact distances between two functions that are affine on every cell of a refinement.
 * sup |g| over a cell is attained at a vertex (|affine| is convex), so sup = max over
 * vertices. For affine g on a d-simplex of measure m with vertex values g_i,
 *   ∫ g² = m · 2/((d+1)(d+2)) · (Σ g_i² + Σ_{i<j} g_i g_j)
 * (1-D: m(p² + pq + q²)/3; 2-D: m/6 (Σ g_i² + Σ g_i g_j)): the degree-2 moments of the
 * uniform measure on a simplex are E[λ_i²] = 2/((d+1)(d+2)), E[λ_iλ_j] = 1/((d+1)(d+2)).
 */
import { Fraction } from "@qrelu/core";
import { cellSimplices, simplexMeasure, type Refinement } from "./refine";

export interface Distance {
  sup: Fraction;
  /** A point where the sup is attained (the first found, in cell order). */
  argsup: Fraction[];
  l2squared: Fraction;
}

/** ∫ over a simplex of the square of the affine function with vertex values g. */
export function affineSquareIntegral(measure: Fraction, g: readonly Fraction[]): Fraction {
  const d = g.length - 1;
  let sq = new Fraction(0);
  let cross = new Fraction(0);
  for (let i = 0; i < g.length; i++) {
    sq = sq.add(g[i]!.mul(g[i]!));
    for (let j = i + 1; j < g.length; j++) cross = cross.add(g[i]!.mul(g[j]!));
  }
  return measure.mul(sq.add(cross)).mul(2).div((d + 1) * (d + 2));
}

/** Distance between f and I on the refinement (both affine on each cell). */
export function distanceFI(R: Refinement): Distance {
  let sup = new Fraction(0);
  let argsup: Fraction[] = R.cells[0]?.verts[0] ?? [];
  let l2 = new Fraction(0);
  for (const c of R.cells) {
    const g = c.f.map((v, i) => v.sub(c.I[i]!));
    g.forEach((v, i) => {
      if (v.abs().compare(sup) > 0) {
        sup = v.abs();
        argsup = c.verts[i]!;
      }
    });
    for (const s of cellSimplices(c)) {
      l2 = l2.add(affineSquareIntegral(simplexMeasure(s.map((i) => c.verts[i]!)), s.map((i) => g[i]!)));
    }
  }
  return { sup, argsup, l2squared: l2 };
}
