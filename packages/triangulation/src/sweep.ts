/**
 * An exact triangulation by a lexicographic sweep (the exact fallback when the float
 * triangulation fails verification). Points are inserted in (x, y) order: each new point
 * is outside the current hull, so it is joined to the hull edges it sees strictly (exact
 * orientation < 0), walking both ways from the previous point, which it always sees.
 * The result uses every point and has no flat triangle; Lawson flips then make it Delaunay.
 */
import { orient2d } from "./predicates";
import type { ScaledPoints } from "./scaled";

function lexOrder(P: ScaledPoints): number[] {
  const I = P.ints;
  const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
  return Array.from({ length: P.n }, (_, i) => i).sort((i, j) => cmp(I[2 * i]!, I[2 * j]!) || cmp(I[2 * i + 1]!, I[2 * j + 1]!));
}

/** Counter-clockwise triangles (flat) of a triangulation of P; P must not be all collinear. */
export function sweepTriangulation(P: ScaledPoints): Int32Array {
  const o = lexOrder(P);
  const out: number[] = [];
  const nextV = new Int32Array(P.n).fill(-1);
  const prevV = new Int32Array(P.n).fill(-1);
  let k = 2;
  while (orient2d(P, o[0]!, o[1]!, o[k]!) === 0) k++;
  const c = o[k]!;
  const s = orient2d(P, o[0]!, o[1]!, c);
  // The collinear prefix o[0..k−1] is a chain along its line; c sees every segment of it.
  const chain = s > 0 ? o.slice(0, k) : o.slice(0, k).reverse();
  for (let i = 0; i + 1 < k; i++) out.push(chain[i]!, chain[i + 1]!, c);
  for (let i = 0; i + 1 < k; i++) {
    nextV[chain[i]!] = chain[i + 1]!;
    prevV[chain[i + 1]!] = chain[i]!;
  }
  nextV[chain[k - 1]!] = c;
  prevV[c] = chain[k - 1]!;
  nextV[c] = chain[0]!;
  prevV[chain[0]!] = c;
  let last = c;
  for (let j = k + 1; j < o.length; j++) {
    const p = o[j]!;
    let e = last;
    while (orient2d(P, e, nextV[e]!, p) < 0) {
      out.push(nextV[e]!, e, p);
      e = nextV[e]!;
    }
    let b = last;
    while (orient2d(P, prevV[b]!, b, p) < 0) {
      out.push(b, prevV[b]!, p);
      b = prevV[b]!;
    }
    nextV[b] = p;
    prevV[p] = b;
    nextV[p] = e;
    prevV[e] = p;
    last = p;
  }
  return Int32Array.from(out);
}
