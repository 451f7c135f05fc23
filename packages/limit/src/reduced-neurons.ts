/**
 * The neurons of the reduced network (MODEL.md §10 step 6) as typed arrays, and the start:
 * one neuron per direction of a fine deterministic grid on the sphere plus the arrangement's
 * 1-dimensional faces (1-D: the rays, a kink on a data point facing either way, with small
 * offsets either side; 2-D: ±x̃_j × x̃_k), every one with both modes at ε (an independent start:
 * m = ln P + ln N = 2 ln ε, δ = ln P − ln N = 0; reduced.ts builds the balanced one from the
 * same directions).
 */
import type { Kin } from "./reduced-kin";
import { contribution } from "./reduced-kin";

export interface Neurons {
  M: number;
  d1: number;
  /** M × d1 unit directions, row-major. */
  U: Float64Array;
  /** δ = ln P − ln N. */
  delta: Float64Array;
  /** m = ln P + ln N (conserved exactly by the flow). */
  m: Float64Array;
  /** Data points (the row length of `side`). */
  n: number;
  /**
   * M × n: for a direction on point j's hyperplane, the side gradient descent's neuron is on
   * (+1: j active, −1: not, 0: not known); reduced-kin.ts ascentCore keeps it.
   */
  side: Int8Array;
  /**
   * How many of gradient descent's neurons, chattering with independent phases, each stands for:
   * a population's neurons (a start neuron: width/K, or 1 without a width), but 1 for a cluster
   * that gathered at one point (reduced.ts).
   */
  count: Float64Array;
}

/** Offset (radians) of the extra 1-D neurons either side of a ray. */
export const RAY_OFFSET = 1e-3;

export function neuronsOf(d1: number, n: number, dirs: readonly Float64Array[], m0: number, count = 1): Neurons {
  const M = dirs.length;
  const U = new Float64Array(M * d1);
  dirs.forEach((u, i) => U.set(u, i * d1));
  return { M, d1, U, delta: new Float64Array(M), m: new Float64Array(M).fill(m0), n, side: new Int8Array(M * n), count: new Float64Array(M).fill(count) };
}

/** Keep the neurons in `idx` (in that order). */
export function keep(N: Neurons, idx: readonly number[]): Neurons {
  const { d1, n } = N;
  const U = new Float64Array(idx.length * d1);
  const side = new Int8Array(idx.length * n);
  idx.forEach((i, t) => {
    U.set(N.U.subarray(i * d1, i * d1 + d1), t * d1);
    side.set(N.side.subarray(i * n, i * n + n), t * n);
  });
  return { M: idx.length, d1, U, delta: Float64Array.from(idx, (i) => N.delta[i]!), m: Float64Array.from(idx, (i) => N.m[i]!), n, side, count: Float64Array.from(idx, (i) => N.count[i]!) };
}

/** `a` with `tail` appended (a new array of the same type). */
export function appended<T extends Float64Array | Int8Array | Uint8Array>(a: T, tail: ArrayLike<number>): T {
  const b = new (a.constructor as new (k: number) => T)(a.length + tail.length);
  b.set(a);
  b.set(tail, a.length);
  return b;
}

/** Appends a copy of neuron i to N in place (rows, modes, sides and count as they are); returns its index. */
export function appendCopy(N: Neurons, i: number): number {
  const { d1, n, M } = N;
  N.U = appended(N.U, N.U.subarray(i * d1, i * d1 + d1));
  N.side = appended(N.side, N.side.subarray(i * n, i * n + n));
  N.delta = appended(N.delta, [N.delta[i]!]);
  N.m = appended(N.m, [N.m[i]!]);
  N.count = appended(N.count, [N.count[i]!]);
  N.M = M + 1;
  return M;
}

const unit = (v: number[]): Float64Array => {
  const n = Math.hypot(...v);
  return Float64Array.from(v, (x) => x / n);
};

