/**
 * The reduced network of MODEL.md §10 step 6, any d (1-D and 2-D here): gradient descent on a
 * network with one neuron per direction of a fine deterministic grid (plus the arrangement's
 * 1-dimensional faces), both modes present, in which every plateau is skipped exactly and plain
 * descent runs only through jumps. Floats decide only the faces; the values come from step 4.
 *
 * Mathematics (exact, at any size; derived in docs/limit.md): a neuron is a unit direction u
 * and two modes P, N ≥ 0 with c = P − N, |w| = P + N. The flow of §1 is
 *   Ṗ = hP, Ṅ = −hN, u̇ = −((P−N)/(P+N))(I − uuᵀ)D_r(u), h = −⟨u, D_r(u)⟩,
 * so in m = ln P + ln N (conserved) and δ = ln P − ln N: δ̇ = 2h, (P−N)/(P+N) = tanh(δ/2),
 * and the neuron contributes (P² − N²)·relu(⟨u, x̃⟩) = 2e^m sinh(δ)·relu(⟨u, x̃⟩): sign
 * s = sign δ and effective vector a = |P² − N²|·u (MODEL's a_i). Independent start: P = N = ε
 * (m = 2 ln ε, δ = 0). τ = t / ln(1/ε).
 *
 * The run alternates
 *  - a plateau (reduced-plateau.ts): r fixed; each tiny neuron is integrated alone until it
 *    parks, then its next event is analytic; the clock jumps to the first transit;
 *  - a jump (reduced-jump.ts): the whole network's flow until no neuron is in transit and the
 *    float state sits at an exact rest point (snapped to it) or its loss rests within a band.
 * Between them, tiny neurons parked at the same attractor with the same sign (same bits: parked
 * neurons are put exactly on their attractor) are merged, the one with the larger mode kept
 * (`merge`), and tiny neurons in dead directions (no data point strictly active, the dead cone's
 * edge included: reduced-neurons.ts) are dropped.
 */
import { Fraction, InputError, LimitError, directionOf, toFloat, type DataSet } from "@qrelu/core";
import { faceBasis, faceKey, geometry, zeroSet, type Geometry, type Sign, type SignVector } from "./faces";
import { flowData } from "./jump";
import { halfSquares } from "./predict";
import type { RestPoint } from "./rest";
import { contribution, kinOf, ONE_SIDED, ONE_SIDED_EXACT, type Kin } from "./reduced-kin";
import { floatFace, runJump, type JumpOutcome, type JumpParams } from "./reduced-jump";
import { isDead, keep, neuronsOf, residualOfNeurons, startDirections, type Neurons } from "./reduced-neurons";
import { heldToSide, splitPopulations } from "./reduced-split";
import { IDLE_EXACT, IDLE_FLOAT, runPlateau, type PlateauParams } from "./reduced-plateau";

/** The pieces, for tests that check the mathematics below predictReduced (not a stable API). */
export * as reducedKin from "./reduced-kin";
export * as reducedPlateau from "./reduced-plateau";
export * as reducedNeurons from "./reduced-neurons";

