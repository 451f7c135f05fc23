/**
 * All extremal vectors of a 1-D data set in O(n log n) (MODEL.md §3–§4; derivation in docs/extremal.md).
 *
 * Directions are w = (a, b) on the circle. With the inputs sorted, every face's active set is a
 * prefix or a suffix of the sorted order, so every D_{P(F)} is a difference of prefix sums, and
 * each of the 2n rays and 2n arcs is decided by a constant number of exact integer operations
 * (scalars, not arrays: at n = 10^5 allocation would dominate).
 */
import { sortedOrder1d } from "@qrelu/core";
import type { ExtremalVector } from "./extremal-types";
import { makeExtremal, type Weighted } from "./extremal-weights";

export function extremal1d(w: Weighted): ExtremalVector[] {
  if (w.d !== 1) throw new RangeError("extremal1d: data must be 1-D");
  const n = w.n;
  const order = sortedOrder1d(w);
  // Sorted inputs x_i = A[i] / C[i]; head(k) = Σ over the first k sorted points of ρ̂_j X_j = (SA[k], SC[k]).
  const A = new Array<bigint>(n);
  const C = new Array<bigint>(n);
  const rho = new Array<bigint>(n);
  const SA = new Array<bigint>(n + 1);
  const SC = new Array<bigint>(n + 1);
  SA[0] = 0n;
  SC[0] = 0n;
  for (let i = 0; i < n; i++) {
    const j = order[i]!;
    A[i] = w.X[j]![0]!;
    C[i] = w.X[j]![1]!;
    rho[i] = w.rho[j]!;
    SA[i + 1] = SA[i]! + rho[i]! * A[i]!;
    SC[i + 1] = SC[i]! + rho[i]! * C[i]!;
  }
  const TA = SA[n]!;
  const TC = SC[n]!;
  const out: ExtremalVector[] = [];

  // Rays: the kink on input x_i. Facing right v = C·(1, −x_i) = (C, −A), active set = the points after i;
  // facing left v = (−C, A), active set = the points before i.
  for (let i = 0; i < n; i++) {
    const a = A[i]!;
    const c = C[i]!;
    const x2 = a * a + c * c; // |X|² = |v|²
    for (const facing of [1n, -1n]) {
      const Da = facing === 1n ? TA - SA[i + 1]! : SA[i]!;
      const Dc = facing === 1n ? TC - SC[i + 1]! : SC[i]!;
      const va = facing * c;
      const vc = -facing * a;
      const t = Da * va + Dc * vc;
      if (t === 0n) continue; // u_F = 0 for both signs
      // u_F = −s⟨D, v⟩ v / |v|² lies on the ray iff −s⟨D, v⟩ > 0: only s = −sign(t) can work.
      const s: 1 | -1 = t > 0n ? -1 : 1;
      const S = BigInt(s);
      const e = -S * t;
      // §4 condition 2, the two arcs beside the ray: Q = ⟨−s D̂_P, X⟩ must satisfy
      // Q ≥ 0 (arc without the point) and Q − s ρ̂ |X|² ≤ 0 (arc with it: D gains ρ̂ X).
      const Q = -S * (Da * a + Dc * c);
      if (Q < 0n || Q - S * rho[i]! * x2 > 0n) continue;
      out.push(makeExtremal([e * va, e * vc], x2 * w.R, s, [order[i]!], 1));
    }
  }

  // Arcs (sectors, Z = ∅): u = −s D̂ = (p, q) must lie in the arc. The arc's boundary inputs decide
  // it, because p·x + q is monotone in x. at(i) = sign-carrying value p·A[i] + q·C[i].
  const sector = (p: bigint, q: bigint, s: 1 | -1) => out.push(makeExtremal([p, q], w.R, s, [], 2));
  for (const s of [1, -1] as const) {
    const S = BigInt(s);
    for (let i = 0; i + 1 < n; i++) {
      // Facing right, kink strictly between x_i and x_{i+1}: active = points after i.
      let p = -S * (TA - SA[i + 1]!);
      let q = -S * (TC - SC[i + 1]!);
      if (p * A[i]! + q * C[i]! < 0n && p * A[i + 1]! + q * C[i + 1]! > 0n) sector(p, q, s);
      // Facing left, kink strictly between x_i and x_{i+1}: active = points up to i.
      p = -S * SA[i + 1]!;
      q = -S * SC[i + 1]!;
      if (p * A[i]! + q * C[i]! > 0n && p * A[i + 1]! + q * C[i + 1]! < 0n) sector(p, q, s);
    }
    // The arc where every point is active (kink left of the data facing right, through (0, 1),
    // to kink right of the data facing left). The arc where none is active has D = 0.
    const p = -S * TA;
    const q = -S * TC;
    if (p * A[0]! + q * C[0]! > 0n && p * A[n - 1]! + q * C[n - 1]! > 0n) sector(p, q, s);
  }
  return out;
}
