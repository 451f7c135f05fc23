/** The public shapes of MODEL.md §4: faces, extremal vectors and a full result. */
import type { Fraction } from "@qrelu/core";

export interface Face {
  /** 0-based indices into the DataSet's (merged) points whose hyperplane contains u, increasing. */
  zero: number[];
  /** Dimension of the face = dimension of its linear span L_F (sectors: d + 1; 1-D rays: 1). */
  dim: number;
}

export interface ExtremalVector {
  sign: 1 | -1;
  /** The exact u_F = −s·Proj_{L_F}(D_{P(F)}); |u|² = rate2. */
  u: Fraction[];
  /** Primitive integer vector along u (length d + 1, bias last). */
  direction: bigint[];
  /** |u_F|², exact: the squared growth rate. */
  rate2: Fraction;
  face: Face;
  /** d = 1 only, when u_1 ≠ 0: the kink −b/w. */
  kink?: Fraction;
  /** d = 1 only, when u_1 ≠ 0: the side where ⟨u, x̃⟩ > 0. (u_1 = 0 is the constant feature relu(b).) */
  active?: "right" | "left";
}

export interface ExtremalResult {
  dimension: number;
  /** "exact": every extremal vector, proved. "search": those found from seeded starts, each one verified exactly. */
  method: "exact" | "search";
  /** Sorted by rate2 descending; ties: sign +1 first, then u in lexicographic order of its exact entries. */
  extremal: ExtremalVector[];
}

export interface ExtremalOptions {
  /** "auto" (default): exact when within the stated limits, otherwise search. */
  mode?: "auto" | "exact" | "search";
  /** Search mode: number of seeded starts per sign (default 64). */
  seeds?: number;
  /** Search mode: PRNG seed (default 1). */
  seed?: number;
}
