/**
 * Neurons that carry weight, grouped by the face of the arrangement their direction lies in
 * (MODEL.md §3, §7). The face of a float direction w is its sign vector σ_j = sign⟨w, x̃_j⟩, where a
 * value within tol·|w|·|x̃_j| of 0 counts as 0: gradient descent chatters across a kink on a data
 * point, so a neuron "on the ray" of point j sits near, not at, the hyperplane h_j. A cluster is a
 * (sign of c, face) pair; on the data it acts as the single neuron s·relu(⟨a, x̃⟩) with effective
 * vector a = Σ |c_i| w_i (exact on every point off its zero set, by positive homogeneity).
 */
import type { GdData, Network } from "./network";

export interface FaceOptions {
  /** Relative tolerance for "on the hyperplane" (default DEFAULT_FACE_TOL = 1e-2). */
  tol?: number;
}

export interface ClusterOptions extends FaceOptions {
  /** Keep neurons with |c_i|·|w_i| ≥ carryRelative · max_k |c_k|·|w_k| (default 1e-3; 0 keeps all). */
  carryRelative?: number;
  /** And with mass |w_i|² ≥ minMass (default 0). */
  minMass?: number;
}

export interface Cluster {
  sign: 1 | -1;
  /** Sign vector over the data points, one of '+', '0', '-' per point (data order). */
  face: string;
  /** Points whose hyperplane the cluster sits on (0-based data indices): Z(F). */
  zeros: number[];
  count: number;
  /** Σ |w_i|² and Σ c_i² (equal for a balanced network). */
  mass: number;
  massC: number;
  /** a = Σ |c_i| w_i (length d + 1, bias last). */
  effective: number[];
  /** a / |a|. */
  direction: number[];
  /** 1-D only: the kink −a_bias/a_x of the effective neuron (null when a_x = 0). */
  kink?: number | null;
  /** The member neurons' indices. */
  members: number[];
}

/**
 * A neuron on point j's ray overshoots the hyperplane each step by about η·|r_j|·|x̃_j| relative
 * to its size (the update of w is η·c·r_j·x̃_j and |c| = |w|): ≈ 3e−3 for η = 2e−3 on the worked
 * example, and measured so. 1e−2 holds that chatter with room; pass a smaller tol for smaller steps.
 */
export const DEFAULT_FACE_TOL = 1e-2;

/** Sign vector of row `i` of `w` (a network's neuron) over the data, with tolerance. */
export function faceOf(w: Float64Array, i: number, data: GdData, tol = DEFAULT_FACE_TOL): string {
  const { d1, n, X } = data;
  let wn = 0;
  for (let k = 0; k < d1; k++) wn += w[i * d1 + k]! ** 2;
  wn = Math.sqrt(wn);
  let out = "";
  for (let j = 0; j < n; j++) {
    let v = 0;
    let xn = 0;
    for (let k = 0; k < d1; k++) {
      const x = X[j * d1 + k]!;
      v += w[i * d1 + k]! * x;
      xn += x * x;
    }
    out += Math.abs(v) <= tol * wn * Math.sqrt(xn) ? "0" : v > 0 ? "+" : "-";
  }
  return out;
}

/** Indices of the neurons that carry weight (see ClusterOptions). */
export function carriers(net: Network, opts: ClusterOptions = {}): number[] {
  const rel = opts.carryRelative ?? 1e-3;
  const minMass = opts.minMass ?? 0;
  const { m, d1, w, c } = net;
  const weight = new Float64Array(m);
  let max = 0;
  for (let i = 0; i < m; i++) {
    let m2 = 0;
    for (let k = 0; k < d1; k++) m2 += w[i * d1 + k]! ** 2;
    // |c|·|w| compared through its square; mass test on |w|² directly.
    weight[i] = m2 >= minMass ? c[i]! * c[i]! * m2 : 0;
    if (weight[i]! > max) max = weight[i]!;
  }
  const out: number[] = [];
  if (max === 0) return out;
  const cut = rel * rel * max;
  for (let i = 0; i < m; i++) if (weight[i]! > 0 && weight[i]! >= cut) out.push(i);
  return out;
}

/** Group the given neurons (default: the carriers) by (sign of c, face); largest mass first. */
export function clusterByFace(net: Network, data: GdData, opts: ClusterOptions = {}, members?: readonly number[]): Cluster[] {
  const { d1, w, c } = net;
  const byKey = new Map<string, Cluster>();
  for (const i of members ?? carriers(net, opts)) {
    const ci = c[i]!;
    if (ci === 0) continue;
    const sign: 1 | -1 = ci > 0 ? 1 : -1;
    const face = faceOf(w, i, data, opts.tol);
    const key = `${sign}${face}`;
    let cl = byKey.get(key);
    if (!cl) {
      const zeros: number[] = [];
      for (let j = 0; j < face.length; j++) if (face[j] === "0") zeros.push(j);
      cl = { sign, face, zeros, count: 0, mass: 0, massC: 0, effective: new Array<number>(d1).fill(0), direction: [], members: [] };
      byKey.set(key, cl);
    }
    cl.count++;
    cl.members.push(i);
    cl.massC += ci * ci;
    for (let k = 0; k < d1; k++) {
      const wk = w[i * d1 + k]!;
      cl.mass += wk * wk;
      cl.effective[k]! += Math.abs(ci) * wk;
    }
  }
  const out = [...byKey.values()];
  for (const cl of out) {
    const norm = Math.hypot(...cl.effective);
    cl.direction = cl.effective.map((v) => (norm > 0 ? v / norm : 0));
    if (d1 === 2) cl.kink = cl.effective[0] !== 0 ? -cl.effective[1]! / cl.effective[0]! : null;
  }
  return out.sort((a, b) => b.mass - a.mass || (a.face < b.face ? -1 : a.face > b.face ? 1 : a.sign - b.sign));
}
