/**
 * All fine triangulations (every point a vertex) of a planar point set, by breadth-first
 * search over the flip graph, which is connected for fine triangulations (Lawson 1972).
 *
 * Representation: a triangulation is its T = 2n − h − 2 triangles, 3T bytes in a pool;
 * its canonical key is the bitset of its edges (edges determine a triangulation), hashed
 * as a short string. Every orientation the search needs is precomputed exactly once into
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

/** BFS over the flip graph from `start` (ccw triangles). */
export function flipSearch(n: number, O: Int8Array, startTris: readonly (readonly number[])[], opts: EnumerateOptions): EnumerationResult {
  const maxCount = opts.maxCount ?? Infinity;
  const deadline = opts.timeLimitMs === undefined ? Infinity : Date.now() + opts.timeLimitMs;
  const T = startTris.length;
  const S = 3 * T;
  // Edge ids and key words.
  const eid = new Int32Array(n * n);
  let E = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) eid[a * n + b] = eid[b * n + a] = E++;
  const W = Math.ceil(E / 16); // 16-bit words: one key character each
  // Queue of pending triangulations: triangles and edge words, compacted as it drains.
  let cap = 1024;
  let tris = new Uint8Array(cap * S);
  let words = new Uint16Array(cap * W);
  let head = 0;
  let tail = 0;
  const seen = new Set<string>();
  const kept: number[][][] | undefined = opts.keep ? [] : undefined;
  const keyOf = (w: Uint16Array, off: number): string => String.fromCharCode.apply(null, w.subarray(off, off + W) as unknown as number[]);

  const push = (src: Uint8Array, srcOff: number, w: Uint16Array, wOff: number): void => {
    if (tail === cap) {
      if (head > cap / 2) {
        tris.copyWithin(0, head * S, tail * S);
        words.copyWithin(0, head * W, tail * W);
        tail -= head;
        head = 0;
      } else {
        cap *= 2;
        const t2 = new Uint8Array(cap * S);
        t2.set(tris.subarray(0, tail * S));
        tris = t2;
        const w2 = new Uint16Array(cap * W);
        w2.set(words.subarray(0, tail * W));
        words = w2;
      }
    }
    tris.set(src.subarray(srcOff, srcOff + S), tail * S);
    words.set(w.subarray(wOff, wOff + W), tail * W);
    tail++;
  };

  const first = new Uint8Array(S);
  const firstW = new Uint16Array(W);
  startTris.forEach((t, i) => {
    first.set(t, 3 * i);
    for (let k = 0; k < 3; k++) {
      const e = eid[t[k]! * n + t[(k + 1) % 3]!]!;
      firstW[e >> 4] |= 1 << (e & 15);
    }
  });
  seen.add(keyOf(firstW, 0));
  push(first, 0, firstW, 0);
  let count = 1;
  let cut: "max" | "time" | undefined = count >= maxCount ? "max" : undefined;

  const dirTri = new Int16Array(n * n).fill(-1); // directed edge a→b ↦ triangle index
  const cur = new Uint8Array(S);
  const curW = new Uint16Array(W);
  const nw = new Uint16Array(W);
  let processed = 0;
  while (head < tail && cut === undefined) {
    cur.set(tris.subarray(head * S, head * S + S));
    curW.set(words.subarray(head * W, head * W + W));
    head++;
    if (kept) kept.push(canonical(cur, T));
    for (let t = 0; t < T; t++) {
      const o = 3 * t;
      dirTri[cur[o]! * n + cur[o + 1]!] = t;
      dirTri[cur[o + 1]! * n + cur[o + 2]!] = t;
      dirTri[cur[o + 2]! * n + cur[o]!] = t;
    }
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
        nw.set(curW);
        const e1 = eid[a * n + b]!;
        const e2 = eid[c * n + d]!;
        nw[e1 >> 4] ^= 1 << (e1 & 15);
        nw[e2 >> 4] ^= 1 << (e2 & 15);
        const key = keyOf(nw, 0);
        if (seen.has(key)) continue;
        seen.add(key);
        // Write the flipped triangulation straight into the queue.
        const save0 = [cur[3 * t]!, cur[3 * t + 1]!, cur[3 * t + 2]!];
        const save1 = [cur[uo]!, cur[uo + 1]!, cur[uo + 2]!];
        cur[3 * t] = a;
        cur[3 * t + 1] = d;
        cur[3 * t + 2] = c;
        cur[uo] = d;
        cur[uo + 1] = b;
        cur[uo + 2] = c;
        push(cur, 0, nw, 0);
        cur.set(save0, 3 * t);
        cur.set(save1, uo);
        count++;
        if (count >= maxCount) {
          cut = "max";
          break;
        }
      }
    }
    for (let t = 0; t < T; t++) {
      const o = 3 * t;
      dirTri[cur[o]! * n + cur[o + 1]!] = -1;
      dirTri[cur[o + 1]! * n + cur[o + 2]!] = -1;
      dirTri[cur[o + 2]! * n + cur[o]!] = -1;
    }
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
