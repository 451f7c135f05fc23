/**
 * One jump (MODEL.md §10 steps 3–4): the macroscopic neurons and the newly grown ones follow
 * the float macro flow; an oracle proposes the faces the float state is in (and, for a neuron
 * within `nearTol` of a kink, the neighbouring faces too), solves the exact rest point on them
 * and accepts when it is in those faces, at rest, and the float state is close to it.
 * If the flow ends without an accepted rest point, the float point is kept, marked inexact.
 *
 * Cost: a face combination is first fitted in floats (least squares on its faces, cached per
 * combination); only one whose float minimum agrees with the flow's loss is solved exactly
 * (cached too). When the fit is not unique (path-dependent), the exact point checked is the
 * solution nearest the flow's own point (`solveRestPointNear`), not the minimum-norm one.
 */
import { toFloat } from "@qrelu/core";
import { faceKey, type Geometry, type Sign, type SignVector } from "./faces";
import { floatFaceBasis, residualOf, runFlow, solveDense, type FlowCircle, type FlowData, type FlowNeuron, type FlowOptions, type FlowPopulation } from "./flow";
import { solveRestPoint, solveRestPointNear, type RestPoint } from "./rest";

export interface JumpResult {
  rest: RestPoint | null;
  /** The float state at the end: macroscopic neurons (the rest point's, in order of the specs)… */
  neurons: FlowNeuron[];
  /** …tiny ones (left, or near-tie populations that did not grow), and those removed by the flow. */
  tiny: FlowNeuron[];
  died: FlowNeuron[];
  populations: FlowPopulation[];
  floatLoss: number;
  time: number;
  steps: number;
}

export interface JumpOptions extends FlowOptions {
  /** The size |a| of log-size ℓ = 0: |a| = unit·ε^(−2ℓ). */
  unit?: number;
  /** Newly grown neurons: no rest while one of them is still tiny and growing. */
  mustGrow?: ReadonlySet<FlowNeuron>;
  /** Neurons smaller than this are tiny: not part of the rest point (populations riding along). */
  macroSize?: number;
  /** log(1/ε) for the real sizes of tiny neurons (Infinity: the limit ε → 0). */
  logInvEps?: number;
  /** Near ties: no rest while a tiny neuron would grow within this Δτ (0: only ℓ = 0 ones). */
  window?: number;
  /** A neuron this close (cosine) to a data point's hyperplane also tries the face on it and across it. */
  nearTol?: number;
  /** Acceptance: relative loss gap and relative distance of each neuron to the exact point. */
  lossTol?: number;
  vecTol?: number;
}

/** Loss gap below which a float point is projected onto a non-unique fit's solution set. */
const NEAR_LOSS_TOL = 1e-8;

export function flowData(g: Geometry): FlowData {
  const X = new Float64Array(g.n * g.d1);
  g.xt.forEach((row, j) => row.forEach((v, k) => (X[j * g.d1 + k] = toFloat(v))));
  return { n: g.n, d1: g.d1, X, y: Float64Array.from(g.y, toFloat) };
}

function candidateFaces(data: FlowData, nu: FlowNeuron, nearTol: number): (-1 | 0 | 1)[][] {
  const { n, d1, X } = data;
  let na = 0;
  for (let k = 0; k < d1; k++) na += nu.a[k]! ** 2;
  na = Math.sqrt(na);
  const base: (-1 | 0 | 1)[] = [];
  const near: number[] = [];
  for (let j = 0; j < n; j++) {
    let z = 0, xx = 0;
    for (let k = 0; k < d1; k++) {
      z += nu.a[k]! * X[j * d1 + k]!;
      xx += X[j * d1 + k]! ** 2;
    }
    const c = z / (na * Math.sqrt(xx));
    if (j === nu.stuck || Math.abs(c) < 1e-10) base.push(0);
    else base.push(c > 0 ? 1 : -1);
    if (Math.abs(c) < nearTol) near.push(j);
  }
  const out = [base];
  // Alternatives one kink at a time (nearest first): on it, and on either side of it.
  for (const j of near.slice(0, 3)) {
    for (const v of [0, 1, -1] as const) {
      if (v === base[j]) continue;
      const alt = base.slice();
      alt[j] = v;
      out.push(alt);
    }
  }
  return out;
}

