/** The plain-data form of a triangulation shared by every module (and by other packages). */

export interface Triangulation {
  /** Dimension of the points. */
  d: number;
  /** Number of points (every point is a vertex unless `degenerate` says otherwise). */
  n: number;
  /**
   * Simplices as indices into the data points, d+1 each. 2-D: counter-clockwise, smallest
   * index first, sorted lexicographically; 1-D: [left, right], in order along the line.
   */
  simplices: number[][];
  /**
   * Convex hull. 2-D: the boundary cycle counter-clockwise from its smallest index, with
   * every point on the boundary (points inside a hull edge included); 1-D: [argmin, argmax];
   * d ≥ 3: the sorted indices of the points on the hull boundary.
   */
  hull: number[];
}

/** A Delaunay triangulation with what the exact checks found. */
export interface DelaunayResult extends Triangulation {
  /**
   * Delaunay cells that are not simplices (≥ d+2 co-spherical points on an empty sphere):
   * 2-D: counter-clockwise polygons starting at the smallest index. Every triangulation
   * of every such cell is equally Delaunay.
   */
  cells: number[][];
  /** For each simplex, the index of the cell it triangulates, or −1. */
  cellOf: number[];
  /** Edges (2-D) that float rounding got wrong and exact flips repaired. */
  repairs: number;
  /** All points on one line (2-D) or in a hyperplane: no full-dimensional triangulation. */
  degenerate: null | { kind: "collinear" | "flat"; message: string; order?: number[] };
}

/** An affine function g·x + c (exact). */
export interface Affine {
  gradient: import("@qrelu/core").Fraction[];
  offset: import("@qrelu/core").Fraction;
}
