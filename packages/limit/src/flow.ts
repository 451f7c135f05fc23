/**
 * The macro flow of MODEL.md §10 step 3, in float64: macroscopic neurons follow the balanced
 * flow ȧ_i = −s_i |a_i| (I + â_i â_iᵀ) D_r(a_i) to rest, and (1-D) the tiny populations' directions
 * move with the same time-varying field, dθ/dt = ⟨−s D_r(θ), e⊥(θ)⟩ (their size does not matter
 * for their direction, §2). Floats only decide which faces things end in; the values are exact
 * afterwards (rest.ts), so the integrator aims for robust face decisions, not digits:
 *  - explicit Euler with adaptive steps: each neuron changes by at most `etaRel` of its length,
 *    each population by at most `etaAngle` radians, and a stiffness bound keeps Euler stable;
 *  - when the stiffness bound is far below those (a slow motion beside stiff neurons at rest: a
 *    new neuron growing at a small rate, many data points), a linearly implicit Euler step
 *    (I − hW)Δ = h·v instead, W the residual coupling of the neurons' velocities (the metric's own
 *    derivatives left out): stable at any h, so h follows the slow motion; a sliding neuron moves
 *    in its hyperplane only;
 *  - sliding (Filippov) on a kink: a neuron or population whose step would cross a data
 *    point's hyperplane while the field on the far side pushes it back lands on the hyperplane
 *    and slides along it, instead of chattering across (discrete GD chatters there, §10).
 * An oracle is consulted every `checkEvery` steps; it returns the exact rest point when the
 * float state is near one (rest.ts decides), and the flow stops.
 */
import type { Sign } from "./faces";

export interface FlowData {
  n: number;
  d1: number;
  /** n × d1 augmented inputs, row-major. */
  X: Float64Array;
  y: Float64Array;
}

export interface FlowNeuron {
  sign: Sign;
  a: Float64Array;
  /** A data point whose hyperplane the neuron slides on (−1: none). */
  stuck: number;
  /** Largest length reached (for `flipRatio`). */
  peak?: number;
}

/** A 1-D population direction: angle θ of (w₁, w₀); on ray `ray` (−1: inside arc `arc`). */
export interface FlowPopulation {
  sign: Sign;
  theta: number;
  arc: number;
  ray: number;
}

/** The circle as the float flow needs it (see circle.ts). */
export interface FlowCircle {
  rayAngle: Float64Array;
  rayPoint: number[];
  /** +1 when point rayPoint[k] is active on arc k (just ccw of ray k), else −1. */
  rayEnter: Int8Array;
  /** Active set of arc 0, for the incremental arc fields. */
  arc0: Uint8Array;
}

export interface FlowOptions {
  etaRel?: number;
  etaAngle?: number;
  maxSteps?: number;
  checkEvery?: number;
  /** A neuron shrinking below this length leaves (becomes a population with ℓ = 0). */
  dieSize?: number;
  /**
   * Experimental (off by default): a macroscopic neuron that shrinks below this fraction of the
   * largest length it reached changes sign in place, as discrete gradient descent's neurons do
   * when their other mode has been pumped up by the steps (docs/limit.md).
   */
  flipRatio?: number;
  /** Only neurons that reached this length (macroscopic ones) flip so. */
  flipMin?: number;
  /** Implicit steps when the accuracy bound exceeds this many stiff steps (default IMPLICIT_RATIO; Infinity: never). */
  implicitRatio?: number;
  /**
   * Implicit steps: the largest relative gap allowed between a moving neuron's mean velocity over
   * the step and its velocity at the start (default 0.02). It bounds hλ on the modes that move, so
   * it sets how well the flow's clock follows the real time (near ties need it small).
   */
  velTol?: number;
}

export interface FlowResult<T> {
  accepted: T | null;
  neurons: FlowNeuron[];
  died: FlowNeuron[];
  populations: FlowPopulation[];
  time: number;
  steps: number;
  loss: number;
}

const TAU = 2 * Math.PI;

/** The implicit step is taken when the accuracy bound exceeds this many stiff steps (default). */
export const IMPLICIT_RATIO = 30;
/** A neuron or population whose accuracy bound exceeds this many stiff steps is at rest. */
const REST_RATIO = 1e10;