export interface ReducedOptions {
  /** ε of the independent start (default 1e−40). */
  eps?: number;
  /** Plateaus after the start (default 20). */
  maxSteps?: number;
  /** Stop ("horizon") when the next transit comes after this τ (default 100). */
  maxTau?: number;
  /** Grid directions on the sphere (default 720 in 1-D, 2000 in 2-D). */
  grid?: number;
  /** Significant digits of the `tau` strings (default 6; τ is a float here). */
  precision?: number;
  /** A neuron is tiny below tinySize·max|y| (contribution |P² − N²|); at that size a transit starts. */
  tinySize?: number;
  /** A neuron is macroscopic from macroSize·max|y| on; in between it is in transit. */
  macroSize?: number;
  /** Jump steps: relative size change of a neuron in transit or macroscopic. */
  etaRel?: number;
  /** Jump steps: angle (radians) of a neuron in transit or macroscopic. */
  etaAngle?: number;
  /** Angle steps of tiny neurons (jumps and plateaus). */
  etaAngleTiny?: number;
  /** The end-of-jump rule is checked every this many steps. */
  checkEvery?: number;
  /** Exact rest acceptance: relative loss gap, relative distance per neuron, near-kink cosine. */
  lossTol?: number;
  vecTol?: number;
  nearTol?: number;
  /** Float rest fallback: the loss stays within restBand (relative) for Δτ ≥ restWindow. */
  restWindow?: number;
  restBand?: number;
  /** Work limits: steps per jump, steps per neuron and plateau. */
  maxFlowSteps?: number;
  maxNeuronSteps?: number;
  /** A tiny neuron is parked when its steepest-ascent rate is ≤ park·Σ|r_j||x̃_j|. */
  park?: number;
  /** Tiny neurons with the same sign and face within this angle (radians) are merged between plateau and jump (default 1e−4; negative: never). */
  mergeAngle?: number;
  /**
   * Gradient descent's width to stand for (default: none, every start neuron has P = N = ε and
   * merges keep the larger mode, the populations of §10). Given W: each of the K start neurons
   * stands for W/K neurons of an independent Gaussian start, P² = N² = (W/K)(d + 2)ε²/4, and
   * merged neurons add their P² and N² (their summed contribution is then exact).
   */
  width?: number;
  /**
   * η of the gradient descent being predicted (default 0: the exact flow, MODEL.md's model). With
   * η > 0 every neuron's balance drifts as one discrete step makes it: d(4PN)/dt = η(c²|D|² − H²),
   * all of it into the sub-dominant mode (docs/limit.md, "Discrete steps").
   */
  lr?: number;
  /**
   * The start (default "independent": P = N = ε, MODEL.md §10). "balanced" stands for gradient
   * descent's balanced start (|c| = |w| = ε, fair signs): every start direction holds a + and a −
   * neuron, its other mode at float64's rounding level (N/P = 2^−53).
   */
  init?: "independent" | "balanced";
}

export const REDUCED_DEFAULTS = {
  eps: 1e-40,
  maxSteps: 20,
  maxTau: 100,
  grid1d: 720,
  grid2d: 2000,
  precision: 6,
  tinySize: 1e-6,
  macroSize: 1e-3,
  etaRel: 5e-3,
  etaAngle: 5e-3,
  etaAngleTiny: 0.05,
  checkEvery: 5,
  lossTol: 1e-4,
  vecTol: 1e-2,
  nearTol: 1e-3,
  restWindow: 0.02,
  restBand: 1e-4,
  maxFlowSteps: 300_000,
  maxNeuronSteps: 20_000,
  park: 1e-9,
  mergeAngle: 1e-4,
  lr: 0,
} as const;

/** Stated limits of the reduced network. */
export const REDUCED_LIMITS = { maxD: 2, maxPoints1d: 200, maxPoints2d: 40, maxGrid: 20_000, maxSteps: 1000, minEps: 1e-300, maxEps: 1e-3, maxWidth: 10_000_000, maxLr: 1 } as const;

export interface ReducedFace {
  /** Sign vector σ(F) as a string of + 0 −. */
  signs: string;
  /** Data points on the neuron's hyperplanes. */
  zero: number[];
  /** dim L_F. */
  dim: number;
}

export interface ReducedNeuron {
  sign: Sign;
  /** Exact effective vector (contributes sign·relu(⟨a, x̃⟩)); null when only the float is known. */
  a: Fraction[] | null;
  aFloat: number[];
  /** Primitive integer direction of a, when a is exact. */
  direction: bigint[] | null;
  face: ReducedFace;
}

