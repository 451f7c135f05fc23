/**
 * d ≥ 3 (small n): Delaunay by lifting to the paraboloid, exactly.
 *
 * Lift each integer point X to (X, |X|²). A set S of d+1 affinely independent points spans
 * a lower-hull facet iff no lifted point lies strictly below the hyperplane through S, i.e.
 * no point lies strictly inside the sphere through S. Every such S is tested (bigint
 * Bareiss solve for the hyperplane, exact sign tests for the others); the points on the
 * sphere form the Delaunay cell. This is O(C(n, d+1) · n): the stated limit is on that.
 *
 * Non-simplicial cells (≥ d+2 co-spherical points) are triangulated by the pulling rule in
 * data-index order (the same rule as the 2-D fan): the regular triangulation for heights
 * |x|² − ε^rank (rank = position in index order, ε → 0), decided symbolically below.
 */
import { binomial, InputError, LimitError, rankInt, solveIntSystem, SingularMatrixError, type Fraction } from "@qrelu/core";
import { scalePoints, type ScaledPoints } from "./scaled";
import type { DelaunayResult } from "./types";

/** Stated limit: C(n, d+1) · n, the number of sphere tests. */
export const LIFTING_MAX_WORK = 4_000_000;

/** C(n, k) as a number, for comparing work against the stated limits. */
const binom = (n: number, k: number): number => Number(binomial(n, k));

/** All k-subsets of `items` in lexicographic order. */
function* subsets(items: readonly number[], k: number): Generator<number[]> {
  const idx = Array.from({ length: k }, (_, i) => i);
  const m = items.length;
  if (k > m) return;
  for (;;) {
    yield idx.map((i) => items[i]!);
    let i = k - 1;
    while (i >= 0 && idx[i] === m - k + i) i--;
    if (i < 0) return;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

const coords = (P: ScaledPoints, i: number): bigint[] => P.ints.slice(i * P.d, i * P.d + P.d);
const lift = (X: readonly bigint[]): bigint => X.reduce((s, v) => s + v * v, 0n);

/** Solve a square integer system; null when singular. */
function trySolve(M: bigint[][], rhs: bigint[]): { num: bigint[]; den: bigint } | null {
  try {
    return solveIntSystem(M, rhs);
  } catch (e) {
    if (e instanceof SingularMatrixError) return null;
    throw e;
  }
}

export function delaunayLifted(x: readonly (readonly Fraction[])[], source = "data"): DelaunayResult {
  const n = x.length;
  const d = x[0]!.length;
  if (n < d + 1) throw new InputError(`a ${d}-D triangulation needs at least ${d + 1} points, found ${n}`, { file: source });
  const work = binom(n, d + 1) * n;
  if (work > LIFTING_MAX_WORK) {
    throw new LimitError(
      `Delaunay in d = ${d} is brute force on the lifted points: C(n, d+1)·n = ${work} tests exceed the limit ${LIFTING_MAX_WORK} (use fewer points)`,
      { file: source },
    );
  }
  const P = scalePoints(x);
  const X = Array.from({ length: n }, (_, i) => coords(P, i));
  const L = X.map(lift);
  const base: DelaunayResult = { d, n, simplices: [], hull: [], cells: [], cellOf: [], repairs: 0, degenerate: null };
  if (rankInt(X.slice(1).map((p) => p.map((v, k) => v - X[0]![k]!))) < d) {
    return { ...base, degenerate: { kind: "flat", message: `all ${n} points lie in a hyperplane: there is no ${d}-D triangulation` } };
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const found = new Map<string, number[]>();
  for (const S of subsets(all, d + 1)) {
    // Hyperplane h(X) = a·X + b through the lifted S: [X_s, 1]·(a, b) = |X_s|².
    const h = trySolve(
      S.map((s) => [...X[s]!, 1n]),
      S.map((s) => L[s]!),
    );
    if (h === null) continue; // affinely dependent
    const onSphere: number[] = [];
    let empty = true;
    for (let p = 0; p < n && empty; p++) {
      if (S.includes(p)) continue;
      // den·(|X_p|² − h(X_p)) with den > 0: negative means strictly inside the sphere.
      let v = h.den * L[p]! - h.num[d]!;
      for (let k = 0; k < d; k++) v -= h.num[k]! * X[p]![k]!;
      if (v < 0n) empty = false;
      else if (v === 0n) onSphere.push(p);
    }
    if (!empty) continue;
    const cell = [...S, ...onSphere].sort((a, b) => a - b);
    found.set(cell.join(","), cell);
  }
  const tagged: { s: number[]; c: number }[] = [];
  const cells: number[][] = [];
  for (const cell of [...found.values()].sort(lex)) {
    if (cell.length === d + 1) tagged.push({ s: cell, c: -1 });
    else {
      const c = cells.push(cell) - 1;
      for (const s of pullingTriangulation(X, cell)) tagged.push({ s, c });
    }
  }
  tagged.sort((u, v) => lex(u.s, v.s));
  const simplices = tagged.map((u) => u.s);
  return { ...base, simplices, cellOf: tagged.map((u) => u.c), cells, hull: boundaryVertices(simplices) };
}

function lex(s: readonly number[], t: readonly number[]): number {
  for (let i = 0; i < Math.min(s.length, t.length); i++) if (s[i] !== t[i]) return s[i]! - t[i]!;
  return s.length - t.length;
}

/**
 * The pulling triangulation of a cell (points in convex position, sorted by index): the
 * regular triangulation for heights w_i = −ε^(rank i). S is a simplex iff for every other
 * point p, w_p − Σ_s λ_s(p) w_s > 0 as ε → 0: the term of lowest rank among p and the s
 * with λ_s(p) ≠ 0 decides; it must be some s, with λ_s(p) > 0.
 */
export function pullingTriangulation(X: readonly (readonly bigint[])[], cell: readonly number[]): number[][] {
  const d = X[0]!.length;
  const rank = new Map(cell.map((v, r) => [v, r]));
  const out: number[][] = [];
  for (const S of subsets(cell, d + 1)) {
    // Barycentric coordinates: Σ λ_s (X_s, 1) = (X_p, 1); the matrix has the points as columns.
    const M = Array.from({ length: d + 1 }, (_, k) => S.map((s) => (k < d ? X[s]![k]! : 1n)));
    let ok = true;
    let independent = true;
    for (const p of cell) {
      if (S.includes(p)) continue;
      const lam = trySolve(M, [...X[p]!, 1n]);
      if (lam === null) {
        independent = false;
        break;
      }
      let best = rank.get(p)!;
      let sign = -1;
      lam.num.forEach((l, i) => {
        const r = rank.get(S[i]!)!;
        if (l !== 0n && r < best) {
          best = r;
          sign = l > 0n ? 1 : -1;
        }
      });
      if (sign < 0) {
        ok = false;
        break;
      }
    }
    if (independent && ok) out.push(S);
  }
  return out;
}

/** Vertices of the facets that belong to exactly one simplex, sorted. */
function boundaryVertices(simplices: readonly number[][]): number[] {
  const count = new Map<string, number[]>();
  const seen = new Map<string, number>();
  for (const s of simplices) {
    for (let i = 0; i < s.length; i++) {
      const f = s.filter((_, j) => j !== i);
      const k = f.join(",");
      seen.set(k, (seen.get(k) ?? 0) + 1);
      count.set(k, f);
    }
  }
  const v = new Set<number>();
  for (const [k, c] of seen) if (c === 1) count.get(k)!.forEach((i) => v.add(i));
  return [...v].sort((a, b) => a - b);
}
