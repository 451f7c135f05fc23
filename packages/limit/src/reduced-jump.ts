/**
 * A jump of the reduced network (MODEL.md §10 steps 3–6): plain gradient flow of all neurons
 * together at their real sizes (macroscopic, in transit and tiny), explicit steps in the
 * coordinates (u, δ) of reduced-kin.ts with adaptive step bounds:
 *  - stiffness: dt ≤ 0.5 / (λ_max(Σ_j x̃_j x̃_jᵀ) · Σ_i|c_i|) (a bound on the macro flow's Jacobian);
 *  - a neuron in transit or macroscopic changes its size by at most `etaRel` (|Δδ| ≤ etaRel) and
 *    its direction by at most `etaAngle` radians;
 *  - a direction's own stiffness: dt ≤ 0.5/(|tanh(δ/2)|·|G|); while |δ| < 40: |Δδ| ≤ 0.2 + |δ|.
 * A tiny neuron does not move r, so it runs on its own clock (multi-rate): it is stepped with the
 * field of the moment when the time it is owed reaches its own bound (angle ≤ `etaAngleTiny`,
 * |Δδ| ≤ 0.5, its direction's stiffness, at most 0.05 in t apart), and is brought up to date
 * whenever the jump ends. No step is longer than 0.05 in t.
 * Neurons slide on kinks (reduced-kin.ts), so floats decide faces without chatter.
 *
 * End of the jump (checked every `checkEvery` steps) — the rest rule:
 *  1. no neuron is in transit: every contribution |c_i| is below tinySize·scale or at least
 *     macroSize·scale, or in between with a stalled size (2|h|·restWindow·log(1/ε) ≤ STALL: it
 *     would change by < 5 % over the window, and |h| has halved since it entered the range: a
 *     slow steady grower is still in transit; a stalled neuron counts as macroscopic). A neuron
 *     that was tiny when the jump began and is in transit now (a near tie) does not hold the
 *     rest up: it starts the next jump at once (a plateau of zero skipped length);
 *  2. every macroscopic neuron's field is small (|h| + ascent rate ≤ REST_GRADIENT·Σ|y_j||x̃_j|)
 *     and the exact rest point (rest.ts) on the faces the macroscopic neurons are in (a neuron
 *     within `nearTol` (cosine) of a data point's hyperplane also tries the face on it and
 *     across it; ≤ 3 such planes per neuron, ≤ 64 combinations) is at rest, within `lossTol`
 *     (relative, of max(loss, ½|y|²/100)) of the float loss and, when unique, in its faces,
 *     within `vecTol` of each float neuron and with every stalled neuron within SLOW_FACTOR of
 *     its size: accepted. Unique: exact, the float neurons are snapped to it. Not unique:
 *     path-dependent, the flow's own point is kept (its residual, hence its loss, is exact);
 *  2b. else the same without the stalled neurons: they are still growing towards a rest far above
 *     their size (slowly: their field is weak), the rest of the network is at rest. They are
 *     returned as `slow` and the plateau grows them (reduced-plateau.ts);
 *  3. else, once 1 has held and the float loss has stayed within a relative band
 *     WIDE_BAND·`restBand` for Δτ ≥ `restWindow`, the exact rest point is tried loosely (tryRest,
 *     every WIDE_EVERY checks); once it has stayed within `restBand` for that long and every
 *     macroscopic neuron's size is stationary (2|h|·restWindow·log(1/ε) ≤ STALL), the float
 *     point is accepted, marked not exact.
 */
import { toFloat } from "@qrelu/core";
import { faceKey, signVectorOfQ, zeroSet, type Geometry, type Sign, type SignVector } from "./faces";
import { halfSquares } from "./predict";
import { MAX_ZERO_SET, solveRestPoint, type RestPoint } from "./rest";
import { advanceModes, ascentAt, contribution, deltaOfSize, deltaRate, newAscent, stepDirection, type Ascent, type Kin } from "./reduced-kin";
import { appended, contributions, isDead, residualOfNeurons, type Neurons } from "./reduced-neurons";
import { splitOff, steepShare } from "./reduced-split";