export interface ReducedPlateau {
  /** τ at which the plateau is reached (the jump's rest), at `precision` digits. */
  tau: string;
  tauFloat: number;
  /** τ of the next transit (null: none, the last plateau). */
  tauEnd: number | null;
  /** Exact loss when the rest point is exact or path-dependent (the residual is unique); else null. */
  loss: Fraction | null;
  lossFloat: number;
  /** Unique exact rest point, in its faces and at rest. */
  exact: boolean;
  /** The least squares on these faces has many solutions: the split between neurons is the flow's. */
  pathDependent: boolean;
  /** Neurons that became macroscopic in the jump before this plateau (null: the start). */
  grown: { sign: Sign; aFloat: number[]; face: ReducedFace }[] | null;
  neurons: ReducedNeuron[];
  /** Tiny neurons alive on this plateau. */
  tiny: number;
  notes: string[];
}

export interface ReducedResult {
  model: "reduced";
  eps: number;
  logInvEps: number;
  /** Grid directions asked for, and neurons at the start (grid + faces, dead ones dropped). */
  grid: number;
  neuronsAtStart: number;
  /** The gradient-descent width the start neurons stand for (null: populations, P = N = ε). */
  width: number | null;
  /** The start: independent (P = N) or balanced (a + and a − neuron per direction). */
  init: "independent" | "balanced";
  /** η of the gradient descent predicted (0: the exact flow). */
  lr: number;
  precision: number;
  plateaus: ReducedPlateau[];
  /** The loss over τ: plateaus by their endpoints, jumps sampled densely. */
  curve: { tau: number; loss: number }[];
  stopped: "zero-loss" | "no-growth" | "max-steps" | "flow-limit" | "horizon";
  work: { flowSteps: number; neuronSteps: number };
}

function faceOut(g: Geometry, sv: SignVector): ReducedFace {
  const zero = zeroSet(sv);
  return { signs: faceKey(sv), zero, dim: zero.length === 0 ? g.d1 : faceBasis(g, sv).length };
}

function checkOptions(ds: DataSet, o: ReducedOptions): void {
  const L = REDUCED_LIMITS;
  if (ds.d < 1 || ds.d > L.maxD) throw new InputError(`the reduced network handles d = 1 and d = 2 (this set has d = ${ds.d})`);
  const maxN = ds.d === 1 ? L.maxPoints1d : L.maxPoints2d;
  if (ds.n > maxN) throw new LimitError(`${ds.n} points: the reduced network's limit in ${ds.d}-D is ${maxN}`);
  if (o.grid !== undefined && !(Number.isInteger(o.grid) && o.grid >= 8 && o.grid <= L.maxGrid)) {
    throw new LimitError(`--grid must be an integer from 8 to ${L.maxGrid}`);
  }
  if (o.maxSteps !== undefined && !(Number.isInteger(o.maxSteps) && o.maxSteps >= 0 && o.maxSteps <= L.maxSteps)) {
    throw new LimitError(`--max-steps must be an integer from 0 to ${L.maxSteps}`);
  }
  if (o.width !== undefined && !(Number.isInteger(o.width) && o.width >= 1 && o.width <= L.maxWidth)) throw new LimitError(`--width must be an integer from 1 to ${L.maxWidth}`);
  if (o.lr !== undefined && !(o.lr >= 0 && o.lr <= L.maxLr)) throw new InputError(`--lr must be in [0, ${L.maxLr}]`);
  if (o.init !== undefined && o.init !== "independent" && o.init !== "balanced") throw new InputError(`--init: the reduced network starts independent or balanced, got ${JSON.stringify(o.init)}`);
  if (o.eps !== undefined && !(o.eps >= L.minEps && o.eps <= L.maxEps)) throw new InputError(`--eps must be in [${L.minEps}, ${L.maxEps}] for the reduced network`);
  const t = o.tinySize ?? REDUCED_DEFAULTS.tinySize, m = o.macroSize ?? REDUCED_DEFAULTS.macroSize;
  if (!(t > 0 && t < m && m < 1)) throw new InputError("tinySize and macroSize must satisfy 0 < tinySize < macroSize < 1");
}

