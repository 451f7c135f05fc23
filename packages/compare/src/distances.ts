/**
 * Exact distances between two functions that are affine on every cell of a refinement.
 * sup |g| over a cell is attained at a vertex (|affine| is convex), so sup = max over
 * vertices. For affine g on a d-simplex of measure m with vertex values g_i,
 *   ∫ g² = m · 2/((d+1)(d+2)) · (Σ g_i² + Σ_{i<j} g_i g_j)
 * (1-D: m(p² + pq + q²)/3; 2-D: m/6 (Σ g_i² + Σ g_i g_j)): the degree-2 moments of the
 * uniform measure on a simplex are E[λ_i²] = 2/((d+1)(d+2)), E[λ_iλ_j] = 1/((d+1)(d+2)).
 */
import { Fraction, lcmB } from "@qrelu/core";
import { cellSimplices, homogeneousArea, simplexMeasure, type Refinement } from "./refine";

export interface Distance {
  sup: Fraction;
  /** A point where the sup is attained (the first found, in cell order). */
  argsup: Fraction[];
  l2squared: Fraction;
}

/**
 * Exact sum by pairwise (tree) reduction. Summing on one shared denominator multiplies
 * the distinct denominators together and leaves one gcd on a gigantic number; a running
 * sum normalizes ever larger partial sums. Pairing keeps every partial sum reduced and the
 * operands balanced, so the gcds work on numbers near the size of the true lcm.
 */
export function sumExact(xs: readonly Fraction[]): Fraction {
  if (xs.length === 0) return new Fraction(0);
  let level = xs.slice();
  while (level.length > 1) {
    const next: Fraction[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) next.push(level[i]!.add(level[i + 1]!));
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return level[0]!;
}

/** ∫ over a simplex of the square of the affine function with vertex values g. */
export function affineSquareIntegral(measure: Fraction, g: readonly Fraction[]): Fraction {
  const d = g.length - 1;
  // Fraction-free: over D = lcm den_i, N_i = num_i · D/den_i; one normalization at the end.
  // (The denominators share most factors: the lcm is far smaller than the product.)
  let D = 1n;
  for (const v of g) D = lcmB(D, v.d);
  const N = g.map((v) => v.s * v.n * (D / v.d));
  let S = 0n;
  for (let i = 0; i < N.length; i++) {
    S += N[i]! * N[i]!;
    for (let j = i + 1; j < N.length; j++) S += N[i]! * N[j]!;
  }
  return new Fraction(2n * S * measure.s * measure.n, D * D * measure.d * BigInt((d + 1) * (d + 2)));
}

/** Distance between f and I on the refinement (both affine on each cell). */
export function distanceFI(R: Refinement): Distance {
  let sup = new Fraction(0);
  let argsup: Fraction[] = R.cells[0]?.verts[0] ?? [];
  const l2: Fraction[] = []; // summed once, by pairwise reduction (sumExact)
  for (const c of R.cells) {
    const g = c.f.map((v, i) => v.sub(c.I[i]!));
    g.forEach((v, i) => {
      if (v.abs().compare(sup) > 0) {
        sup = v.abs();
        argsup = c.verts[i]!;
      }
    });
    for (const s of cellSimplices(c)) {
      const m = c.h ? homogeneousArea(c.h[s[0]!]!, c.h[s[1]!]!, c.h[s[2]!]!) : simplexMeasure(s.map((i) => c.verts[i]!));
      l2.push(affineSquareIntegral(m, s.map((i) => g[i]!)));
    }
  }
  return { sup, argsup, l2squared: sumExact(l2) };
}
