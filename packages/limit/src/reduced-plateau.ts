/**
 * A plateau of the reduced network, skipped exactly (MODEL.md §10 step 6). The residual r is
 * fixed (macroscopic neurons at rest; tiny ones do not move it), so every tiny neuron evolves on
 * its own: its direction ascends g_s at speed |tanh(δ/2)| and δ̇ = 2h. It is integrated with
 * adaptive steps only while its direction moves (or δ is near 0, where tanh is not saturated);
 * once parked at an attractor h is constant and δ(t) = δ₀ + 2ht, so the next event is analytic:
 *  - transit: |δ| reaches δ_T, where the contribution 2e^m sinh δ equals the tiny size;
 *  - crossing: δ reaches 0 (a sign flip); the direction then climbs the other sign's field and
 *    is integrated again until it parks.
 * A stalled neuron the last jump left out of its rest point (PlateauParams.slow) is already above
 * the tiny size: its transit is where it reaches the macroscopic size.
 * The clock jumps to the first transit over all neurons: no fixed step count over a plateau.
 * Pass 1 finds that time (each neuron only up to the best time so far); pass 2 advances every
 * neuron to it by the same deterministic steps.
 */
import {
  advanceModes,
  ascentAt,
  deltaOfSize,
  deltaRate,
  modesCrossing,
  newAscent,
  restModes,
  snapToAttractor,
  stepDirection,
  transitTime,
  type Ascent,
  type Kin,
} from "./reduced-kin";
import type { Neurons } from "./reduced-neurons";

export interface PlateauParams {
  /** Contribution (absolute) at which a tiny neuron is in transit. */
  tinyAbs: number;
  /** Largest angle step (radians) of a tiny neuron. */
  etaAngle: number;
  /** Parked: steepest-ascent rate ≤ park · Σ|r_j||x̃_j|. */
  park: number;
  /** Work limit per neuron and plateau. */
  maxNeuronSteps: number;
  /** |h| ≤ idle · Σ|r_j||x̃_j| counts as no field (IDLE_EXACT on an exact residual, IDLE_FLOAT on a float one). */
  idle: number;
  /** η of the gradient descent predicted (the discrete-step drift, reduced-kin.ts); 0: the exact flow. */
  eta: number;
  /** The one-sided planes' threshold (reduced-kin.ts: ONE_SIDED_EXACT on a plateau's exact residual). */
  oneSided: number;
  /**
   * Stalled neurons the last jump left out of its rest point (reduced-jump.ts, rule 2b), already
   * above the tiny size: their transit ends at `slowAbs` (the macroscopic size) instead.
   */
  slow?: ReadonlySet<number>;
  slowAbs?: number;
}

export interface SimResult {
  /** Time of the transit from the plateau's start (Infinity: none before the horizon). */
  event: number;
  parked: boolean;
  steps: number;
  flips: number;
  /** The work limit was hit (the neuron is left where it is). */
  stuck: boolean;
}

/** |h| at or below this fraction of Σ|r_j||x̃_j|: no field (idle), on an exact residual (round-off)… */
export const IDLE_EXACT = 1e-13;
/** …and on a float rest point's residual (its error). */
export const IDLE_FLOAT = 1e-7;
/** |δ| below this: tanh(δ/2) is not saturated, so δ's steps are bounded too (|Δδ| ≤ 0.2 + |δ|). */
const UNSATURATED = 40;

/**
 * The longest step a moving neuron may take (Infinity: it does not move): its direction turns by at
 * most etaAngle, and by at most half a radian of its field (speed φ = |tanh(δ/2)|).
 */
function angleStep(a: Ascent, phi: number, p: PlateauParams): number {
  const sp = phi * a.vn;
  return sp > 0 ? Math.min(p.etaAngle / sp, 0.5 / (phi * a.G0n)) : Infinity;
}

