/**
 * How big the arrangement of a data set is (MODEL.md §3), for `qrelu inspect`.
 *
 * d = 1: n distinct inputs give n distinct lines through the origin of R², so exactly 2n rays and
 * 2n arcs. d = 2: great circles on S²; counted exactly through the intersection lines
 * (vertex pairs) and Euler's formula V − E + F = 2. d ≥ 3: the general-position bound on the
 * number of sectors, labelled as a bound.
 */
import type { DataSet } from "./data";
import { liftInputs } from "./arrangement";
import { nullVector } from "./arrangement-linalg";

export const ARRANGEMENT_SIZE_LIMITS = { exact2d: 3000 } as const;

export type ArrangementSize =
  | { d: 1; hyperplanes: number; rays: number; arcs: number; exact: true }
  | { d: 2; hyperplanes: number; vertices: number; edges: number; cells: number; exact: true }
  | { d: number; hyperplanes: number; sectorsAtMost: string; exact: false; note: string };

/** C(n, k), exact (0 outside 0 ≤ k ≤ n). */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}

/** Cross product of two integer 3-vectors, made primitive with its first non-zero entry positive. */
function lineKey(a: readonly bigint[], b: readonly bigint[]): string {
  let v = nullVector([a, b], 3);
  const lead = v.find((t) => t !== 0n)!;
  if (lead < 0n) v = v.map((t) => -t);
  return v.join(",");
}

export function arrangementSize(ds: DataSet): ArrangementSize {
  const n = ds.n;
  if (ds.d === 1) return { d: 1, hyperplanes: n, rays: 2 * n, arcs: 2 * n, exact: true };
  const generalPosition = (): string => {
    // Sectors of n central hyperplanes in general position in R^(d+1): 2·Σ_{i≤d} C(n−1, i).
    let s = 0n;
    for (let i = 0; i <= ds.d; i++) s += binomial(n - 1, i);
    return (2n * s).toString();
  };
  if (ds.d === 2 && n <= ARRANGEMENT_SIZE_LIMITS.exact2d) {
    if (n === 1) return { d: 2, hyperplanes: 1, vertices: 0, edges: 0, cells: 2, exact: true };
    const X = liftInputs(ds).X;
    // Each intersection line of two planes is a pair of antipodal vertices; on each circle the
    // vertices it carries cut it into as many edges.
    const lines = new Map<string, Set<number>>();
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const key = lineKey(X[i]!, X[j]!);
        let on = lines.get(key);
        if (!on) lines.set(key, (on = new Set()));
        on.add(i).add(j);
      }
    }
    const perCircle = new Array<number>(n).fill(0);
    for (const on of lines.values()) for (const j of on) perCircle[j]!++;
    const vertices = 2 * lines.size;
    const edges = perCircle.reduce((s, t) => s + 2 * t, 0);
    return { d: 2, hyperplanes: n, vertices, edges, cells: 2 - vertices + edges, exact: true };
  }
  return {
    d: ds.d,
    hyperplanes: n,
    sectorsAtMost: generalPosition(),
    exact: false,
    note:
      ds.d === 2
        ? `n > ${ARRANGEMENT_SIZE_LIMITS.exact2d}: exact count skipped; general-position bound`
        : "general-position bound on the number of sectors (equality when no d+1 augmented inputs are dependent)",
  };
}
