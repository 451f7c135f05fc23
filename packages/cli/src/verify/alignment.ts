/**
 * Item 1 of `qrelu verify`: the directions at the end of the first alignment phase against the
 * exact extremal vectors of −y (MODEL.md §2, §4).
 *
 * "Aligned" is decided per neuron without looking at the list of extremal vectors (that would be
 * circular): a neuron of sign s whose direction ŵ lies (with the trainer's face tolerance) in a
 * face F is aligned when ŵ is within `angleTol` of the face's own ascent vector
 * u_F = −s·Proj_{L_F}(D_{P(F)}) for r = −y, i.e. it sits where g_s restricted to its face is
 * stationary — condition 1 of MODEL.md §4, in floats. Neurons in transit (still turning inside a
 * sector towards a vector outside it, or near a basin boundary) fail it and are left out; so do
 * dead and idle directions (u_F = 0). Aligned neurons whose face is not an extremal one are
 * reported as "extra" (e.g. a ray that fails condition 2 and which they have not left yet).
 */
import { Fraction, toFloat, type DataSet } from "@qrelu/core";
import { clusterByFace, faceOf, type GdData, type Network } from "@qrelu/gd";
import type { ExtremalVector } from "@qrelu/greedy";

export interface AlignmentOptions {
  /** Face tolerance of the trainer (relative, default 1e-3). */
  faceTol?: number;
  /** Largest angle in degrees between ŵ and u_F for an aligned neuron (default 1). */
  angleTol?: number;
}

/** A cluster as item 1 needs it: plain floats, any source (trainer or hand-made in tests). */
export interface AlignedCluster {
  sign: 1 | -1;
  face: string;
  count: number;
  /** Σ|w_i|². */
  mass: number;
  /** Unit mean direction (Σ|c_i| w_i normalized), bias last. */
  direction: number[];
  /** Largest measured log-growth rate log(|w_i|/ε)/t over the members (≤ |u_F|: aligning takes time). */
  rate?: number;
}

/** An extremal vector as item 1 needs it. */
export interface ExtremalRef {
  sign: 1 | -1;
  /** Exact sign vector of u over the data points. */
  face: string;
  u: Fraction[];
  rate2: Fraction;
  kink?: Fraction;
  active?: "right" | "left";
}

export interface AlignmentRow {
  status: "matched" | "missing" | "extra";
  sign: 1 | -1;
  face: string;
  extremal: ExtremalRef | null;
  cluster: AlignedCluster | null;
  /** Angle in degrees between the cluster's mean direction and u_F (float), matched rows only. */
  angle: number | null;
  /** Extra rows: why the face is not extremal, decided exactly (see `whyNotExtremal`). */
  reason?: string;
}

export interface AlignmentMatch {
  rows: AlignmentRow[];
  matched: number;
  missing: number;
  extra: number;
  verdict: string;
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);

export function angleDeg(a: readonly number[], b: readonly number[]): number {
  if (a.every((v) => v === 0) || b.every((v) => v === 0)) return NaN;
  // atan2 of |a∧b| and a·b is accurate for small angles where acos is not; |a∧b|² by Lagrange's
  // identity Σ_{i<j} (a_i b_j − a_j b_i)², not |a|²|b|² − (a·b)², which cancels.
  let cross2 = 0;
  for (let i = 0; i < a.length; i++) for (let j = i + 1; j < a.length; j++) cross2 += (a[i]! * b[j]! - a[j]! * b[i]!) ** 2;
  return (Math.atan2(Math.sqrt(cross2), dot(a, b)) * 180) / Math.PI;
}

/** The exact sign vector of u over the data (the face an extremal vector lies in). */
export function exactFace(ds: DataSet, u: readonly Fraction[]): string {
  return ds.x
    .map((x) => {
      let v = u[ds.d]!;
      for (let k = 0; k < ds.d; k++) v = v.add(u[k]!.mul(x[k]!));
      return v.s === 0n || v.n === 0n ? "0" : v.s > 0n ? "+" : "-";
    })
    .join("");
}