/** The end of a moving step of either integrator, δ already advanced from d: a change of sign is a flip (returns 1), and the direction moves by `disp` along the ascent. */
function moveDirection(kin: Kin, N: Neurons, i: number, d: number, a: Ascent, disp: number): number {
  const flipped = (d > 0 && N.delta[i]! < 0) || (d < 0 && N.delta[i]! > 0) ? 1 : 0;
  stepDirection(kin, N.U, i * kin.d1, a, disp);
  return flipped;
}

/** Evolve neuron `i` with r fixed up to `horizon` or its transit (whichever first). */
export function simulateNeuron(kin: Kin, r: Float64Array, N: Neurons, i: number, horizon: number, p: PlateauParams, a: Ascent): SimResult {
  if (p.eta > 0) return simulateNeuronEta(kin, r, N, i, horizon, p, a);
  const uo = i * kin.d1;
  const m = N.m[i]!;
  const dT = deltaOfSize(m, p.tinyAbs);
  let t = 0, flips = 0;
  for (let steps = 0; steps < p.maxNeuronSteps; steps++) {
    const d = N.delta[i]!;
    ascentAt(kin, r, N.U, uo, d > 0 ? 1 : d < 0 ? -1 : 0, a, false, p.oneSided, N.side, i * N.n);
    if (a.vn <= p.park * a.ref) {
      if (snapToAttractor(kin, N.U, uo, a)) ascentAt(kin, r, N.U, uo, d > 0 ? 1 : d < 0 ? -1 : 0, a, false, p.oneSided, N.side, i * N.n);
      const h = a.h;
      if (a.ref === 0 || Math.abs(h) <= p.idle * a.ref) return { event: Infinity, parked: true, steps, flips, stuck: false };
      if (d * h >= 0) {
        const dtE = Math.max(0, (dT - Math.abs(d)) / (2 * Math.abs(h)));
        if (t + dtE <= horizon) {
          N.delta[i] = Math.sign(h) * dT;
          return { event: t + dtE, parked: true, steps, flips, stuck: false };
        }
        N.delta[i] = d + 2 * h * (horizon - t);
        return { event: Infinity, parked: true, steps, flips, stuck: false };
      }
      const dtC = Math.abs(d) / (2 * Math.abs(h));
      if (t + dtC >= horizon) {
        N.delta[i] = d + 2 * h * (horizon - t);
        return { event: Infinity, parked: true, steps, flips, stuck: false };
      }
      N.delta[i] = 0;
      t += dtC;
      flips++;
      continue;
    }
    const h = a.h;
    const phi = Math.abs(Math.tanh(d / 2));
    let dt = angleStep(a, phi, p);
    if (Math.abs(d) < UNSATURATED && h !== 0) dt = Math.min(dt, (0.2 + Math.abs(d)) / (2 * Math.abs(h)));
    if (!Number.isFinite(dt)) return { event: Infinity, parked: false, steps, flips, stuck: false };
    let ev = false;
    if (h !== 0 && d * h >= 0 && Math.abs(d) + 2 * Math.abs(h) * dt >= dT) {
      dt = Math.max(0, (dT - Math.abs(d)) / (2 * Math.abs(h)));
      ev = true;
    }
    let last = false;
    if (t + dt >= horizon) {
      dt = horizon - t;
      ev = false;
      last = true;
    }
    N.delta[i] = ev ? Math.sign(h) * dT : d + 2 * h * dt;
    flips += moveDirection(kin, N, i, d, a, phi * dt);
    t += dt;
    if (ev) return { event: t, parked: false, steps, flips, stuck: false };
    if (last) return { event: Infinity, parked: false, steps, flips, stuck: false };
  }
  return { event: Infinity, parked: false, steps: p.maxNeuronSteps, flips, stuck: true };
}

/**
 * The same with the discrete-step drift (η > 0): the dominant mode moves as in the flow, the ratio
 * ρ of the modes by the Riccati equation of reduced-kin.ts, exact for a frozen field. Parked, the
 * field is constant, so both events stay analytic: a transit (the dominant mode grows; ρ relaxes
 * to its equilibrium ≈ ηK/(8h) on the way) or a crossing (the dominant mode shrinks: ρ reaches 1,
 * early when the drift has pumped it up). Idle (h = 0): ρ creeps up by ηK/4·(1 − ρ)², no event.
 */
