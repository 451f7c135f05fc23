/**
 * All fine triangulations (every point a vertex) of a planar point set, by breadth-first
 * search over the flip graph, which is connected for fine triangulations (Lawson 1972).
 *
 * Representation: a pending triangulation is its T = 2n − h − 2 triangles, 3T bytes in a
 * compacting queue; every triangulation seen is kept only as its canonical key, the bitset
 * of its edges (edges determine a triangulation), in a Zobrist-hashed table. Every orientation the search needs is precomputed exactly once into
 * an n³ table, so the search itself does no geometry.
 */
import { InputError, LimitError, type Fraction } from "@qrelu/core";
import { delaunay2d } from "./delaunay2d";
import { orient2d } from "./predicates";
import { scalePoints } from "./scaled";

/** Stated limit: vertex labels are bytes and the n³ orientation table must stay small. */
export const ENUMERATE_MAX_POINTS = 64;

export interface EnumerateOptions {
  /** Stop after this many triangulations (then `complete: false`). */
  maxCount?: number;
  /** Stop after this many milliseconds (then `complete: false`). */
  timeLimitMs?: number;
  /** Keep the triangulations (else count only). */
  keep?: boolean;
  /** Called about every 8192 triangulations with the count so far and the queue length. */
  onProgress?: (count: number, pending: number) => void;
  source?: string;
}

export interface EnumerationResult {
  count: number;
  complete: boolean;
  /** Why it stopped early. */
  cut?: "max" | "time";
  /** With `keep`: each triangulation as ccw triangles, smallest index first, sorted. */
  triangulations?: number[][][];
}

export function enumerateTriangulations(x: readonly (readonly Fraction[])[], opts: EnumerateOptions = {}): EnumerationResult {
  const source = opts.source ?? "data";
  const n = x.length;
  if (x[0]?.length !== 2) throw new InputError("enumeration of triangulations is for 2-D points", { file: source });
  if (n > ENUMERATE_MAX_POINTS) {
    throw new LimitError(`enumeration is limited to ${ENUMERATE_MAX_POINTS} points (found ${n})`, { file: source });
  }
  const start = delaunay2d(x, source);
  if (start.degenerate) throw new InputError(start.degenerate.message, { file: source });
  return flipSearch(n, orientationTable(x), start.simplices, opts);
}

/** O[(a·n + b)·n + c] = orientation of (a, b, c), exact. */
export function orientationTable(x: readonly (readonly Fraction[])[]): Int8Array {
  const P = scalePoints(x);
  const n = P.n;
  const O = new Int8Array(n * n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      for (let c = b + 1; c < n; c++) {
        const s = orient2d(P, a, b, c);
        // Even permutations keep the sign, odd ones flip it.
        O[(a * n + b) * n + c] = O[(b * n + c) * n + a] = O[(c * n + a) * n + b] = s;
        O[(b * n + a) * n + c] = O[(a * n + c) * n + b] = O[(c * n + b) * n + a] = -s;
      }
    }
  }
  return O;
}

/**
 * The set of triangulations seen, keyed by edge bitsets (16-bit words) with Zobrist hashes
 * (XOR of a fixed random word per edge, so a flip updates the hash in O(1)) in an
 * open-addressing table: no strings, no per-entry objects.
 */