/** The exact u_F of r = −y for a face given as a sign string (rational Gram–Schmidt on Z(F)). */
export function exactFaceAscent(ds: DataSet, sign: 1 | -1, face: string): Fraction[] {
  const xt = ds.x.map((x) => [...x, new Fraction(1)]);
  const zero = new Fraction(0);
  const dotQ = (a: readonly Fraction[], b: readonly Fraction[]) => a.reduce((acc, v, k) => acc.add(v.mul(b[k]!)), zero);
  let u = new Array<Fraction>(ds.d + 1).fill(zero);
  const basis: Fraction[][] = [];
  const reject = (v: Fraction[]) => {
    for (const b of basis) {
      const c = dotQ(v, b).div(dotQ(b, b));
      v = v.map((x, k) => x.sub(c.mul(b[k]!)));
    }
    return v;
  };
  for (let j = 0; j < face.length; j++) {
    if (face[j] === "+") u = u.map((v, k) => v.add(ds.y[j]!.mul(sign).mul(xt[j]![k]!)));
    if (face[j] === "0") {
      const v = reject(xt[j]!);
      if (v.some((x) => x.n !== 0n)) basis.push(v);
    }
  }
  return reject(u);
}

/**
 * Why an aligned cluster's (sign, face) is not an extremal vector of −y, exactly: u_F = 0 (idle or
 * dead: no field), u_F outside F (the neurons are in transit, within the angle tolerance of a
 * vector on the face's boundary), or u_F ∈ F but condition 2 fails (stationary in the face, not a
 * local maximum: a saddle they have not left yet).
 */
export function whyNotExtremal(ds: DataSet, sign: 1 | -1, face: string): string {
  const u = exactFaceAscent(ds, sign, face);
  if (u.every((v) => v.n === 0n)) return "u_F = 0: no field on this face (idle or dead)";
  if (exactFace(ds, u) !== face) return `u_F lies in face ${exactFace(ds, u)}, not in this one: in transit`;
  return "u_F ∈ F but not a local maximum (condition 2 fails): a saddle not yet left";
}

function extraKind(reason: string): string {
  if (reason.startsWith("u_F = 0")) return "without field";
  if (reason.includes("in transit")) return "in transit";
  if (reason.includes("condition 2")) return "at a saddle";
  return "other";
}

/** Extremal vectors with a positive rate, as references for matching. */
export function extremalRefs(ds: DataSet, ext: readonly ExtremalVector[]): ExtremalRef[] {
  return ext
    .filter((e) => e.rate2.s > 0n && e.rate2.n !== 0n)
    .map((e) => ({ sign: e.sign, face: exactFace(ds, e.u), u: e.u, rate2: e.rate2, kink: e.kink, active: e.active }));
}

/**
 * u_F for r = −y, in floats, for a face given as a sign string: −s·Proj_{L_F}(Σ_{j∈P} r_j x̃_j),
 * L_F = the orthogonal complement of {x̃_j : j ∈ Z(F)} (Gram–Schmidt; the zero set is small).
 */
export function faceAscent(data: GdData, sign: 1 | -1, face: string): number[] {
  const { d1, X, y } = data;
  const u = new Array<number>(d1).fill(0);
  const basis: number[][] = [];
  for (let j = 0; j < face.length; j++) {
    const xj = Array.from({ length: d1 }, (_, k) => X[j * d1 + k]!);
    if (face[j] === "+") for (let k = 0; k < d1; k++) u[k]! += sign * y[j]! * xj[k]!; // −s·r_j = s·y_j
    if (face[j] === "0") {
      const v = [...xj];
      for (const b of basis) {
        const p = dot(v, b);
        for (let k = 0; k < d1; k++) v[k]! -= p * b[k]!;
      }
      const nv = Math.hypot(...v);
      if (nv > 1e-9 * Math.hypot(...xj)) basis.push(v.map((x) => x / nv));
    }
  }
  for (const b of basis) {
    const p = dot(u, b);
    for (let k = 0; k < d1; k++) u[k]! -= p * b[k]!;
  }
  return u;
}