function simulateNeuronEta(kin: Kin, r: Float64Array, N: Neurons, i: number, horizon: number, p: PlateauParams, a: Ascent): SimResult {
  const uo = i * kin.d1;
  const eta = p.eta;
  let t = 0, flips = 0;
  const toHorizon = (h: number, K: number) => {
    if (Number.isFinite(horizon) && horizon > t) advanceModes(N.m, N.delta, i, h, K, eta, horizon - t);
  };
  for (let steps = 0; steps < p.maxNeuronSteps; steps++) {
    const d = N.delta[i]!;
    const sg = d > 0 ? 1 : d < 0 ? -1 : 0;
    ascentAt(kin, r, N.U, uo, sg, a, true, p.oneSided, N.side, i * N.n);
    if (a.vn <= p.park * a.ref) {
      if (snapToAttractor(kin, N.U, uo, a)) ascentAt(kin, r, N.U, uo, sg, a, true, p.oneSided, N.side, i * N.n);
      const h = a.h, K = a.K;
      if (a.ref === 0 || Math.abs(h) <= p.idle * a.ref) {
        toHorizon(0, K);
        return { event: Infinity, parked: true, steps, flips, stuck: false };
      }
      if (d * h >= 0) {
        const dtE = transitTime(N.m[i]!, d, h, K, eta, p.tinyAbs);
        if (t + dtE <= horizon) {
          advanceModes(N.m, N.delta, i, h, K, eta, dtE);
          return { event: t + dtE, parked: true, steps, flips, stuck: false };
        }
        toHorizon(h, K);
        return { event: Infinity, parked: true, steps, flips, stuck: false };
      }
      const dtC = modesCrossing(N.m[i]!, d, h, K, eta);
      if (t + dtC >= horizon) {
        toHorizon(h, K);
        return { event: Infinity, parked: true, steps, flips, stuck: false };
      }
      // At the crossing the modes are equal: P = N = the dominant mode then.
      const lnDom = (N.m[i]! + Math.abs(d)) / 2 + Math.sign(d) * h * dtC;
      N.m[i] = 2 * lnDom;
      N.delta[i] = 0;
      t += dtC;
      flips++;
      continue;
    }
    const h = a.h, K = a.K;
    const phi = Math.abs(Math.tanh(d / 2));
    let dt = angleStep(a, phi, p);
    if (Math.abs(d) < UNSATURATED) {
      const rate = deltaRate(d, h, K, eta);
      if (rate > 0) dt = Math.min(dt, (0.2 + Math.abs(d)) / rate);
    }
    if (!Number.isFinite(dt)) return { event: Infinity, parked: false, steps, flips, stuck: false };
    let ev = false, cross = false;
    if (h !== 0 && d * h >= 0) {
      const dtE = transitTime(N.m[i]!, d, h, K, eta, p.tinyAbs);
      if (dtE <= dt) {
        dt = dtE;
        ev = true;
      }
    } else if (d !== 0) {
      const dtC = modesCrossing(N.m[i]!, d, h, K, eta);
      if (dtC < dt) {
        dt = dtC;
        cross = true;
      }
    }
    let last = false;
    if (t + dt >= horizon) {
      dt = horizon - t;
      ev = cross = false;
      last = true;
    }
    if (cross) {
      N.m[i] = (N.m[i]! + Math.abs(d)) + 2 * Math.sign(d) * h * dt;
      N.delta[i] = 0;
      flips++;
    } else advanceModes(N.m, N.delta, i, h, K, eta, dt);
    flips += moveDirection(kin, N, i, d, a, phi * dt);
    t += dt;
    if (ev) return { event: t, parked: false, steps, flips, stuck: false };
    if (last) return { event: Infinity, parked: false, steps, flips, stuck: false };
  }
  return { event: Infinity, parked: false, steps: p.maxNeuronSteps, flips, stuck: true };
}