class SeenSet {
  keys: Uint16Array;
  hashes: Int32Array;
  size = 0;
  private table: Int32Array;
  private mask: number;
  constructor(private readonly W: number) {
    this.keys = new Uint16Array(1024 * W);
    this.hashes = new Int32Array(1024);
    this.table = new Int32Array(4096);
    this.mask = 4095;
  }
  /** Index of the stored key equal to w (hash h), or −1. */
  find(w: Uint16Array, h: number): number {
    const { table, keys, hashes, W } = this;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const id = table[slot]! - 1;
      if (id < 0) return -1;
      if (hashes[id] !== h) continue;
      let k = 0;
      const o = id * W;
      while (k < W && keys[o + k] === w[k]) k++;
      if (k === W) return id;
    }
  }
  /** Store a key known to be new; returns its index. */
  add(w: Uint16Array, h: number): number {
    if (this.size === this.hashes.length) {
      const k2 = new Uint16Array(this.keys.length * 2);
      k2.set(this.keys);
      this.keys = k2;
      const h2 = new Int32Array(this.hashes.length * 2);
      h2.set(this.hashes);
      this.hashes = h2;
    }
    const id = this.size++;
    this.keys.set(w, id * this.W);
    this.hashes[id] = h;
    if (2 * this.size > this.table.length) this.rehash();
    else this.insert(id);
    return id;
  }
  private insert(id: number): void {
    let slot = this.hashes[id]! & this.mask;
    while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
    this.table[slot] = id + 1;
  }
  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    this.mask = this.table.length - 1;
    for (let id = 0; id < this.size; id++) this.insert(id);
  }
}

/** Fixed pseudo-random 32-bit words, one per edge (xorshift32, constant seed: deterministic). */
function zobrist(E: number): Int32Array {
  const z = new Int32Array(E);
  let s = 0x2545f491;
  for (let i = 0; i < E; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    z[i] = s;
  }
  return z;
}