/** Rounding level of a float64 balanced start: the other mode is 2^−53 of the dominant one. */
const BALANCED_DELTA = 53 * Math.LN2;

/**
 * Gradient descent's balanced start: each direction twice, a + and a − neuron (δ = ±53 ln 2). With
 * `width` W each stands for W/(2K) neurons with P = ε (their P² add); without, P = ε.
 */
function balancedStart(d1: number, n: number, dirs: readonly Float64Array[], eps: number, width: number | undefined): Neurons {
  const lnP = Math.log(eps) + (width !== undefined ? 0.5 * Math.log(width / (2 * dirs.length)) : 0);
  const N = neuronsOf(d1, n, [...dirs, ...dirs], 2 * lnP - BALANCED_DELTA, width !== undefined ? width / (2 * dirs.length) : 1);
  for (let i = 0; i < N.M; i++) N.delta[i] = i < dirs.length ? BALANCED_DELTA : -BALANCED_DELTA;
  return N;
}

/** ln(e^a + e^b) without overflow. */
function logAddExp(a: number, b: number): number {
  const hi = Math.max(a, b);
  return hi === -Infinity ? hi : hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
}

/** Thins the loss curve: a point when the loss moved by 1e−3·½|y|² or τ by 0.01 (forced points always). */
function curveRecorder(L0: number, Lambda: number) {
  const pts: { tau: number; loss: number }[] = [];
  const push = (t: number, loss: number, force = false) => {
    const tau = t / Lambda;
    const last = pts.at(-1);
    if (force || !last || Math.abs(loss - last.loss) >= 1e-3 * L0 || tau - last.tau >= 0.01) {
      if (last && last.tau === tau && last.loss === loss) return;
      pts.push({ tau, loss });
    }
  };
  return { pts, push };
}