/** Residual r = f − y of the float network; returns the loss. */
export function residualOf(data: FlowData, neurons: readonly FlowNeuron[], r: Float64Array): number {
  const { n, d1, X, y } = data;
  for (let j = 0; j < n; j++) r[j] = -y[j]!;
  for (const nu of neurons) {
    const a = nu.a;
    for (let j = 0; j < n; j++) {
      let z = 0;
      for (let k = 0; k < d1; k++) z += a[k]! * X[j * d1 + k]!;
      if (z > 0) r[j] += nu.sign * z;
    }
  }
  let L = 0;
  for (let j = 0; j < n; j++) L += r[j]! * r[j]!;
  return L / 2;
}

/** D_r(a) with point `flip` forced active (+1), inactive (−1) or by sign (0). */
function fieldAt(data: FlowData, r: Float64Array, a: Float64Array, skip: number, force: -1 | 0 | 1, D: Float64Array): void {
  const { n, d1, X } = data;
  D.fill(0);
  for (let j = 0; j < n; j++) {
    let on: boolean;
    if (j === skip) on = force > 0;
    else {
      let z = 0;
      for (let k = 0; k < d1; k++) z += a[k]! * X[j * d1 + k]!;
      on = z > 0;
    }
    if (on) for (let k = 0; k < d1; k++) D[k] += r[j]! * X[j * d1 + k]!;
  }
}

/** ȧ = −s|a|(D + â⟨â, D⟩). */
function velocity(s: Sign, a: Float64Array, D: Float64Array, out: Float64Array): void {
  let aa = 0, ad = 0;
  for (let k = 0; k < a.length; k++) {
    aa += a[k]! * a[k]!;
    ad += a[k]! * D[k]!;
  }
  const na = Math.sqrt(aa);
  const g = na > 0 ? ad / aa : 0; // ⟨â, D⟩/|a|
  for (let k = 0; k < a.length; k++) out[k] = -s * na * (D[k]! + a[k]! * g);
}

const dotRow = (data: FlowData, j: number, v: Float64Array) => {
  let z = 0;
  for (let k = 0; k < data.d1; k++) z += v[k]! * data.X[j * data.d1 + k]!;
  return z;
};