export interface JumpParams {
  tinyAbs: number;
  macroAbs: number;
  etaRel: number;
  etaAngle: number;
  etaAngleTiny: number;
  checkEvery: number;
  lossTol: number;
  vecTol: number;
  nearTol: number;
  /** In t units (restWindow · log(1/ε)). */
  restWindowT: number;
  restBand: number;
  maxFlowSteps: number;
  /** η of the gradient descent predicted (the discrete-step drift, reduced-kin.ts); 0: the exact flow. */
  eta: number;
}

export interface JumpOutcome {
  kind: "exact" | "path-dependent" | "float" | "none";
  rest: RestPoint | null;
  /** Indices (into N) of the macroscopic neurons at the end, and their faces. */
  macro: number[];
  /**
   * Stalled neurons left out of the rest point (rule 2b): still growing slowly towards a rest
   * size far above their own, so not at rest. The plateau grows them (their transit ends at the
   * macroscopic size).
   */
  slow: number[];
  faces: SignVector[];
  /** Populations that parted on the way (new neurons appended to N). */
  partings: JumpParting[];
  /** Duration in t units, steps taken. */
  time: number;
  steps: number;
  lossFloat: number;
}

/** A population that parted during the jump (see runJump's `part`). */
export interface JumpParting {
  j: number;
  share: number;
  R: number;
}

export interface CurveSink {
  (t: number, loss: number): void;
}

const UNSATURATED = 40;
/** The exact sign vectors of each cached rest point's fitted neurons (the loose walk reads them often). */
const fitFaces = new WeakMap<RestPoint, SignVector[]>();
/** Tiny neurons: largest |Δδ| of one of their steps, and the longest time (t units) between two. */
const TINY_DELTA = 0.5;
const TINY_RECHECK = 0.05;
/** The exact rest point is tried only where every macroscopic neuron's (|h| + ascent rate) ≤ this · Σ_j|y_j||x̃_j|. */
export const REST_GRADIENT = 0.05;
/**
 * A neuron between the tiny and the macroscopic size has stalled when its size would change by
 * less than this (relative) over the rest window, 2|h|·restWindow·log(1/ε) ≤ STALL, and its |h|
 * has at least halved since it was first seen in transit (a slow but steady grower has not stalled).
 */
export const STALL = 0.05;
/** Loose rest (the loss has rested in the band): planes within this cosine are tried, and up to LOOSE_WALK boundary steps. */
export const LOOSE_NEAR = 1e-2;
export const LOOSE_WALK = 3;
/** The loose exact try also runs (every WIDE_EVERY checks) while the loss drifts within WIDE_BAND·restBand over the window. */
export const WIDE_BAND = 10;
export const WIDE_EVERY = 10;
/** A stalled neuron's exact rest size within this factor of its own: at rest (slowAtRest). */
export const SLOW_FACTOR = 2;
/** Work limit: exact rest solves (rest.ts, new face combinations) per jump; beyond it only the float rule ends the jump. */
export const REST_SOLVES = 2000;

/** The face a float direction is in: |cos(u, x̃_j)| ≤ 1e−9 counts as on the hyperplane (sliding keeps it at ~1e−16). */
export function floatFace(kin: Kin, U: Float64Array, uo: number): (-1 | 0 | 1)[] {
  const { n, d1, X, xn } = kin;
  const out: (-1 | 0 | 1)[] = [];
  for (let j = 0; j < n; j++) {
    let z = 0;
    for (let k = 0; k < d1; k++) z += U[uo + k]! * X[j * d1 + k]!;
    const c = z / xn[j]!;
    out.push(Math.abs(c) <= 1e-9 ? 0 : c > 0 ? 1 : -1);
  }
  return out;
}