function product<T>(lists: T[][], limit: number): T[][] {
  let acc: T[][] = [[]];
  for (const l of lists) {
    const next: T[][] = [];
    for (const a of acc) for (const x of l) if (next.length < limit) next.push([...a, x]);
    acc = next;
  }
  return acc;
}

export function jump(
  g: Geometry,
  data: FlowData,
  neurons: FlowNeuron[],
  populations: FlowPopulation[],
  circle: FlowCircle | null,
  opts: JumpOptions = {},
): JumpResult {
  const nearTol = opts.nearTol ?? 1e-3;
  const lossTol = opts.lossTol ?? 1e-4;
  const vecTol = opts.vecTol ?? 1e-2;
  const cache = new Map<string, RestPoint>();
  const floatCache = new Map<string, number>();
  const yy = g.y.reduce((s, v) => s + toFloat(v) ** 2, 0) / 2;
  const macroSize = opts.macroSize ?? 0;
  const unit = opts.unit ?? 1;
  const mustGrow = opts.mustGrow ?? new Set<FlowNeuron>();
  const L = opts.logInvEps ?? Infinity;
  const W = opts.window ?? 0;
  const r = new Float64Array(data.n);
  const isMacro = (nu: FlowNeuron) => norm(nu.a) >= macroSize;
  const oracle = (all: readonly FlowNeuron[], loss: number): RestPoint | null => {
    const ns = all.filter(isMacro);
    if (ns.length === 0) return null;
    // Not at rest while a tiny neuron is about to grow: ℓ_now = ln(|a|/unit)/(2 log(1/ε)) reaches 0
    // within the window at its current rate g = −s⟨â, D_r(â)⟩ (d ln|a|/dt = 2g).
    residualOf(data, all, r);
    for (const nu of all) {
      if (isMacro(nu)) continue;
      const g = growthRate(data, r, nu);
      if (g <= 0) continue;
      if (mustGrow.has(nu)) return null;
      const ell = Number.isFinite(L) ? Math.min(0, Math.log(norm(nu.a) / unit) / (2 * L)) : 0;
      if (-ell / g <= W) return null;
    }
    const combos = product(
      ns.map((nu) => candidateFaces(data, nu, nearTol)),
      64,
    );
    const severalOutside: { sign: Sign; face: SignVector }[][] = [];
    for (const faces of combos) {
      const specs = ns.map((nu, i) => ({ sign: nu.sign as Sign, face: faces[i]! as SignVector }));
      const key = specs.map((s) => `${s.sign}${faceKey(s.face)}`).join("|");
      // Float prefilter: the float least-squares minimum on these faces against the flow's loss
      // (twice the tolerance: the exact check below decides).
      let Lf = floatCache.get(key);
      if (Lf === undefined) {
        Lf = floatFaceLoss(data, specs);
        floatCache.set(key, Lf);
      }
      if (Math.abs(loss - Lf) > 2 * lossTol * Lf + 2e-9 * yy) continue;
      let rp = cache.get(key);
      if (!rp) {
        rp = solveRestPoint(g, specs);
        cache.set(key, rp);
      }
      if (!rp.atRest) continue;
      const L = toFloat(rp.loss);
      if (Math.abs(loss - L) > lossTol * L + 1e-9 * yy) continue;
      if (rp.unique) {
        if (!rp.inFaces || !closeTo(rp, ns, vecTol)) continue;
        return rp;
      }
      if (rp.inFaces) return rp;
      // The flow must be much closer to that set than the tolerance above (the projection of
      // the float point onto it then stands for the point the flow settles at).
      if (Math.abs(loss - L) <= NEAR_LOSS_TOL * L + 1e-12 * yy) severalOutside.push(specs);
    }
    // Several solutions, the minimum-norm one outside the faces: the one nearest the flow's own
    // point (after every combination whose first solution is accepted, so that those keep priority).
    for (const specs of severalOutside) {
      const near = solveRestPointNear(
        g,
        specs,
        ns.map((nu) => nu.a),
      );
      if (near.inFaces && near.atRest && closeTo(near, ns, vecTol)) return near;
    }
    return null;
  };
  const res = runFlow(data, neurons, populations, circle, oracle, opts);
  return {
    rest: res.accepted,
    neurons: res.neurons.filter(isMacro),
    tiny: res.neurons.filter((nu) => !isMacro(nu)),
    died: res.died,
    populations: res.populations,
    floatLoss: res.loss,
    time: res.time,
    steps: res.steps,
  };
}