export function runFlow<T>(
  data: FlowData,
  neurons: FlowNeuron[],
  populations: FlowPopulation[],
  circle: FlowCircle | null,
  oracle: (neurons: readonly FlowNeuron[], loss: number) => T | null,
  opts: FlowOptions = {},
): FlowResult<T> {
  const { n, d1, X } = data;
  const etaRel = opts.etaRel ?? 2e-3;
  const etaAngle = opts.etaAngle ?? 2e-3;
  const maxSteps = opts.maxSteps ?? 400_000;
  const checkEvery = opts.checkEvery ?? 50;
  const dieSize = opts.dieSize ?? 1e-12;
  const flipRatio = opts.flipRatio ?? 0;
  const flipMin = opts.flipMin ?? 0;
  const implicitRatio = opts.implicitRatio ?? IMPLICIT_RATIO;
  const velTol = opts.velTol ?? 0.02;
  let S = 0;
  const xx = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < d1; k++) xx[j] += X[j * d1 + k]! ** 2;
    S += xx[j]!;
  }
  const r = new Float64Array(n);
  const D = new Float64Array(d1), Dp = new Float64Array(d1), Dm = new Float64Array(d1);
  const vel = neurons.map(() => new Float64Array(d1));
  const delta = neurons.map(() => new Float64Array(d1));
  const vp = new Float64Array(d1), vm = new Float64Array(d1);
  const died: FlowNeuron[] = [];
  const m = circle ? circle.rayAngle.length : 0;
  const arcD = circle ? Array.from({ length: m }, () => new Float64Array(2)) : [];
  const omega = new Float64Array(populations.length);
  let t = 0;
  // Implicit steps grow at most twofold per step.
  let hPrev = 0;
  let loss = residualOf(data, neurons, r);
  let steps = 0;
  for (; steps < maxSteps; steps++) {
    if (steps % checkEvery === 0) {
      const acc = oracle(neurons, loss);
      if (acc !== null) return { accepted: acc, neurons, died, populations, time: t, steps, loss };
    }
    // Neuron velocities (Filippov on the hyperplane a neuron is stuck to).
    let hmax = Infinity;
    let hRest = Infinity;
    let sumA = 0;
    const hiOf = new Float64Array(neurons.length).fill(Infinity);
    for (let i = 0; i < neurons.length; i++) {
      const nu = neurons[i]!;
      const out = vel[i]!;
      if (nu.stuck >= 0) {
        const j = nu.stuck;
        fieldAt(data, r, nu.a, j, 1, Dp);
        fieldAt(data, r, nu.a, j, -1, Dm);
        velocity(nu.sign, nu.a, Dp, vp);
        velocity(nu.sign, nu.a, Dm, vm);
        const np = dotRow(data, j, vp), nm = dotRow(data, j, vm);
        if (np > 0) {
          out.set(vp);
          nu.stuck = -1;
        } else if (nm < 0) {
          out.set(vm);
          nu.stuck = -1;
        } else {
          // Slide: the convex combination with no normal component.
          const lam = nm - np > 0 ? nm / (nm - np) : 0.5;
          for (let k = 0; k < d1; k++) out[k] = lam * vp[k]! + (1 - lam) * vm[k]!;
          // Remove round-off drift off the hyperplane.
          const z = dotRow(data, j, out);
          for (let k = 0; k < d1; k++) out[k] -= (z / xx[j]!) * X[j * d1 + k]!;
        }
      } else {
        fieldAt(data, r, nu.a, -1, 0, D);
        velocity(nu.sign, nu.a, D, out);
      }
      let na = 0, nv = 0;
      for (let k = 0; k < d1; k++) {
        na += nu.a[k]! ** 2;
        nv += out[k]! ** 2;
      }
      na = Math.sqrt(na);
      sumA += na;
      if (nv > 0) {
        const hi = (etaRel * na) / Math.sqrt(nv);
        hmax = Math.min(hmax, hi);
        if (hi < hRest) hRest = hi;
        hiOf[i] = hi;
      }
    }
    const hStiff = 0.5 / (Math.max(sumA, 1e-300) * S);
    // Bounds beyond REST_RATIO stiff steps are round-off motion of things at rest: not counted.
    let hAcc = hRest <= REST_RATIO * hStiff ? hRest : Infinity;
    const moving = hiOf.map((hi) => (hi <= REST_RATIO * hStiff ? 1 : 0));
    hmax = Math.min(hmax, hStiff);
    // Population angular velocities on the arcs' fields.
    if (circle && populations.length) {
      const { rayPoint, rayEnter, arc0 } = circle;
      const D0 = arcD[0]!;
      D0.fill(0);
      for (let j = 0; j < n; j++) if (arc0[j]) for (let k = 0; k < 2; k++) D0[k] += r[j]! * X[j * 2 + k]!;
      for (let k = 1; k < m; k++) {
        const j = rayPoint[k]!;
        const e = rayEnter[k]!;
        arcD[k]![0] = arcD[k - 1]![0]! + e * r[j]! * X[j * 2]!;
        arcD[k]![1] = arcD[k - 1]![1]! + e * r[j]! * X[j * 2 + 1]!;
      }
      populations.forEach((p, i) => {
        omega[i] = popOmega(p, arcD, circle.rayAngle);
        const w = Math.abs(omega[i]!);
        if (w > 0) {
          hmax = Math.min(hmax, etaAngle / w);
          if (etaAngle / w <= REST_RATIO * hStiff) hAcc = Math.min(hAcc, etaAngle / w);
        }
      });
    }
    // Stiff and slow: the linearly implicit step at the accuracy bound; else explicit Euler.
    let implicit = Number.isFinite(hAcc) && hAcc > implicitRatio * hStiff && neurons.length > 0;
    let h = Number.isFinite(hmax) ? hmax : 1;
    if (implicit) {
      // h: at most twice the last step, and small enough that the implicit step's mean velocity
      // Δ/h stays within velTol of v for every moving neuron (hλ ≲ velTol on the modes that
      // move: the clock stays right; only modes already at rest are taken in large steps).
      const sys = implicitSystem(data, neurons);
      let hi = Math.min(hAcc, 2 * Math.max(hPrev, hStiff));
      for (let it = 0; ; it++) {
        implicitSolve(sys, neurons, vel, hi, delta);
        let dev = 0;
        for (let i = 0; i < neurons.length; i++) {
          if (!moving[i]) continue;
          let dv = 0, vv = 0;
          for (let k = 0; k < d1; k++) {
            dv += (delta[i]![k]! / hi - vel[i]![k]!) ** 2;
            vv += vel[i]![k]! ** 2;
          }
          if (vv > 0) dev = Math.max(dev, Math.sqrt(dv / vv));
        }
        if (dev <= velTol) break;
        hi *= Math.max(0.1, (0.8 * velTol) / dev);
        if (hi <= implicitRatio * hStiff || it >= 12) {
          implicit = false;
          break;
        }
      }
      if (implicit) h = hi;
    }
    hPrev = h;
    // The step of neuron i is hs·move[i].
    const move = implicit ? delta : vel;
    const hs = implicit ? 1 : h;
    // Neuron update; a step that crosses a hyperplane whose far side pushes back lands on it.
    for (let i = 0; i < neurons.length; i++) {
      const nu = neurons[i]!;
      const out = move[i]!;
      const a = nu.a;
      let cross = -1, frac = 1;
      if (nu.stuck < 0) {
        for (let j = 0; j < n; j++) {
          const z0 = dotRow(data, j, a);
          const dz = dotRow(data, j, out) * hs;
          if (z0 !== 0 && Math.sign(z0 + dz) !== Math.sign(z0) && z0 + dz !== 0) {
            const f = -z0 / dz;
            if (f < frac) [frac, cross] = [f, j];
          }
        }
      }
      if (cross >= 0) {
        for (let k = 0; k < d1; k++) a[k] += frac * hs * out[k]!;
        const z = dotRow(data, cross, a);
        for (let k = 0; k < d1; k++) a[k] -= (z / xx[cross]!) * X[cross * d1 + k]!;
        nu.stuck = cross; // the next step decides: go through, or slide
      } else for (let k = 0; k < d1; k++) a[k] += hs * out[k]!;
    }
    if (circle) populations.forEach((p, i) => stepPopulation(p, omega[i]! * h, circle.rayAngle, arcD));
    t += h;
    if (flipRatio > 0) {
      for (const nu of neurons) {
        let na = 0;
        for (let k = 0; k < d1; k++) na += nu.a[k]! ** 2;
        na = Math.sqrt(na);
        if (na > (nu.peak ?? 0)) nu.peak = na;
        else if (nu.peak !== undefined && nu.peak >= flipMin && na < flipRatio * nu.peak) {
          nu.sign = (-nu.sign) as Sign;
          nu.peak = na;
          nu.stuck = -1;
        }
      }
    }
    // Leaving: a neuron that shrank to nothing becomes a population again (§10 step 3).
    for (let i = neurons.length - 1; i >= 0; i--) {
      const a = neurons[i]!.a;
      let na = 0;
      for (let k = 0; k < d1; k++) na += a[k]! ** 2;
      if (Math.sqrt(na) < dieSize) {
        died.push(neurons[i]!);
        neurons.splice(i, 1);
        vel.splice(i, 1);
        delta.splice(i, 1);
      }
    }
    loss = residualOf(data, neurons, r);
  }
  return { accepted: null, neurons, died, populations, time: t, steps, loss };
}

