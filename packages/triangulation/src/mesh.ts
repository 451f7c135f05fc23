/**
 * A planar triangle mesh in delaunator's flat layout, but counter-clockwise:
 * triangle t has vertices tri[3t..3t+2]; half-edge e = 3t+k runs from tri[e] to
 * tri[next(e)]; adj[e] is the opposite half-edge or −1 on the boundary.
 */
import type { ScaledPoints } from "./scaled";
import { incircle } from "./predicates";

export interface Mesh {
  tri: Int32Array;
  adj: Int32Array;
}

export const next = (e: number): number => (e % 3 === 2 ? e - 2 : e + 1);
export const prev = (e: number): number => (e % 3 === 0 ? e + 2 : e - 1);

/** Adjacency of counter-clockwise triangles given as flat vertex triples. */
export function meshFromTriangles(tri: Int32Array, n: number): Mesh {
  const adj = new Int32Array(tri.length).fill(-1);
  const open = new Map<number, number>();
  for (let e = 0; e < tri.length; e++) {
    const a = tri[e]!;
    const b = tri[next(e)]!;
    const twin = open.get(b * n + a);
    if (twin !== undefined) {
      adj[e] = twin;
      adj[twin] = e;
      open.delete(b * n + a);
    } else open.set(a * n + b, e);
  }
  return { tri, adj };
}

/**
 * Delaunator's output (clockwise in y-up coordinates) as a counter-clockwise mesh.
 * Reversing (a,b,c) to (a,c,b) maps delaunator's half-edge k of a triangle to ours 2−k.
 */
export function meshFromDelaunator(triangles: Uint32Array, halfedges: Int32Array): Mesh {
  const m = triangles.length;
  const tri = new Int32Array(m);
  const adj = new Int32Array(m);
  for (let t = 0; t < m; t += 3) {
    tri[t] = triangles[t]!;
    tri[t + 1] = triangles[t + 2]!;
    tri[t + 2] = triangles[t + 1]!;
  }
  for (let h = 0; h < m; h++) {
    const o = halfedges[h]!;
    const mine = h - (h % 3) + (2 - (h % 3));
    adj[mine] = o < 0 ? -1 : o - (o % 3) + (2 - (o % 3));
  }
  return { tri, adj };
}

/**
 * Flip the interior edge e (a→b; triangles (a,b,c) and (b,a,d)) to c–d, in place.
 * Afterwards e's triangle is (c,d,b) with e: c→d, and its twin's is (d,c,a) with twin: d→c.
 */
export function flip(M: Mesh, e: number): void {
  const { tri, adj } = M;
  const f = adj[e]!;
  const e1 = next(e);
  const e2 = prev(e);
  const f1 = next(f);
  const f2 = prev(f);
  // Before: e: a→b, e1: b→c, e2: c→a;  f: b→a, f1: a→d, f2: d→b.
  const a = tri[e]!;
  const b = tri[e1]!;
  const c = tri[e2]!;
  const d = tri[f2]!;
  const outBC = adj[e1]!;
  const outCA = adj[e2]!;
  const outAD = adj[f1]!;
  const outDB = adj[f2]!;
  tri[e] = c;
  tri[e1] = d;
  tri[e2] = b; // e: c→d, e1: d→b, e2: b→c
  tri[f] = d;
  tri[f1] = c;
  tri[f2] = a; // f: d→c, f1: c→a, f2: a→d
  link(adj, e, f);
  link(adj, e1, outDB);
  link(adj, e2, outBC);
  link(adj, f1, outCA);
  link(adj, f2, outAD);
}

function link(adj: Int32Array, e: number, o: number): void {
  adj[e] = o;
  if (o >= 0) adj[o] = e;
}

/**
 * Lawson's flips until every interior edge is locally Delaunay (exact in-circle ≤ 0).
 * Starts from all edges; returns the number of flips. Terminates: each flip lifts the
 * lower envelope on the paraboloid.
 */
export function legalize(P: ScaledPoints, M: Mesh): number {
  const { tri, adj } = M;
  const stack: number[] = [];
  for (let e = 0; e < tri.length; e++) if (adj[e]! > e) stack.push(e);
  let flips = 0;
  while (stack.length > 0) {
    const e = stack.pop()!;
    const f = adj[e]!;
    if (f < 0) continue;
    if (incircle(P, tri[e]!, tri[next(e)]!, tri[prev(e)]!, tri[prev(f)]!) <= 0) continue;
    flip(M, e);
    flips++;
    stack.push(next(e), prev(e), next(f), prev(f));
  }
  return flips;
}

/** Boundary cycle, counter-clockwise, starting at its smallest vertex index. */
export function boundaryCycle(M: Mesh): number[] {
  const { tri, adj } = M;
  const succ = new Map<number, number>();
  let start = Infinity;
  for (let e = 0; e < tri.length; e++) {
    if (adj[e]! >= 0) continue;
    const a = tri[e]!;
    succ.set(a, tri[next(e)]!);
    if (a < start) start = a;
  }
  const cycle: number[] = [];
  if (!Number.isFinite(start)) return cycle;
  let v = start;
  do {
    cycle.push(v);
    v = succ.get(v)!;
  } while (v !== start && cycle.length <= succ.size);
  return cycle;
}
