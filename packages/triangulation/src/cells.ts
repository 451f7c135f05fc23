/**
 * Alternatives inside non-simplicial Delaunay cells. A 2-D cell is a convex polygon with
 * all its vertices on one circle (so in strictly convex position): its triangulations are
 * those of a convex k-gon, C(k−2) of them (Catalan), all equally Delaunay.
 */

/** Catalan number C(m) exactly. */
export function catalan(m: number): bigint {
  let c = 1n;
  for (let i = 0; i < m; i++) c = (c * 2n * BigInt(2 * i + 1)) / BigInt(i + 2);
  return c;
}

/** Number of Delaunay triangulations of a 2-D point set: the product over its cells of C(k−2). */
export function delaunayTriangulationCount(cells: readonly (readonly number[])[]): bigint {
  return cells.reduce((acc, poly) => acc * catalan(poly.length - 2), 1n);
}

/**
 * The triangulations of a convex polygon (vertices in ccw order), at most `max` of them,
 * each a list of ccw triangles (vertex labels from `poly`). Recursion on the apex of the
 * triangle over the edge (poly[0], poly[k−1]).
 */
export function convexPolygonTriangulations(poly: readonly number[], max = Infinity): number[][][] {
  const out: number[][][] = [];
  const rec = (lo: number, hi: number): number[][][] => {
    // Triangulations of the sub-polygon poly[lo..hi].
    if (hi - lo < 2) return [[]];
    const res: number[][][] = [];
    for (let m = lo + 1; m < hi; m++) {
      for (const left of rec(lo, m)) {
        for (const right of rec(m, hi)) {
          res.push([...left, [poly[lo]!, poly[m]!, poly[hi]!], ...right]);
          if (res.length >= max) return res;
        }
      }
    }
    return res;
  };
  for (const t of rec(0, poly.length - 1)) {
    out.push(t);
    if (out.length >= max) break;
  }
  return out;
}