/** The start directions: `grid` points on the sphere plus the 1-dimensional faces (d = 1, 2). */
export function startDirections(kin: Kin, grid: number): Float64Array[] {
  const { n, d1, X } = kin;
  const out: Float64Array[] = [];
  const row = (j: number) => Array.from(X.subarray(j * d1, j * d1 + d1));
  if (d1 === 2) {
    for (let k = 0; k < grid; k++) {
      const th = (2 * Math.PI * (k + 0.5)) / grid;
      out.push(Float64Array.of(Math.cos(th), Math.sin(th)));
    }
    for (let j = 0; j < n; j++) {
      const [x0, x1] = row(j) as [number, number];
      for (const o of [1, -1]) {
        const th = Math.atan2(-x0 * o, x1 * o); // ⊥ x̃_j: (x1, −x0)·o
        for (const off of [0, RAY_OFFSET, -RAY_OFFSET]) out.push(Float64Array.of(Math.cos(th + off), Math.sin(th + off)));
      }
    }
    return out;
  }
  // d = 2: a Fibonacci sphere, then ±x̃_j × x̃_k.
  const ga = Math.PI * (3 - Math.sqrt(5));
  for (let k = 0; k < grid; k++) {
    const z = 1 - (2 * k + 1) / grid;
    const rho = Math.sqrt(1 - z * z);
    out.push(Float64Array.of(rho * Math.cos(k * ga), rho * Math.sin(k * ga), z));
  }
  const seen = new Set<string>();
  for (let j = 0; j < n; j++) {
    for (let k = j + 1; k < n; k++) {
      const [a0, a1, a2] = row(j) as [number, number, number];
      const [b0, b1, b2] = row(k) as [number, number, number];
      const c = [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0];
      if (Math.hypot(...c) <= 1e-12 * Math.hypot(a0, a1, a2) * Math.hypot(b0, b1, b2)) continue;
      for (const o of [1, -1]) {
        const u = unit(c.map((x) => o * x));
        const key = Array.from(u, (x) => x.toFixed(12)).join(",");
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(u);
      }
    }
  }
  return out;
}

/** Contributions c_i = P² − N² (signed). */
export function contributions(N: Neurons, out: Float64Array): void {
  for (let i = 0; i < N.M; i++) out[i] = contribution(N.m[i]!, N.delta[i]!);
}

/** r = f − y over the neurons with `use(i)`; returns the loss ½|r|². */
export function residualOfNeurons(kin: Kin, y: Float64Array, N: Neurons, c: Float64Array, r: Float64Array, use: (i: number) => boolean): number {
  const { n, d1, X } = kin;
  for (let j = 0; j < n; j++) r[j] = -y[j]!;
  for (let i = 0; i < N.M; i++) {
    if (c[i] === 0 || !use(i)) continue;
    const uo = i * d1;
    for (let j = 0; j < n; j++) {
      let z = 0;
      for (let k = 0; k < d1; k++) z += N.U[uo + k]! * X[j * d1 + k]!;
      if (z > 0) r[j] += c[i]! * z;
    }
  }
  let L = 0;
  for (let j = 0; j < n; j++) L += r[j]! * r[j]!;
  return L / 2;
}

/**
 * Dead (MODEL.md §10): no data point strictly active. A direction on hyperplanes with no active
 * point has no field now, and the flow could slide it back into a live cone when the field turns;
 * gradient descent cannot: the ascent that brought it there (g_s rising to 0) carries its discrete
 * steps over into the dead cone beside it, which nothing leaves. So it is dead too.
 */
export function isDead(kin: Kin, U: Float64Array, uo: number): boolean {
  const { n, d1, X, xn } = kin;
  for (let j = 0; j < n; j++) {
    let z = 0;
    for (let k = 0; k < d1; k++) z += U[uo + k]! * X[j * d1 + k]!;
    if (z > 1e-12 * xn[j]!) return false;
  }
  return true;
}