function arcOf(theta: number, rayAngle: Float64Array): number {
  const m = rayAngle.length;
  let k = m - 1;
  for (let i = 0; i < m; i++) if (rayAngle[i]! <= theta) k = i;
  return k;
}

const omegaOn = (s: Sign, D: Float64Array, theta: number) => -s * (-D[0]! * Math.sin(theta) + D[1]! * Math.cos(theta));

/** dθ/dt of a population; on a ray: the side it leaves to, or 0 when both sides push in. */
function popOmega(p: FlowPopulation, arcD: Float64Array[], rayAngle: Float64Array): number {
  const m = rayAngle.length;
  if (p.ray < 0) return omegaOn(p.sign, arcD[p.arc]!, p.theta);
  const th = rayAngle[p.ray]!;
  const up = omegaOn(p.sign, arcD[p.ray]!, th);
  const down = omegaOn(p.sign, arcD[(p.ray - 1 + m) % m]!, th);
  if (up > 0 && (down >= 0 || up >= -down)) return up;
  if (down < 0) return down;
  return 0;
}

function stepPopulation(p: FlowPopulation, dth: number, rayAngle: Float64Array, arcD: Float64Array[]): void {
  if (dth === 0) return;
  const m = rayAngle.length;
  const dir = dth > 0 ? 1 : -1;
  let arc: number;
  if (p.ray >= 0) arc = dir > 0 ? p.ray : (p.ray - 1 + m) % m;
  else arc = p.arc;
  // The boundary ray ahead in the direction of motion.
  const rb = dir > 0 ? (arc + 1) % m : arc;
  let dist = dir > 0 ? rayAngle[rb]! - p.theta : p.theta - rayAngle[rb]!;
  dist = ((dist % TAU) + TAU) % TAU;
  if (p.ray >= 0 && dist === 0) dist = TAU;
  if (Math.abs(dth) < dist) {
    p.theta = (((p.theta + dth) % TAU) + TAU) % TAU;
    p.ray = -1;
    p.arc = arc;
    return;
  }
  // Reaching the ray: go on only if the far side still pulls the same way; else stop on it.
  const far = dir > 0 ? rb : (rb - 1 + m) % m;
  const w = omegaOn(p.sign, arcD[far]!, rayAngle[rb]!);
  p.theta = rayAngle[rb]!;
  if (w * dir > 0) {
    p.ray = -1;
    p.arc = far;
    // A nudge into the far arc keeps the arc bookkeeping consistent.
    const width = dir > 0 ? rayAngle[(far + 1) % m]! - p.theta : p.theta - rayAngle[far]!;
    const step = Math.min(Math.abs(dth) - dist, 0.5 * (((width % TAU) + TAU) % TAU || TAU));
    p.theta = (((p.theta + dir * step) % TAU) + TAU) % TAU;
  } else {
    p.ray = rb;
    p.arc = -1;
  }
}