export function predictReduced(ds: DataSet, opts: ReducedOptions = {}): ReducedResult {
  checkOptions(ds, opts);
  const D = REDUCED_DEFAULTS;
  const o = { ...D, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) } as typeof D & ReducedOptions;
  const grid = opts.grid ?? (ds.d === 1 ? D.grid1d : D.grid2d);
  const g = geometry(ds);
  const data = flowData(g);
  const kin = kinOf(data);
  const y = data.y;
  const Lambda = -Math.log(o.eps);
  const m0 = 2 * Math.log(o.eps);
  const scale = Math.max(...Array.from(y, Math.abs)) || 1;
  const tinyAbs = o.tinySize * scale, macroAbs = o.macroSize * scale;
  const pp: PlateauParams = { tinyAbs, etaAngle: o.etaAngleTiny, park: o.park, maxNeuronSteps: o.maxNeuronSteps, idle: IDLE_EXACT, eta: o.lr, oneSided: ONE_SIDED_EXACT };
  const jp: JumpParams = {
    tinyAbs,
    macroAbs,
    etaRel: o.etaRel,
    etaAngle: o.etaAngle,
    etaAngleTiny: o.etaAngleTiny,
    checkEvery: o.checkEvery,
    lossTol: o.lossTol,
    vecTol: o.vecTol,
    nearTol: o.nearTol,
    restWindowT: o.restWindow * Lambda,
    restBand: o.restBand,
    maxFlowSteps: o.maxFlowSteps,
    eta: o.lr,
  };
  const dirs = startDirections(kin, grid);
  const balanced = (opts.init ?? "independent") === "balanced";
  // With `width`: each start neuron stands for width/K neurons of gradient descent's independent
  // start (c, w entries N(0, ε²)), whose modes have E[P²] = E[N²] = (d + 2)ε²/4; their P² and N² add.
  let N: Neurons = balanced ? balancedStart(kin.d1, kin.n, dirs, o.eps, opts.width) : neuronsOf(kin.d1, kin.n, dirs, opts.width !== undefined ? m0 + Math.log(((opts.width / dirs.length) * (kin.d1 + 1)) / 4) : m0, opts.width !== undefined ? opts.width / dirs.length : 1);
  N = keep(
    N,
    Array.from({ length: N.M }, (_, i) => i).filter((i) => !isDead(kin, N.U, i * kin.d1)),
  );
  const neuronsAtStart = N.M;
  const L0 = halfSquares(g.y);
  const L0f = toFloat(L0);
  const curve = curveRecorder(L0f, Lambda);
  curve.push(0, L0f, true);
  const plateaus: ReducedPlateau[] = [
    { tau: "0", tauFloat: 0, tauEnd: null, loss: L0, lossFloat: L0f, exact: true, pathDependent: false, grown: null, neurons: [], tiny: N.M, notes: [] },
  ];
  let r = Float64Array.from(y, (v) => -v);
  let macro: number[] = [];
  let slow: number[] = [];
  let t = 0;
  let stopped: ReducedResult["stopped"] = "max-steps";
  const work = { flowSteps: 0, neuronSteps: 0 };
  const cache = new Map<string, RestPoint>();
  for (let step = 0; step < o.maxSteps; step++) {
    const last = plateaus.at(-1)!;
    if ((last.loss && last.loss.equals(0)) || last.lossFloat <= 1e-12 * L0f) {
      stopped = "zero-loss";
      break;
    }
    // ---- plateau: skipped exactly ----------------------------------------------------------
    const isMacro = new Set(macro);
    const oneSided = last.loss ? ONE_SIDED_EXACT : ONE_SIDED;
    const splits = splitPopulations(kin, r, N, Array.from({ length: N.M }, (_, i) => i).filter((i) => !isMacro.has(i)), oneSided);
    for (const { j, share, R } of splits) last.notes.push(`a population on point ${j + 1}'s hyperplane parts where it will flip: ${share.toPrecision(2)} of it to the steep side (push ratio ${R.toPrecision(3)})`);
    const tiny = Array.from({ length: N.M }, (_, i) => i).filter((i) => !isMacro.has(i));
    const P = runPlateau(kin, r, N, tiny, { ...pp, idle: last.loss ? IDLE_EXACT : IDLE_FLOAT, oneSided, slow: new Set(slow), slowAbs: macroAbs }, macro);
    work.neuronSteps += P.steps;
    if (P.stuck) last.notes.push(`${P.stuck} tiny neuron(s) hit the work limit (${o.maxNeuronSteps} steps) before parking`);
    if (!Number.isFinite(P.T)) {
      stopped = "no-growth";
      break;
    }
    if ((t + P.T) / Lambda > o.maxTau) {
      last.notes.push(`the next transit is at τ = ${((t + P.T) / Lambda).toPrecision(o.precision)}, beyond maxTau = ${o.maxTau}`);
      stopped = "horizon";
      break;
    }
    // A population parked inside a face has gathered at one point (the flow contracts onto an
    // interior attractor): from then on its neurons chatter in step (count 1), as 1-D seed-5 set
    // 13's 93 do, and seed-3 set 3's 65.
    for (const [i, parked] of P.parked) if (parked && !floatFace(kin, N.U, i * kin.d1).includes(0)) N.count[i] = 1;
    t += P.T;
    last.tauEnd = t / Lambda;
    curve.push(t, last.lossFloat, true);
    // Merge parked tiny neurons, drop dead ones.
    ({ N, macro } = compact(kin, N, macro, o.mergeAngle, opts.width !== undefined, o.lr > 0));
    // Grown in the jump: macroscopic at its end and not before (twins a parting appends included).
    const wasMacro = new Set(macro);
    // ---- jump: the whole network's flow to rest --------------------------------------------
    const t0 = t;
    const J: JumpOutcome = runJump(g, kin, y, N, jp, cache, (dt, L) => curve.push(t0 + dt, L));
    work.flowSteps += J.steps;
    t += J.time;
    const notes: string[] = [];
    for (const { j, share, R } of J.partings) notes.push(`a population on point ${j + 1}'s hyperplane parted where it flipped during the jump: ${share.toPrecision(2)} of it to the other side (push ratio ${R.toPrecision(3)})`);
    if (J.kind === "none") notes.push(`the flow did not come to rest within ${o.maxFlowSteps} steps: the float state is kept`);
    if (J.kind === "float") notes.push(`no exact rest point on the faces the float state is in: the float point is kept (loss flat within ${o.restBand} for Δτ ≥ ${o.restWindow})`);
    if (J.kind === "path-dependent") notes.push("path-dependent: the least-squares fit on these faces is not unique; the split between neurons follows the flow");
    macro = J.macro;
    slow = J.slow;
    for (const i of slow) {
      const c = contribution(N.m[i]!, N.delta[i]!);
      const kink = kin.d1 === 2 ? ` at kink ${(-N.U[i * 2 + 1]! / N.U[i * 2]!).toPrecision(4)}` : "";
      notes.push(`a ${c > 0 ? "+" : "−"} neuron of size ${Math.abs(c).toPrecision(2)}${kink} is still growing slowly towards a rest far above its size: not at rest, left out of the rest point; it grows on the plateau`);
    }
    // A macroscopic cluster chatters as one (gradient descent, 1-D seed-3 set 3: 65 neurons in step).
    for (const i of macro) N.count[i] = 1;
    const rest = J.rest;
    const exact = J.kind === "exact";
    let neurons: ReducedNeuron[];
    if (exact && rest) {
      neurons = rest.neurons.map((nu) => ({ sign: nu.sign, a: nu.a, aFloat: nu.a.map(toFloat), direction: directionOf(nu.a), face: faceOut(g, nu.face) }));
      r = Float64Array.from(rest.residual, toFloat);
    } else {
      neurons = macro.map((i, k) => {
        const c = contribution(N.m[i]!, N.delta[i]!);
        return {
          sign: (c > 0 ? 1 : -1) as Sign,
          a: null,
          aFloat: Array.from(N.U.subarray(i * kin.d1, (i + 1) * kin.d1), (v) => v * Math.abs(c)),
          direction: null,
          face: faceOut(g, J.faces[k]!),
        };
      });
      if (rest) r = Float64Array.from(rest.residual, toFloat);
      else {
        const cs = Float64Array.from({ length: N.M }, (_, i) => contribution(N.m[i]!, N.delta[i]!));
        const mset = new Set(macro);
        residualOfNeurons(kin, y, N, cs, r, (i) => mset.has(i));
      }
    }
    const lossFloat = rest ? toFloat(rest.loss) : J.lossFloat;
    curve.push(t, lossFloat, true);
    const grown = macro
      .filter((i) => !wasMacro.has(i))
      .map((i) => {
        const c = contribution(N.m[i]!, N.delta[i]!);
        const uo = i * kin.d1;
        return { sign: (c > 0 ? 1 : -1) as Sign, aFloat: Array.from(N.U.subarray(uo, uo + kin.d1), (v) => v * Math.abs(c)), face: faceOut(g, floatFace(kin, N.U, uo)) };
      });
    plateaus.push({
      tau: (t / Lambda).toPrecision(o.precision),
      tauFloat: t / Lambda,
      tauEnd: null,
      loss: rest ? rest.loss : null,
      lossFloat,
      exact,
      pathDependent: J.kind === "path-dependent",
      grown,
      neurons,
      tiny: N.M - macro.length,
      notes,
    });
    if (J.kind === "none") {
      stopped = "flow-limit";
      break;
    }
  }
  if (stopped === "max-steps") {
    const last = plateaus.at(-1)!;
    if ((last.loss && last.loss.equals(0)) || last.lossFloat <= 1e-12 * L0f) stopped = "zero-loss";
  }
  return { model: "reduced", eps: o.eps, logInvEps: Lambda, grid, neuronsAtStart, width: opts.width ?? null, init: balanced ? "balanced" : "independent", lr: o.lr, precision: o.precision, plateaus, curve: curve.pts, stopped, work };
}

