/**
 * All extremal vectors of a 1-D data set in O(n log n) (MODEL.md §3–§4; derivation in docs/extremal.md).
 *
 * Directions are w = (a, b) on the circle. With the inputs sorted, every face's active set is a
 * prefix or a suffix of the sorted order, so every D_{P(F)} is a difference of prefix sums, and
 * each of the 2n rays and 2n arcs is decided by a constant number of exact integer operations.
 */
import { dotB, sortedOrder1d } from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { makeExtremal, type Weighted } from "./extremal-weights";

const neg = (v: readonly bigint[]) => v.map((x) => -x);

export function extremal1d(w: Weighted): ExtremalVector[] {
  if (w.d !== 1) throw new RangeError("extremal1d: data must be 1-D");
  const n = w.n;
  const order = sortedOrder1d(w);
  // head(k) = Σ over the first k sorted points of ρ̂_j X_j; tail(k) = total − head(k).
  const SA = new Array<bigint>(n + 1);
  const SC = new Array<bigint>(n + 1);
  SA[0] = 0n;
  SC[0] = 0n;
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    const r = w.rho[j]!;
    SA[i + 1] = SA[i]! + r * w.X[j]![0]!;
    SC[i + 1] = SC[i]! + r * w.X[j]![1]!;
  }
  const head = (k: number): bigint[] => [SA[k]!, SC[k]!];
  const tail = (k: number): bigint[] => [SA[n]! - SA[k]!, SC[n]! - SC[k]!];
  const out: ExtremalVector[] = [];

  // Rays: the kink on input x_i. Facing right v = c·(1, −x_i) = (c, −a), active set = the points after i;
  // facing left v = (−c, a), active set = the points before i.
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    const X = w.X[j]!;
    const x2 = X[0]! * X[0]! + X[1]! * X[1]!; // |X|² = |v|²
    for (const facing of [1, -1] as const) {
      const v = facing === 1 ? [X[1]!, -X[0]!] : [-X[1]!, X[0]!];
      const D = facing === 1 ? tail(i + 1) : head(i);
      const t = dotB(D, v);
      if (t === 0n) continue; // u_F = 0 for both signs
      // u_F = −s⟨D, v⟩ v / |v|² lies on the ray iff −s⟨D, v⟩ > 0: only s = −sign(t) can work.
      const s: 1 | -1 = t > 0n ? -1 : 1;
      const e = -BigInt(s) * t;
      // §4 condition 2, the two arcs beside the ray: A = ⟨−s D̂_P, X⟩ must satisfy
      // A ≥ 0 (arc without point j) and A − s ρ̂_j |X|² ≤ 0 (arc with point j, D gains ρ̂_j X).
      const A = -BigInt(s) * dotB(D, X);
      if (A < 0n || A - BigInt(s) * w.rho[j]! * x2 > 0n) continue;
      out.push(makeExtremal([e * v[0]!, e * v[1]!], x2 * w.R, s, [j], 1));
    }
  }

  // Arcs (sectors, Z = ∅): u = −s D̂ must lie in the arc. The arc's boundary inputs decide it,
  // because ⟨u, x̃⟩ is monotone in x.
  const at = (u: readonly bigint[], i: number) => dotB(u, w.X[order[i]!]!);
  const sector = (u: bigint[], s: 1 | -1) => out.push(makeExtremal(u, w.R, s, [], 2));
  for (const s of [1, -1] as const) {
    for (let i = 0; i + 1 < n; i++) {
      // Facing right, kink strictly between x_i and x_{i+1}: active = points after i.
      const uR = s === 1 ? neg(tail(i + 1)) : tail(i + 1);
      if (at(uR, i) < 0n && at(uR, i + 1) > 0n) sector(uR, s);
      // Facing left, kink strictly between x_i and x_{i+1}: active = points up to i.
      const uL = s === 1 ? neg(head(i + 1)) : head(i + 1);
      if (at(uL, i) > 0n && at(uL, i + 1) < 0n) sector(uL, s);
    }
    // The arc where every point is active (kink left of the data facing right, through (0, 1),
    // to kink right of the data facing left). The arc where none is active has D = 0.
    const uAll = s === 1 ? neg(tail(0)) : tail(0);
    if (at(uAll, 0) > 0n && at(uAll, n - 1) > 0n) sector(uAll, s);
  }
  return out;
}