export { arcOf };

/** v minus its projections on the orthonormal `basis`, normalized; null when less than `floor` is left. */
function orthonormalized(v: Float64Array, basis: readonly Float64Array[], floor: number): Float64Array | null {
  for (const b of basis) {
    let c = 0;
    for (let k = 0; k < v.length; k++) c += v[k]! * b[k]!;
    for (let k = 0; k < v.length; k++) v[k] -= c * b[k]!;
  }
  let nv = 0;
  for (let k = 0; k < v.length; k++) nv += v[k]! ** 2;
  if (nv < floor) return null;
  for (let k = 0; k < v.length; k++) v[k] /= Math.sqrt(nv);
  return v;
}

/** An orthonormal float basis of {v : ⟨x̃_j, v⟩ = 0, j ∈ Z} (Gram–Schmidt). */
export function floatFaceBasis(data: FlowData, Z: readonly number[]): Float64Array[] {
  const { d1, X } = data;
  const rows: Float64Array[] = [];
  for (const j of Z) {
    const v = orthonormalized(X.slice(j * d1, (j + 1) * d1), rows, 1e-20);
    if (v) rows.push(v);
  }
  const out: Float64Array[] = [];
  for (let e = 0; e < d1 && out.length < d1 - rows.length; e++) {
    const v = orthonormalized(
      Float64Array.from({ length: d1 }, (_, k) => (k === e ? 1 : 0)),
      [...rows, ...out],
      1e-6,
    );
    if (v) out.push(v);
  }
  return out;
}

/** The parts of the implicit step that do not depend on h (see `implicitSolve`). */
interface ImplicitSystem {
  /** Per neuron: an orthonormal basis of the space it moves in (its hyperplane when it slides). */
  Q: Float64Array[][];
  off: number[];
  N: number;
  /** W-blocks without h: A = I + h·C. */
  C: Float64Array;
}

/**
 * Linearly implicit Euler: (I − hW)δ = h·v in each neuron's own coordinates (its hyperplane when
 * it slides), W_ik = −s_i s_k |a_i|(I + â_iâ_iᵀ) Σ_{j active for both} x̃_j x̃_jᵀ: the derivative of
 * neuron i's velocity in neuron k through the residual (the metric's own derivative left out;
 * −W is similar to a positive semi-definite matrix, so I − hW is invertible for every h ≥ 0).
 */