/** The float face, then for each of the ≤ 3 nearest planes within `nearTol` (cosine): on it, and either side. */
function faceCandidates(kin: Kin, U: Float64Array, uo: number, nearTol: number): (-1 | 0 | 1)[][] {
  const { n, d1, X, xn } = kin;
  const base = floatFace(kin, U, uo);
  const near: { j: number; c: number }[] = [];
  for (let j = 0; j < n; j++) {
    let z = 0;
    for (let k = 0; k < d1; k++) z += U[uo + k]! * X[j * d1 + k]!;
    if (Math.abs(z) < nearTol * xn[j]!) near.push({ j, c: Math.abs(z) / xn[j]! });
  }
  near.sort((p, q) => p.c - q.c || p.j - q.j);
  const alts = near.slice(0, 3).flatMap(({ j }) => ([0, 1, -1] as const).filter((v) => v !== base[j]).map((v) => base.map((b, k) => (k === j ? v : b))));
  return [base, ...alts];
}

/** Every choice of one candidate per neuron (first lists vary slowest), at most `limit`, lazily. */
function* combinations<T>(lists: readonly T[][], limit: number): Generator<T[]> {
  const idx = lists.map(() => 0);
  for (let count = 0; count < limit; count++) {
    yield lists.map((l, t) => l[idx[t]!]!);
    let t = lists.length - 1;
    while (t >= 0 && ++idx[t]! === lists[t]!.length) idx[t--] = 0;
    if (t < 0) return;
  }
}

/** The zero-neuron rest point: the origin (r = −y). */
function originRest(g: Geometry): RestPoint {
  const residual = g.y.map((v) => v.neg());
  return { unique: true, loss: halfSquares(residual), residual, neurons: [], inFaces: true, atRest: true };
}