/** BFS over the flip graph from `start` (ccw triangles). */
export function flipSearch(n: number, O: Int8Array, startTris: readonly (readonly number[])[], opts: EnumerateOptions): EnumerationResult {
  const maxCount = opts.maxCount ?? Infinity;
  const deadline = opts.timeLimitMs === undefined ? Infinity : Date.now() + opts.timeLimitMs;
  const T = startTris.length;
  const S = 3 * T;
  const eid = new Int32Array(n * n);
  let E = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) eid[a * n + b] = eid[b * n + a] = E++;
  const W = Math.ceil(E / 16);
  const Z = zobrist(E);
  const seen = new SeenSet(W);
  // Queue of pending triangulations: their triangles and their index in `seen`, compacted as it drains.
  let cap = 1024;
  let tris = new Uint8Array(cap * S);
  let ids = new Int32Array(cap);
  let head = 0;
  let tail = 0;
  const kept: number[][][] | undefined = opts.keep ? [] : undefined;

  const push = (src: Uint8Array, id: number): void => {
    if (tail === cap) {
      if (head > cap / 2) {
        tris.copyWithin(0, head * S, tail * S);
        ids.copyWithin(0, head, tail);
        tail -= head;
        head = 0;
      } else {
        cap *= 2;
        const t2 = new Uint8Array(cap * S);
        t2.set(tris.subarray(0, tail * S));
        tris = t2;
        const i2 = new Int32Array(cap);
        i2.set(ids.subarray(0, tail));
        ids = i2;
      }
    }
    tris.set(src, tail * S);
    ids[tail] = id;
    tail++;
  };

  const cur = new Uint8Array(S);
  const curW = new Uint16Array(W);
  const nw = new Uint16Array(W);
  let h0 = 0;
  startTris.forEach((t, i) => {
    cur.set(t, 3 * i);
    for (let k = 0; k < 3; k++) {
      const e = eid[t[k]! * n + t[(k + 1) % 3]!]!;
      curW[e >> 4] |= 1 << (e & 15);
    }
  });
  for (let e = 0; e < E; e++) if ((curW[e >> 4]! >> (e & 15)) & 1) h0 ^= Z[e]!;
  push(cur, seen.add(curW, h0));
  let count = 1;
  let cut: "max" | "time" | undefined = count >= maxCount ? "max" : undefined;

  const dirTri = new Int16Array(n * n).fill(-1); // directed edge a→b ↦ triangle index
  let processed = 0;
  while (head < tail && cut === undefined) {
    cur.set(tris.subarray(head * S, head * S + S));
    const id = ids[head]!;
    head++;
    curW.set(seen.keys.subarray(id * W, id * W + W));
    const curH = seen.hashes[id]!;
    if (kept) kept.push(canonical(cur, T));
    markEdges(dirTri, cur, T, n, false);
    for (let t = 0; t < T && cut === undefined; t++) {
      for (let k = 0; k < 3; k++) {
        const a = cur[3 * t + k]!;
        const b = cur[3 * t + ((k + 1) % 3)]!;
        if (a > b) continue; // each interior edge once, from the side where a < b
        const u = dirTri[b * n + a]!;
        if (u < 0) continue;
        const c = cur[3 * t + ((k + 2) % 3)]!;
        const uo = 3 * u;
        const d = cur[uo]! !== a && cur[uo]! !== b ? cur[uo]! : cur[uo + 1]! !== a && cur[uo + 1]! !== b ? cur[uo + 1]! : cur[uo + 2]!;
        // (a,b,c) and (b,a,d) ccw; the flip to c–d gives (a,d,c) and (d,b,c), valid iff both ccw.
        if (O[(a * n + d) * n + c]! <= 0 || O[(d * n + b) * n + c]! <= 0) continue;
        const e1 = eid[a * n + b]!;
        const e2 = eid[c * n + d]!;
        nw.set(curW);
        nw[e1 >> 4] ^= 1 << (e1 & 15);
        nw[e2 >> 4] ^= 1 << (e2 & 15);
        const h = curH ^ Z[e1]! ^ Z[e2]!;
        if (seen.find(nw, h) >= 0) continue;
        const nid = seen.add(nw, h);
        // Write the flipped triangulation into the queue, then restore `cur`.
        const t0 = cur[3 * t]!, t1 = cur[3 * t + 1]!, t2 = cur[3 * t + 2]!;
        const u0 = cur[uo]!, u1 = cur[uo + 1]!, u2 = cur[uo + 2]!;
        cur[3 * t] = a;
        cur[3 * t + 1] = d;
        cur[3 * t + 2] = c;
        cur[uo] = d;
        cur[uo + 1] = b;
        cur[uo + 2] = c;
        push(cur, nid);
        cur[3 * t] = t0;
        cur[3 * t + 1] = t1;
        cur[3 * t + 2] = t2;
        cur[uo] = u0;
        cur[uo + 1] = u1;
        cur[uo + 2] = u2;
        count++;
        if (count >= maxCount) {
          cut = "max";
          break;
        }
      }
    }
    markEdges(dirTri, cur, T, n, true);
    if ((++processed & 8191) === 0) {
      opts.onProgress?.(count, tail - head);
      if (Date.now() > deadline) cut = "time";
    }
  }
  if (kept) {
    // Those found but not yet processed (when cut) are kept too: every counted one is listed.
    for (let i = head; i < tail; i++) kept.push(canonical(tris.subarray(i * S, i * S + S), T));
  }
  opts.onProgress?.(count, tail - head);
  return { count, complete: cut === undefined, ...(cut ? { cut } : {}), ...(kept ? { triangulations: kept } : {}) };
}

/** Map each directed edge a→b of the triangles to its triangle (or back to −1 when clearing). */
function markEdges(dirTri: Int16Array, cur: Uint8Array, T: number, n: number, clear: boolean): void {
  for (let t = 0; t < T; t++) {
    const o = 3 * t;
    const v = clear ? -1 : t;
    dirTri[cur[o]! * n + cur[o + 1]!] = v;
    dirTri[cur[o + 1]! * n + cur[o + 2]!] = v;
    dirTri[cur[o + 2]! * n + cur[o]!] = v;
  }
}

function canonical(t: Uint8Array, T: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < T; i++) {
    const a = t[3 * i]!;
    const b = t[3 * i + 1]!;
    const c = t[3 * i + 2]!;
    out.push(a < b && a < c ? [a, b, c] : b < c ? [b, c, a] : [c, a, b]);
  }
  return out.sort((s, u) => s[0]! - u[0]! || s[1]! - u[1]! || s[2]! - u[2]!);
}