/**
 * Between plateau and jump: tiny neurons with the same sign and face whose directions agree to
 * `mergeAngle` radians become one, the larger mode kept (with lr > 0 the larger dominant mode, m
 * moving), or with `width` their P² and N² summed
 * (parked ones sit exactly on their
 * attractor, so they agree to the bit; slowly converging ones agree to their spread); those on a
 * macroscopic neuron's direction with its sign join it (dropped); tiny ones in dead directions
 * are dropped.
 */
function compact(kin: Kin, N: Neurons, macro: readonly number[], mergeAngle: number, sum: boolean, byDominant: boolean): { N: Neurons; macro: number[] } {
  const { d1 } = kin;
  const isMacro = new Set(macro);
  const out: number[] = [];
  const reps = new Map<string, number[]>();
  const cosMin = Math.cos(mergeAngle);
  const cos = (i: number, k: number) => {
    let z = 0;
    for (let t = 0; t < d1; t++) z += N.U[i * d1 + t]! * N.U[k * d1 + t]!;
    return z;
  };
  const macroDirs = macro.map((i) => ({ s: Math.sign(N.delta[i]!), i }));
  for (let i = 0; i < N.M; i++) {
    if (isMacro.has(i)) {
      out.push(i);
      continue;
    }
    if (isDead(kin, N.U, i * d1)) continue;
    if (mergeAngle < 0 || heldToSide(N, i)) {
      out.push(i);
      continue;
    }
    const s = Math.sign(N.delta[i]!);
    if (macroDirs.some((md) => md.s === s && cos(i, md.i) >= cosMin)) continue;
    const face = floatFace(kin, N.U, i * d1);
    const key = `${s}:${faceKey(face)}`;
    const list = reps.get(key) ?? [];
    const hit = list.findIndex((slot) => cos(i, out[slot]!) >= cosMin);
    if (hit < 0) {
      list.push(out.length);
      reps.set(key, list);
      out.push(i);
      continue;
    }
    // The merged neuron stands for both neurons' gradient-descent neurons, whichever row is kept:
    // their sum on a plane (phases apart), one cluster inside a face (gathered at one point, in
    // step: 1-D seed-6 set 7's 75 neurons, merged from 281 start neurons, flip as one).
    const k = out[list[hit]!]!;
    N.count[i] = N.count[k] = face.includes(0) ? N.count[k]! + N.count[i]! : Math.max(N.count[k]!, N.count[i]!);
    if (sum) {
      // P² and N² add: exact for the sum's contribution while the two stay together.
      const lP = logAddExp(N.m[k]! + N.delta[k]!, N.m[i]! + N.delta[i]!);
      const lN = logAddExp(N.m[k]! - N.delta[k]!, N.m[i]! - N.delta[i]!);
      N.m[k] = (lP + lN) / 2;
      N.delta[k] = (lP - lN) / 2;
    } else if (byDominant) {
      // with the drift m is not conserved: the larger dominant mode ln = (m + |δ|)/2 is kept
      if (N.m[i]! + Math.abs(N.delta[i]!) > N.m[k]! + Math.abs(N.delta[k]!)) out[list[hit]!] = i;
    } else if (Math.abs(N.delta[i]!) > Math.abs(N.delta[k]!)) out[list[hit]!] = i;
  }
  const next = keep(N, out);
  const newIdx = new Map(out.map((i, t) => [i, t]));
  return { N: next, macro: macro.map((i) => newIdx.get(i)!) };
}