export function runJump(
  g: Geometry,
  kin: Kin,
  y: Float64Array,
  N: Neurons,
  p: JumpParams,
  cache: Map<string, RestPoint>,
  curve: CurveSink,
): JumpOutcome {
  const { n, d1 } = kin;
  let M = N.M;
  let c = new Float64Array(M);
  const r = new Float64Array(n);
  const asc: Ascent[] = Array.from({ length: M }, () => newAscent(d1));
  // Multi-rate: a tiny neuron does not move r, so it is stepped on its own bounds (its angle by
  // etaAngleTiny, |Δδ| ≤ TINY_DELTA, its direction's stiffness, at most TINY_RECHECK apart) with
  // the field of the moment, its time owed in `pend`.
  let pend = new Float64Array(M);
  const tinyStep = p.tinyAbs * (1 - 1e-9); // the neurons whose transit starts the jump sit at tinyAbs, to rounding
  const budget = { solves: REST_SOLVES };
  let hEnter = new Float64Array(M).fill(NaN); // |h| when first seen in transit at a check
  let newcomer = Uint8Array.from({ length: M }, (_, i) => (Math.abs(contribution(N.m[i]!, N.delta[i]!)) < tinyStep ? 1 : 0));
  let nextDt = new Float64Array(M);
  let gone = new Uint8Array(M); // tiny neurons absorbed by the dead cone during this jump
  const partings: JumpParting[] = [];
  // A tiny population leaving a plane that turned repelling (a flip on it mid-jump) parts as on a
  // plateau (reduced-split.ts): a twin with the steep share is held to the other side.
  const part = (i: number, a: Ascent): void => {
    for (let k = 0; k < a.parting.length; k += 3) {
      const j = a.parting[k]!;
      if (!slidOn[i]?.includes(j)) continue;
      const own = a.parting[k + 1]!, far = a.parting[k + 2]!;
      const R = Math.max(own, far) / Math.min(own, far);
      // it leaves to its quiet side; the neurons on the other side are the share of that side
      const share = own <= far ? steepShare(R) : 1 - steepShare(R);
      if (!(N.count[i]! * share >= 0.5) || !(N.count[i]! * (1 - share) >= 0.5)) continue;
      const quiet = N.side[i * N.n + j]! > 0 ? 1 : -1;
      splitOff(N, i, j, share, quiet);
      M = N.M;
      c = appended(c, [c[i]!]);
      pend = appended(pend, [pend[i]!]);
      hEnter = appended(hEnter, [NaN]);
      newcomer = appended(newcomer, [newcomer[i]!]);
      nextDt = appended(nextDt, [0]);
      gone = appended(gone, [0]);
      asc.push(newAscent(d1));
      slidOn.push([]);
      partings.push({ j, share, R });
      return;
    }
  };
  // The planes each tiny neuron slid on at its last ascent (a parting needs it to have slid there).
  const slidOn: number[][] = Array.from({ length: M }, () => []);
  const eta = p.eta;
  const advanceTiny = (i: number): void => {
    const d = N.delta[i]!;
    const a = asc[i]!;
    ascentAt(kin, r, N.U, i * d1, d > 0 ? 1 : d < 0 ? -1 : 0, a, eta > 0, undefined, N.side, i * N.n);
    if (a.parting.length) part(i, a);
    const slid = slidOn[i]!;
    slid.length = 0;
    for (let k = 0; k < a.sliding.length; k += 3) slid.push(a.sliding[k]!);
    const phi = Math.abs(Math.tanh(d / 2));
    const sp = phi * a.vn;
    let bound = TINY_RECHECK;
    if (sp > 0) bound = Math.min(bound, p.etaAngleTiny / sp, 0.5 / (phi * a.G0n));
    const ah = Math.abs(a.h);
    if (ah > 0) bound = Math.min(bound, TINY_DELTA / (2 * ah), Math.abs(d) < UNSATURATED ? (0.2 + Math.abs(d)) / (2 * ah) : Infinity);
    if (eta > 0 && Math.abs(d) < UNSATURATED) {
      const rate = deltaRate(d, a.h, a.K, eta);
      if (rate > 0) bound = Math.min(bound, (0.2 + Math.abs(d)) / rate);
    }
    const h = Math.min(pend[i]!, bound);
    if (eta > 0) advanceModes(N.m, N.delta, i, a.h, a.K, eta, h);
    else N.delta[i] = d + 2 * a.h * h;
    stepDirection(kin, N.U, i * d1, a, phi * h);
    pend[i] -= h;
    nextDt[i] = bound;
    // On the dead cone's edge it is gone (reduced-neurons.ts, isDead): gradient descent's steps
    // overshoot into the cone, so a later turn of the field cannot pull it back into a live one.
    if (isDead(kin, N.U, i * d1)) gone[i] = 1;
  };
  const flush = (): void => {
    for (let i = 0; i < M; i++) for (let k = 0; k < 1000 && pend[i]! > 0 && !gone[i]; k++) advanceTiny(i);
  };
  const L0 = y.reduce((s, v) => s + v * v, 0) / 2;
  let L = 0;
  // Rule 2 with the stalled neurons (`slow`, part of `macro`) at rest; else 2b: without them.
  const restOf = (macro: readonly number[], slow: readonly number[], loose: boolean): Pick<JumpOutcome, "kind" | "rest" | "faces" | "macro" | "slow"> | null => {
    const all = tryRest(g, kin, N, c, macro, L, L0, p, cache, loose, budget, slow);
    if (all) return { ...all, macro: macro.slice(), slow: [] };
    if (slow.length === 0) return null;
    const big = macro.filter((i) => !slow.includes(i));
    const without = tryRest(g, kin, N, c, big, L, L0, p, cache, loose, budget, []);
    return without ? { ...without, macro: big, slow: slow.slice() } : null;
  };
  // The field's scale at the start, Σ_j |y_j||x̃_j| (fixed: the residual's own scale vanishes at a zero-loss rest).
  let fieldScale = 0;
  for (let j = 0; j < n; j++) fieldScale += Math.abs(y[j]!) * kin.xn[j]!;
  fieldScale = Math.max(fieldScale, 1e-300);
  let t = 0;
  let quietSince = -1;
  let bandLo = Infinity, bandHi = -Infinity;
  let wideSince = -1, wideLo = Infinity, wideHi = -Infinity;
  for (let step = 0; step <= p.maxFlowSteps; step++) {
    contributions(N, c);
    L = residualOfNeurons(kin, y, N, c, r, () => true);
    curve(t, L);
    if (step % p.checkEvery === 0 && step > 0) {
      const macro: number[] = [];
      const slow: number[] = [];
      let transit = false;
      for (let i = 0; i < M; i++) {
        const a = Math.abs(c[i]!);
        if (a >= p.macroAbs) macro.push(i);
        else if (a >= p.tinyAbs) {
          // In transit while its size still moves; one that has stalled there is part of the rest.
          // One that was tiny when this jump began starts the next jump (a near tie): it does not
          // hold up this rest, which is only accepted if the loss is at it (rule 2).
          const hi = Math.abs(asc[i]!.h);
          if (Number.isNaN(hEnter[i]!)) hEnter[i] = hi;
          if (2 * hi * p.restWindowT <= STALL && hi <= hEnter[i]! / 2) {
            macro.push(i);
            slow.push(i);
          } else if (!newcomer[i]) transit = true;
        }
      }
      if (transit) quietSince = wideSince = -1;
      else {
        if (quietSince < 0) {
          quietSince = t;
          bandLo = bandHi = L;
        }
        bandLo = Math.min(bandLo, L);
        bandHi = Math.max(bandHi, L);
        if (bandHi - bandLo > p.restBand * Math.max(L, 1e-12 * L0)) {
          quietSince = t;
          bandLo = bandHi = L;
        }
        if (wideSince < 0) {
          wideSince = t;
          wideLo = wideHi = L;
        }
        wideLo = Math.min(wideLo, L);
        wideHi = Math.max(wideHi, L);
        if (wideHi - wideLo > WIDE_BAND * p.restBand * Math.max(L, 1e-12 * L0)) {
          wideSince = t;
          wideLo = wideHi = L;
        }
        // Only near rest: every macroscopic neuron's field (h and the ascent rate) is small.
        let grad = 0;
        for (const i of macro) if (step > 0) grad = Math.max(grad, (Math.abs(asc[i]!.h) + asc[i]!.vn) / fieldScale);
        const acc = grad <= REST_GRADIENT ? restOf(macro, slow, false) : null;
        if (acc) {
          flush();
          return { ...acc, partings, time: t, steps: step, lossFloat: L };
        }
        // A slow drift within WIDE_BAND·restBand over the window: the loose exact try, now and then.
        if (t - wideSince >= p.restWindowT && (step / p.checkEvery) % WIDE_EVERY === 0) {
          const loose = restOf(macro, slow, true);
          if (loose) {
            flush();
            return { ...loose, partings, time: t, steps: step, lossFloat: L };
          }
        }
        if (t - quietSince >= p.restWindowT) {
          flush();
          const loose = restOf(macro, slow, true);
          if (loose) return { ...loose, partings, time: t, steps: step, lossFloat: L };
          // The float point only when every macroscopic size is stationary too (a slow grower
          // passing the macroscopic size moves the loss slowly but is still in transit).
          if (macro.every((i) => 2 * Math.abs(asc[i]!.h) * p.restWindowT <= STALL)) {
            return { kind: "float", rest: null, macro, slow: [], partings, faces: macro.map((i) => floatFace(kin, N.U, i * d1)), time: t, steps: step, lossFloat: L };
          }
        }
      }
    }
    if (step === p.maxFlowSteps) break;
    // One explicit step of the neurons in transit or macroscopic; tiny ones on their own clock.
    let sumC = 0;
    for (let i = 0; i < M; i++) sumC += Math.abs(c[i]!);
    let dt = Math.min(TINY_RECHECK, 0.5 / (kin.S * Math.max(sumC, 1e-300)));
    for (let i = 0; i < M; i++) {
      if (Math.abs(c[i]!) < tinyStep) continue;
      const d = N.delta[i]!;
      const a = asc[i]!;
      ascentAt(kin, r, N.U, i * d1, d > 0 ? 1 : d < 0 ? -1 : 0, a, eta > 0, undefined, N.side, i * N.n);
      const phi = Math.abs(Math.tanh(d / 2));
      const sp = phi * a.vn;
      if (sp > 0) dt = Math.min(dt, p.etaAngle / sp, 0.5 / (phi * a.G0n));
      const ah = Math.abs(a.h);
      if (ah > 0) {
        dt = Math.min(dt, p.etaRel / (2 * ah));
        if (Math.abs(d) < UNSATURATED) dt = Math.min(dt, (0.2 + Math.abs(d)) / (2 * ah));
      }
      if (eta > 0 && Math.abs(d) < UNSATURATED) {
        // with the drift δ also moves by ρ's relaxation (exact per step) and towards a crossing
        const rate = deltaRate(d, a.h, a.K, eta);
        if (rate > 0) dt = Math.min(dt, (0.2 + Math.abs(d)) / rate);
      }
    }
    for (let i = 0; i < M; i++) {
      if (Math.abs(c[i]!) < tinyStep) {
        if (gone[i]) continue;
        pend[i] += dt;
        if (pend[i]! >= nextDt[i]!) advanceTiny(i);
        continue;
      }
      const d = N.delta[i]!;
      const a = asc[i]!;
      if (eta > 0) advanceModes(N.m, N.delta, i, a.h, a.K, eta, dt);
      else N.delta[i] = d + 2 * a.h * dt;
      stepDirection(kin, N.U, i * d1, a, Math.abs(Math.tanh(d / 2)) * dt);
    }
    t += dt;
  }
  flush();
  contributions(N, c);
  L = residualOfNeurons(kin, y, N, c, r, () => true);
  const macro: number[] = [];
  for (let i = 0; i < M; i++) if (Math.abs(c[i]!) >= p.macroAbs) macro.push(i);
  return { kind: "none", rest: null, macro, slow: [], partings, faces: macro.map((i) => floatFace(kin, N.U, i * d1)), time: t, steps: p.maxFlowSteps, lossFloat: L };
}