function implicitSystem(data: FlowData, neurons: readonly FlowNeuron[]): ImplicitSystem {
  const { n, d1, X } = data;
  const K = neurons.length;
  const Q: Float64Array[][] = neurons.map((nu) =>
    nu.stuck >= 0 ? floatFaceBasis(data, [nu.stuck]) : Array.from({ length: d1 }, (_, e) => Float64Array.from({ length: d1 }, (_, k) => (k === e ? 1 : 0))),
  );
  const off: number[] = [];
  let N = 0;
  for (const q of Q) {
    off.push(N);
    N += q.length;
  }
  // G_ik = Σ_j x̃_j x̃_jᵀ over points active for both (row-major d1×d1 blocks).
  const G = new Float64Array(K * K * d1 * d1);
  const act: number[] = [];
  for (let j = 0; j < n; j++) {
    act.length = 0;
    for (let i = 0; i < K; i++) if (dotRow(data, j, neurons[i]!.a) > 0) act.push(i);
    for (const i of act) {
      for (const k of act) {
        const base = (i * K + k) * d1 * d1;
        for (let p = 0; p < d1; p++) for (let q = 0; q < d1; q++) G[base + p * d1 + q] += X[j * d1 + p]! * X[j * d1 + q]!;
      }
    }
  }
  const C = new Float64Array(N * N);
  const M = new Float64Array(d1 * d1), MG = new Float64Array(d1 * d1);
  for (let i = 0; i < K; i++) {
    const nu = neurons[i]!;
    const a = nu.a;
    let aa = 0;
    for (let k = 0; k < d1; k++) aa += a[k]! * a[k]!;
    const na = Math.sqrt(aa);
    if (na === 0) continue;
    // M = |a|(I + ââᵀ) = |a| I + aaᵀ/|a|.
    for (let p = 0; p < d1; p++) for (let q = 0; q < d1; q++) M[p * d1 + q] = (p === q ? na : 0) + (a[p]! * a[q]!) / na;
    const Qi = Q[i]!;
    for (let k = 0; k < K; k++) {
      const base = (i * K + k) * d1 * d1;
      let any = false;
      for (let e = 0; e < d1 * d1; e++) if (G[base + e] !== 0) any = true;
      if (!any) continue;
      const c = nu.sign * neurons[k]!.sign;
      for (let p = 0; p < d1; p++) {
        for (let q = 0; q < d1; q++) {
          let v = 0;
          for (let e = 0; e < d1; e++) v += M[p * d1 + e]! * G[base + e * d1 + q]!;
          MG[p * d1 + q] = v;
        }
      }
      const Qk = Q[k]!;
      for (let r = 0; r < Qi.length; r++) {
        for (let c2 = 0; c2 < Qk.length; c2++) {
          let v = 0;
          for (let p = 0; p < d1; p++) for (let q = 0; q < d1; q++) v += Qi[r]![p]! * MG[p * d1 + q]! * Qk[c2]![q]!;
          C[(off[i]! + r) * N + off[k]! + c2] += c * v;
        }
      }
    }
  }
  return { Q, off, N, C };
}

/** The implicit steps Δ_i for this h, written into `out`. */
function implicitSolve(sys: ImplicitSystem, neurons: readonly FlowNeuron[], vel: readonly Float64Array[], h: number, out: Float64Array[]): void {
  const { Q, off, N, C } = sys;
  const A = new Float64Array(N * N);
  for (let e = 0; e < N * N; e++) A[e] = h * C[e]!;
  for (let e = 0; e < N; e++) A[e * N + e] += 1;
  const b = new Float64Array(N);
  for (let i = 0; i < neurons.length; i++) {
    Q[i]!.forEach((q, r) => {
      let v = 0;
      for (let k = 0; k < q.length; k++) v += q[k]! * vel[i]![k]!;
      b[off[i]! + r] = h * v;
    });
  }
  const x = solveDense(A, b, N);
  for (let i = 0; i < neurons.length; i++) {
    const o = out[i]!;
    o.fill(0);
    Q[i]!.forEach((q, r) => {
      for (let k = 0; k < q.length; k++) o[k] += x[off[i]! + r]! * q[k]!;
    });
  }
}

/** A x = b by Gaussian elimination with partial pivoting (A is N×N row-major, overwritten; a zero pivot gives 0). */
export function solveDense(A: Float64Array, b: Float64Array, N: number): Float64Array {
  for (let c = 0; c < N; c++) {
    let piv = c;
    for (let r = c + 1; r < N; r++) if (Math.abs(A[r * N + c]!) > Math.abs(A[piv * N + c]!)) piv = r;
    if (piv !== c) {
      for (let k = 0; k < N; k++) [A[c * N + k], A[piv * N + k]] = [A[piv * N + k]!, A[c * N + k]!];
      [b[c], b[piv]] = [b[piv]!, b[c]!];
    }
    const d = A[c * N + c]!;
    if (d === 0) continue;
    for (let r = c + 1; r < N; r++) {
      const f = A[r * N + c]! / d;
      if (f === 0) continue;
      for (let k = c; k < N; k++) A[r * N + k] -= f * A[c * N + k]!;
      b[r] -= f * b[c]!;
    }
  }
  const x = new Float64Array(N);
  for (let c = N - 1; c >= 0; c--) {
    let v = b[c]!;
    for (let k = c + 1; k < N; k++) v -= A[c * N + k]! * x[k]!;
    const d = A[c * N + c]!;
    x[c] = d !== 0 ? v / d : 0;
  }
  return x;
}