export interface PlateauRun {
  /** Duration (t units) to the first transit; Infinity: none (no neuron will ever grow). */
  T: number;
  /** Neurons whose transit is at T (to 1e−9 relative): they start the jump together. */
  events: number[];
  /** Per neuron (of `tiny`), parked at the end. */
  parked: Map<number, boolean>;
  steps: number;
  flips: number;
  stuck: number;
}

/** Advance the tiny neurons `tiny` of N to the plateau's first transit (or leave them, T = ∞). */
export function runPlateau(kin: Kin, r: Float64Array, N: Neurons, tiny: readonly number[], p: PlateauParams, macro: readonly number[] = []): PlateauRun {
  const { d1 } = kin;
  const a = newAscent(d1);
  const { n } = N;
  const scratch: Neurons = { M: 1, d1, U: new Float64Array(d1), delta: new Float64Array(1), m: new Float64Array(1), n, side: new Int8Array(n), count: new Float64Array(1) };
  let best = Infinity;
  let events: { i: number; t: number; u: Float64Array; delta: number; m: number; side: Int8Array }[] = [];
  let steps = 0;
  const slowP = p.slow?.size ? { ...p, tinyAbs: p.slowAbs ?? p.tinyAbs } : p;
  const paramsOf = (i: number): PlateauParams => (p.slow?.has(i) ? slowP : p);
  // Pass 1: each neuron on a copy, up to the best time so far.
  for (const i of tiny) {
    scratch.U.set(N.U.subarray(i * d1, i * d1 + d1));
    scratch.delta[0] = N.delta[i]!;
    scratch.m[0] = N.m[i]!;
    scratch.side.set(N.side.subarray(i * n, i * n + n));
    const res = simulateNeuron(kin, r, scratch, 0, Number.isFinite(best) ? best * (1 + 1e-9) : Infinity, paramsOf(i), a);
    steps += res.steps;
    if (res.event === Infinity) continue;
    if (res.event < best) best = res.event;
    events.push({ i, t: res.event, u: Float64Array.from(scratch.U), delta: scratch.delta[0]!, m: scratch.m[0]!, side: Int8Array.from(scratch.side) });
    events = events.filter((e) => e.t <= best * (1 + 1e-9));
  }
  const parked = new Map<number, boolean>();
  if (!Number.isFinite(best)) {
    for (const i of tiny) parked.set(i, true);
    return { T: Infinity, events: [], parked, steps, flips: 0, stuck: 0 };
  }
  // Pass 2: the real state, to T; the neurons in transit take their pass-1 state.
  const evIdx = new Set(events.map((e) => e.i));
  let flips = 0, stuck = 0;
  for (const i of tiny) {
    if (evIdx.has(i)) continue;
    const res = simulateNeuron(kin, r, N, i, best, paramsOf(i), a);
    steps += res.steps;
    flips += res.flips;
    if (res.stuck) stuck++;
    parked.set(i, res.parked);
  }
  // With the drift, the macroscopic neurons at rest (h = 0) pump their other mode up, their
  // contribution held: ρ rises by (ηK/4)(1 − ρ)² (linearly while small).
  if (p.eta > 0) {
    for (const i of macro) {
      ascentAt(kin, r, N.U, i * d1, N.delta[i]! > 0 ? 1 : -1, a, true, p.oneSided, N.side, i * N.n);
      restModes(N.m, N.delta, i, a.K, p.eta, best);
    }
  }
  for (const e of events) {
    N.U.set(e.u, e.i * d1);
    N.delta[e.i] = e.delta;
    N.m[e.i] = e.m; // the drift moves m too
    N.side.set(e.side, e.i * n);
    parked.set(e.i, false);
  }
  return { T: best, events: [...evIdx], parked, steps, flips, stuck };
}