/** Indices of the aligned neurons of `net` (see the module comment). */
export function alignedNeurons(net: Network, data: GdData, opts: AlignmentOptions = {}): number[] {
  const tol = opts.faceTol ?? 1e-3;
  const angleTol = opts.angleTol ?? 1;
  const { m, d1, w, c } = net;
  const cache = new Map<string, number[]>();
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    if (c[i] === 0) continue;
    const sign: 1 | -1 = c[i]! > 0 ? 1 : -1;
    const face = faceOf(w, i, data, tol);
    const key = `${sign}${face}`;
    let u = cache.get(key);
    if (!u) cache.set(key, (u = faceAscent(data, sign, face)));
    const wi = Array.from({ length: d1 }, (_, k) => w[i * d1 + k]!);
    const a = angleDeg(wi, u);
    if (a <= angleTol) out.push(i);
  }
  return out;
}

/** The aligned neurons clustered by (sign, face), with a measured growth rate. */
export function alignedClusters(net: Network, data: GdData, eps: number, t: number, opts: AlignmentOptions = {}): AlignedCluster[] {
  const members = alignedNeurons(net, data, opts);
  return clusterByFace(net, data, { tol: opts.faceTol ?? 1e-3 }, members).map((cl) => {
    let maxNorm = 0;
    for (const i of cl.members) {
      let m2 = 0;
      for (let k = 0; k < net.d1; k++) m2 += net.w[i * net.d1 + k]! ** 2;
      maxNorm = Math.max(maxNorm, Math.sqrt(m2));
    }
    return {
      sign: cl.sign,
      face: cl.face,
      count: cl.count,
      mass: cl.mass,
      direction: cl.direction,
      rate: t > 0 && maxNorm > 0 ? Math.log(maxNorm / eps) / t : undefined,
    };
  });
}

/**
 * Match clusters with extremal vectors by (sign, exact face string). Every extremal vector gets a
 * row (matched or missing), every unmatched cluster an "extra" row. Rows follow the extremal
 * vectors' order (fastest first), extras last by mass.
 */
export function matchAlignment(
  clusters: readonly AlignedCluster[],
  refs: readonly ExtremalRef[],
  why?: (sign: 1 | -1, face: string) => string,
): AlignmentMatch {
  const used = new Set<number>();
  const rows: AlignmentRow[] = refs.map((e) => {
    const k = clusters.findIndex((c, q) => !used.has(q) && c.sign === e.sign && c.face === e.face);
    if (k < 0) return { status: "missing", sign: e.sign, face: e.face, extremal: e, cluster: null, angle: null };
    used.add(k);
    const cl = clusters[k]!;
    return { status: "matched", sign: e.sign, face: e.face, extremal: e, cluster: cl, angle: angleDeg(cl.direction, e.u.map(toFloat)) };
  });
  clusters
    .map((c, q) => ({ c, q }))
    .filter(({ q }) => !used.has(q))
    .sort((a, b) => b.c.mass - a.c.mass)
    .forEach(({ c }) =>
      rows.push({ status: "extra", sign: c.sign, face: c.face, extremal: null, cluster: c, angle: null, ...(why ? { reason: why(c.sign, c.face) } : {}) }),
    );
  const count = (s: AlignmentRow["status"]) => rows.filter((r) => r.status === s).length;
  const matched = count("matched");
  const missing = count("missing");
  const extra = count("extra");
  // Extras by kind (the first words of their reasons), so the verdict says what they are.
  const kinds = new Map<string, number>();
  for (const r of rows) if (r.status === "extra" && r.reason) kinds.set(extraKind(r.reason), (kinds.get(extraKind(r.reason)) ?? 0) + 1);
  const kindText = kinds.size ? ` (${[...kinds].map(([k, c]) => `${c} ${k}`).join(", ")})` : "";
  const verdict =
    missing === 0 && extra === 0
      ? `matched: all ${matched} extremal vectors of −y hold a cluster, no other cluster`
      : `${matched} of ${refs.length} matched` + (missing ? `, ${missing} missing` : "") + (extra ? `, ${extra} extra cluster(s)${kindText}` : "");
  return { rows, matched, missing, extra, verdict };
}