/**
 * The exact rest point on the faces the macroscopic neurons are in (or near). `loose` (the float
 * loss has rested within the band): near planes within LOOSE_NEAR (cosine) are tried too, a fit
 * that leaves its face at point j is retried with the neuron on j's hyperplane (up to
 * LOOSE_WALK times: the flow is still creeping towards that boundary), and the float neurons need
 * not be within vecTol, and the loss gap may be WIDE_BAND·lossTol (an ill-conditioned least
 * squares is approached slowly: the float loss creeps towards the exact one).
 */
function tryRest(
  g: Geometry,
  kin: Kin,
  N: Neurons,
  c: Float64Array,
  macro: readonly number[],
  L: number,
  L0: number,
  p: JumpParams,
  cache: Map<string, RestPoint>,
  loose: boolean,
  budget: { solves: number },
  slow: readonly number[],
): Pick<JumpOutcome, "kind" | "rest" | "faces"> | null {
  const { d1 } = kin;
  if (macro.length === 0) {
    const rp = originRest(g);
    return Math.abs(L - L0) <= p.lossTol * L0 ? { kind: "exact", rest: rp, faces: [] } : null;
  }
  const signs = macro.map((i) => (c[i]! > 0 ? 1 : -1) as Sign);
  const solve = (faces: readonly SignVector[]): RestPoint | null => {
    const key = faces.map((f, t) => `${signs[t]}${faceKey(f)}`).join("|");
    let rp = cache.get(key);
    if (!rp) {
      if (budget.solves <= 0) return null;
      budget.solves--;
      rp = solveRestPoint(
        g,
        faces.map((face, t) => ({ sign: signs[t]!, face })),
        { oneSided: true },
      );
      cache.set(key, rp);
    }
    return rp;
  };
  const combos = combinations(
    macro.map((i) => faceCandidates(kin, N.U, i * d1, loose ? Math.max(p.nearTol, LOOSE_NEAR) : p.nearTol)),
    64,
  );
  let first = true;
  for (const start of combos) {
    const own = first; // the float neurons' own faces (the first combination)
    first = false;
    let faces = start as SignVector[];
    let rp = solve(faces);
    if (!rp) return null;
    for (let walk = 0; loose && rp.unique && !rp.inFaces && walk < LOOSE_WALK; walk++) {
      // Onto the first plane each neuron's fit leaves through (one plane per neuron and step).
      const next = faces.slice();
      let svs = fitFaces.get(rp);
      if (!svs) {
        svs = rp.neurons.map((nu) => signVectorOfQ(g, nu.a));
        fitFaces.set(rp, svs);
      }
      for (const [k, nu] of rp.neurons.entries()) {
        const sv = svs[k]!;
        for (const t of nu.from) {
          const j = faces[t]!.findIndex((v, k) => v !== 0 && sv[k] !== v);
          if (j >= 0) next[t] = faces[t]!.map((v, k) => (k === j ? 0 : v));
        }
      }
      if (next.some((f) => zeroSet(f).length > MAX_ZERO_SET)) break;
      if (next.every((f, t) => faceKey(f) === faceKey(faces[t]!))) break;
      faces = next;
      const nx = solve(faces);
      if (!nx) return null;
      rp = nx;
    }
    // Many solutions: the residual (so the rest check) is unique; the flow's own point is kept,
    // so only its own faces count (floats decide), and the minimum-norm solution need not be in them.
    if (!rp.atRest || (rp.unique ? !rp.inFaces : !own || faces !== start)) continue;
    const Le = toFloat(rp.loss);
    if (Math.abs(L - Le) > (loose ? WIDE_BAND : 1) * p.lossTol * Math.max(Le, 1e-2 * L0)) continue;
    if (!loose && rp.unique && !closeTo(rp, N, c, macro, p.vecTol)) continue;
    if (rp.unique && !slowAtRest(rp, c, macro, slow)) continue;
    if (rp.unique) snap(rp, N, c, macro);
    return { kind: rp.unique ? "exact" : "path-dependent", rest: rp, faces };
  }
  return null;
}