/**
 * ½|r|² at the float least-squares minimum on the given faces (b_i = B_iθ_i free in L_{F_i}, on
 * P(F_i)): the normal equations with a tiny ridge (a non-unique fit has the same minimum).
 */
function floatFaceLoss(data: FlowData, specs: readonly { sign: Sign; face: SignVector }[]): number {
  const { n, d1, X, y } = data;
  // Columns: per spec, a float basis of L_F (the identity for a sector; in a hyperplane otherwise).
  const cols: { spec: number; v: Float64Array }[] = [];
  specs.forEach((sp, i) => {
    const Z: number[] = [];
    sp.face.forEach((v, j) => v === 0 && Z.push(j));
    for (const v of floatFaceBasis(data, Z)) cols.push({ spec: i, v });
  });
  const c = cols.length;
  const M = new Float64Array(n * c);
  for (let j = 0; j < n; j++) {
    cols.forEach((col, k) => {
      if (specs[col.spec]!.face[j]! <= 0) return;
      let z = 0;
      for (let t = 0; t < d1; t++) z += X[j * d1 + t]! * col.v[t]!;
      M[j * c + k] = z;
    });
  }
  const G = new Float64Array(c * c), h = new Float64Array(c);
  let tr = 0;
  for (let j = 0; j < n; j++) {
    for (let p = 0; p < c; p++) {
      const mp = M[j * c + p]!;
      if (mp === 0) continue;
      h[p] += mp * y[j]!;
      for (let q = 0; q < c; q++) G[p * c + q] += mp * M[j * c + q]!;
    }
  }
  for (let p = 0; p < c; p++) tr += G[p * c + p]!;
  for (let p = 0; p < c; p++) G[p * c + p] += 1e-13 * tr + 1e-300;
  const th = solveDense(G, h, c);
  let L = 0;
  for (let j = 0; j < n; j++) {
    let f = 0;
    for (let k = 0; k < c; k++) f += M[j * c + k]! * th[k]!;
    L += (f - y[j]!) ** 2;
  }
  return L / 2;
}

/** Each exact neuron against the sum of the float neurons merged into it. */
function closeTo(rp: RestPoint, ns: readonly FlowNeuron[], tol: number): boolean {
  for (const nu of rp.neurons) {
    const d1 = nu.a.length;
    let diff = 0, size = 0;
    for (let k = 0; k < d1; k++) {
      let f = 0;
      for (const i of nu.from) f += ns[i]!.a[k]!;
      const e = toFloat(nu.a[k]!);
      diff += (f - e) ** 2;
      size += e * e;
    }
    if (Math.sqrt(diff) > tol * Math.sqrt(size)) return false;
  }
  return true;
}


function norm(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * a[k]!;
  return Math.sqrt(s);
}

/** g = −s⟨â, D_r(a)⟩ of a float neuron (its log-size grows at 2g per unit t). */
export function growthRate(data: FlowData, r: Float64Array, nu: FlowNeuron): number {
  const { n, d1, X } = data;
  const na = norm(nu.a);
  if (na === 0) return 0;
  let g = 0;
  for (let j = 0; j < n; j++) {
    let z = 0;
    for (let k = 0; k < d1; k++) z += nu.a[k]! * X[j * d1 + k]!;
    if (z > 0) g += r[j]! * z;
  }
  return (-nu.sign * g) / na;
}