/**
 * A stalled neuron is at rest only where the exact point keeps it near its size (within a factor
 * SLOW_FACTOR): snapping it up from far below would skip a slow growth that gradient descent
 * spends Δτ ~ 1 on (1-D seed-9 set 15: 88 neurons at 0.001 whose rest size is 0.28; they grow
 * at ~3 per unit τ while the next population comes up).
 */
function slowAtRest(rp: RestPoint, c: Float64Array, macro: readonly number[], slow: readonly number[]): boolean {
  if (slow.length === 0) return true;
  for (const nu of rp.neurons) {
    if (!nu.from.some((t) => slow.includes(macro[t]!))) continue;
    const f = nu.from.reduce((s, t) => s + Math.abs(c[macro[t]!]!), 0);
    const e = Math.hypot(...nu.a.map(toFloat));
    if (e > SLOW_FACTOR * f || f > SLOW_FACTOR * e) return false;
  }
  return true;
}

/** Each exact neuron against the sum of the float neurons merged into it (a_i = |c_i| u_i). */
function closeTo(rp: RestPoint, N: Neurons, c: Float64Array, macro: readonly number[], tol: number): boolean {
  const d1 = N.d1;
  for (const nu of rp.neurons) {
    let diff = 0, size = 0;
    for (let k = 0; k < d1; k++) {
      let f = 0;
      for (const t of nu.from) f += Math.abs(c[macro[t]!]!) * N.U[macro[t]! * d1 + k]!;
      const e = toFloat(nu.a[k]!);
      diff += (f - e) ** 2;
      size += e * e;
    }
    if (Math.sqrt(diff) > tol * Math.sqrt(size)) return false;
  }
  return true;
}

/** Put the float neurons on the exact rest point: direction â, sizes split in proportion. */
function snap(rp: RestPoint, N: Neurons, c: Float64Array, macro: readonly number[]): void {
  const d1 = N.d1;
  for (const nu of rp.neurons) {
    const af = nu.a.map(toFloat);
    const an = Math.hypot(...af);
    if (!(an > 0)) continue;
    const total = nu.from.reduce((s, t) => s + Math.abs(c[macro[t]!]!), 0);
    for (const t of nu.from) {
      const i = macro[t]!;
      for (let k = 0; k < d1; k++) N.U[i * d1 + k] = af[k]! / an;
      N.delta[i] = nu.sign * deltaOfSize(N.m[i]!, (an * Math.abs(c[i]!)) / total);
    }
  }
}
