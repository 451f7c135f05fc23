/**
 * The saddle-to-saddle limit predictor of MODEL.md §10, 1-D: the plateau sequence that gradient
 * descent from a tiny start follows as ε → 0.
 *
 * State: macroscopic neurons (sign, exact effective vector a, face) and populations (sign,
 * exact location on the circle, log-size ℓ). A plateau: r is fixed, every ℓ moves at its rate;
 * the next event is the first growth (ℓ reaches 0) or flip (ℓ falls to ℓ_flip), in big.js at
 * the stated precision (rule 2: memory, not the fastest rate now). A growth is a jump: the
 * float macro flow decides the faces, the exact least squares gives the values (jump.ts,
 * rest.ts); populations ride the flow and then walk uphill on the new field (rule 5).
 */
import { Fraction, InputError, LimitError, directionOf, toFloat, type DataSet } from "@qrelu/core";
import { circle1d, field1d, locate, locDirection, locFace, unitOf, type Circle1D, type Field1D, type Loc } from "./circle";
import { formatTime, makeClock, type Big } from "./clock";
import { geometry, zeroSet, livenessOf, type Geometry, type Liveness, type Sign, type SignVector } from "./faces";
import type { FlowCircle, FlowNeuron, FlowOptions, FlowPopulation } from "./flow";
import { flowData, jump } from "./jump";
import { initialPopulations, mergePopulations, rated, settle, type Population, type RatedPopulation } from "./populations";

export type InitKind = "independent" | "balanced" | "exact-balanced";

export interface LimitOptions {
  /** Plateaus after the start (default 20). */
  maxSteps?: number;
  /** Significant digits of the clock (default 30). */
  precision?: number;
  /** Start: independent (ℓ_flip = −1, default), balanced in float64 (ℓ_flip = −1 − 8/log₁₀(1/ε)), exact-balanced (no flips). */
  init?: InitKind;
  /** ε, used by `balanced` for ℓ_flip and by near ties (default 1e−40). */
  eps?: number;
  /** Near ties (§10 step 6): populations ride the jumps at their real sizes at this ε. */
  nearTies?: boolean;
  /** Near-tie window in τ (default NEAR_TIE_WINDOW = 0.05). */
  window?: number;
  /**
   * A macroscopic neuron driven back below this fraction of the largest length it reached
   * changes sign in place (default SHRINK_FLIP = 0.03; 0: never, the exact balanced flow).
   * Empirical: discrete gradient descent does this (docs/limit.md), the ε → 0 flow does not.
   */
  shrinkFlip?: number;
  flow?: FlowOptions;
}

/** A face as the output describes it (1-D: the kink and the side where the neuron is active). */
export interface FaceInfo {
  zero: number[];
  dim: number;
  kink?: Fraction;
  active?: "right" | "left";
  liveness?: Liveness;
}

export interface LimitNeuron {
  sign: Sign;
  /** Exact effective vector (contributes sign·relu(⟨a, x̃⟩)); null when only the float is known. */
  a: Fraction[] | null;
  aFloat: number[];
  direction: bigint[];
  face: FaceInfo;
}

export interface PopulationInfo {
  sign: Sign;
  direction: bigint[];
  face: FaceInfo;
  ell: string;
  /** g = ±√rate2 at the stated precision. */
  rate: string;
  /** g², exact (the sign is the sign of rate). */
  rate2: Fraction;
}

export interface Plateau {
  /** τ at which the plateau starts, at the stated precision. */
  tau: string;
  tauBig: Big;
  /** Exact loss when the rest point is exact; null when only the float is known. */
  loss: Fraction | null;
  lossFloat: number;
  /** Unique least-squares solution in its faces, checked exactly to stay there and be at rest. */
  exact: boolean;
  /** The least-squares solution is not unique: the split between neurons follows the flow. */
  pathDependent: boolean;
  grown: { sign: Sign; direction: bigint[]; face: FaceInfo }[] | null;
  neurons: LimitNeuron[];
  /** Populations present on this plateau (after the jump settled). */
  populations: PopulationInfo[];
  /** Flips between the previous plateau and this one. */
  flips: number;
  notes: string[];
}

export interface LimitResult {
  plateaus: Plateau[];
  stopped: "zero-loss" | "no-growth" | "max-steps";
  precision: number;
  init: InitKind;
  ellFlip: string | null;
  /** Near ties were simulated at this ε (null: the limit ε → 0). */
  nearTies: { eps: number; window: number } | null;
  shrinkFlip: number;
}

/** Near ties: a tiny neuron that would grow within this Δτ keeps the jump going (§10 step 6). */
export const NEAR_TIE_WINDOW = 0.05;

/** Default of `shrinkFlip` (measured on the worked example; fidelity unchanged from 0.03 to 0.1). */
export const SHRINK_FLIP = 0.03;

/** Stated limits of the 1-D predictor. */
export const LIMIT_LIMITS = { maxPoints: 2000, maxSteps: 1000, maxPrecision: 1000 } as const;

interface Macro {
  sign: Sign;
  a: Fraction[] | null;
  aFloat: Float64Array;
  face: SignVector;
}

function faceInfo(g: Geometry, sv: SignVector, dir: readonly bigint[], r?: readonly Fraction[]): FaceInfo {
  const zero = zeroSet(sv);
  const info: FaceInfo = { zero, dim: zero.length === 0 ? g.d1 : g.d1 - 1 };
  if (g.d1 === 2 && dir[0] !== 0n) {
    info.kink = new Fraction(-dir[1]!, dir[0]!);
    info.active = dir[0]! > 0n ? "right" : "left";
  }
  if (r) info.liveness = livenessOf(sv, r);
  return info;
}

function flowCircle(c: Circle1D): FlowCircle {
  const m = c.rays.length;
  return {
    rayAngle: c.rayAngle,
    rayPoint: c.rayPoint,
    rayEnter: Int8Array.from({ length: m }, (_, k) => (c.arcSV[k]![c.rayPoint[k]!]! > 0 ? 1 : -1)),
    arc0: Uint8Array.from(c.arcSV[0]!, (v) => (v > 0 ? 1 : 0)),
  };
}

function floatPopulation(c: Circle1D, p: Population): FlowPopulation {
  if (p.loc.kind === "ray") return { sign: p.sign, theta: c.rayAngle[p.loc.k]!, arc: -1, ray: p.loc.k };
  const [u0, u1] = unitOf(p.loc.dir);
  let t = Math.atan2(u1, u0);
  if (t < 0) t += 2 * Math.PI;
  return { sign: p.sign, theta: t, arc: p.loc.k, ray: -1 };
}

function locOfFloat(c: Circle1D, fp: FlowPopulation): Loc {
  if (fp.ray >= 0) return { kind: "ray", k: fp.ray };
  return locate(c, Math.cos(fp.theta), Math.sin(fp.theta), 1e-12);
}

/** A float residual as rationals (denominator 2^52 relative): used only when the rest point is not exact. */
function rationalize(x: number): Fraction {
  if (x === 0 || !Number.isFinite(x)) return new Fraction(0);
  const e = 52 - Math.floor(Math.log2(Math.abs(x)));
  return e >= 0 ? new Fraction(BigInt(Math.round(x * 2 ** e)), 2n ** BigInt(e)) : new Fraction(BigInt(x));
}

/** ½ Σ r_j²: the loss of the residual r (of −y at the origin). */
export function halfSquares(r: readonly Fraction[]): Fraction {
  return r.reduce((s, v) => s.add(v.mul(v)), new Fraction(0)).div(2);
}

export function predictLimit(ds: DataSet, opts: LimitOptions = {}): LimitResult {
  if (ds.d !== 1) throw new InputError(`the limit predictor handles 1-D data (this set has d = ${ds.d}); 2-D is not implemented yet`);
  if (ds.n > LIMIT_LIMITS.maxPoints) throw new LimitError(`${ds.n} points: the 1-D limit predictor's limit is ${LIMIT_LIMITS.maxPoints}`);
  const maxSteps = opts.maxSteps ?? 20;
  if (maxSteps > LIMIT_LIMITS.maxSteps) throw new LimitError(`--max-steps ${maxSteps} exceeds the limit ${LIMIT_LIMITS.maxSteps}`);
  const digits = opts.precision ?? 30;
  if (digits < 5 || digits > LIMIT_LIMITS.maxPrecision) throw new LimitError(`--precision must be from 5 to ${LIMIT_LIMITS.maxPrecision} digits`);
  const init = opts.init ?? "independent";
  const clock = makeClock(digits);
  const { B } = clock;
  const eps = opts.eps ?? 1e-40;
  const nearTies = opts.nearTies ?? false;
  const window = opts.window ?? NEAR_TIE_WINDOW;
  if (!(eps > 0 && eps < 1)) throw new InputError("--eps must be in (0, 1)");
  // ℓ_flip: −1 (independent: both modes start at ε); float64 balanced: the other mode starts at
  // ≈ 1e−16·ε, so ℓ_P + ℓ_N = −2 − 16/log₁₀(1/ε) and the flip comes at half of it.
  const ellFlip: Big | null =
    init === "independent" ? new B(-1) : init === "balanced" ? new B(-1).minus(new B(8).div(new B(-Math.log10(eps)))) : null;

  const g = geometry(ds);
  const c = circle1d(g);
  const fc = flowCircle(c);
  const data = flowData(g);
  let r: Fraction[] = g.y.map((v) => v.neg());
  let field: Field1D = field1d(c, r);
  let pops: Population[] = initialPopulations(clock, c, field, r);
  let macro: Macro[] = [];
  let tau = new B(0);
  const plateaus: Plateau[] = [];
  const ratedAll = () => pops.map((p) => rated(clock, c, field, r, p));
  const popInfo = (rp: RatedPopulation[]): PopulationInfo[] =>
    rp.map((p) => {
      const dir = locDirection(c, p.loc);
      return {
        sign: p.sign,
        direction: dir,
        face: faceInfo(g, locFace(c, p.loc), dir, r),
        ell: formatTime(clock, p.ell),
        rate: formatTime(clock, p.rate),
        rate2: p.rate2,
      };
    });
  let loss: Fraction | null = halfSquares(r);
  plateaus.push({
    tau: "0",
    tauBig: tau,
    loss,
    lossFloat: toFloat(loss),
    exact: true,
    pathDependent: false,
    grown: null,
    neurons: [],
    populations: popInfo(ratedAll()),
    flips: 0,
    notes: [],
  });
  let stopped: LimitResult["stopped"] = "max-steps";
  const rateFloor = ratedAll()
    .reduce((m, p) => (p.rate2.compare(m) > 0 ? p.rate2 : m), new Fraction(0))
    .mul(new Fraction(1, 1_000_000_000));
  let exactState = true;
  for (let step = 0; step < maxSteps; step++) {
    if (loss !== null && loss.equals(0)) {
      stopped = "zero-loss";
      break;
    }
    // ---- the plateau: events until a growth --------------------------------------------
    let flips = 0;
    const notes: string[] = [];
    let grown: RatedPopulation[] | null = null;
    for (let guard = 0; guard < 100 * (pops.length + 4); guard++) {
      const rp = ratedAll();
      const ev: { p: RatedPopulation; dt: Big; kind: "grow" | "flip" }[] = [];
      for (const p of rp) {
        // On a rationalized float residual (inexact state) rates this small are round-off.
        if (!exactState && p.rate2.compare(rateFloor) < 0) continue;
        if (p.rateSign > 0) ev.push({ p, dt: p.ell.neg().div(p.rate), kind: "grow" });
        else if (p.rateSign < 0 && ellFlip && p.ell.gte(ellFlip)) ev.push({ p, dt: p.ell.minus(ellFlip).div(p.rate.neg()), kind: "flip" });
      }
      if (ev.length === 0) break;
      ev.sort((a, b) => a.dt.cmp(b.dt));
      const dt = ev[0]!.dt;
      const now = ev.filter((e) => e.dt.minus(dt).lt(clock.tieWidth));
      // Simultaneous flips at ℓ = ℓ_flip (Δτ = 0) are routine; a tie that decides a growth is news.
      if (now.length > 1 && now.some((e) => e.kind === "grow")) {
        notes.push(
          `tie at the stated precision (${digits} digits): ${now.length} events at Δτ = ${formatTime(clock, dt)} (${now.map((e) => e.kind).join(", ")}), taken together`,
        );
      }
      tau = tau.plus(dt);
      const inNow = new Set(now.map((e) => e.p));
      pops = rp.map((p) => {
        const ell = inNow.has(p) ? (now.find((e) => e.p === p)!.kind === "grow" ? new B(0) : ellFlip!) : p.ell.plus(p.rate.times(dt));
        return { sign: p.sign, loc: p.loc, ell };
      });
      const flipped = now.filter((e) => e.kind === "flip");
      const growing = now.filter((e) => e.kind === "grow");
      if (flipped.length) {
        flips += flipped.length;
        const idx = new Set(flipped.map((e) => rp.indexOf(e.p)));
        pops = pops.map((p, i) => (idx.has(i) ? { ...p, sign: (-p.sign) as Sign } : p));
        pops = settle(c, field, r, pops);
      }
      if (growing.length) {
        const idx = new Set(growing.map((e) => rp.indexOf(e.p)));
        grown = growing.map((e) => e.p);
        pops = pops.filter((_, i) => !idx.has(i));
        break;
      }
    }
    if (!grown) {
      stopped = "no-growth";
      break;
    }
    // ---- the jump ---------------------------------------------------------------------------
    const scale = Math.max(...data.y.map(Math.abs), 1e-300);
    const delta = 1e-9 * scale;
    const L = nearTies ? Math.log(1 / eps) : Infinity;
    const neurons: FlowNeuron[] = macro.map((m) => {
      const zs = zeroSet(m.face);
      return { sign: m.sign, a: Float64Array.from(m.aFloat), stuck: zs.length === 1 ? zs[0]! : -1 };
    });
    const asNeuron = (p: Population, size: number): FlowNeuron => {
      const [u0, u1] = unitOf(locDirection(c, p.loc));
      return { sign: p.sign, a: Float64Array.from([u0 * size, u1 * size]), stuck: p.loc.kind === "ray" ? c.rayPoint[p.loc.k]! : -1 };
    };
    for (const p of grown) neurons.push(asNeuron(p, delta));
    const mustGrow = new Set(neurons.slice(macro.length));
    // Near ties (§10 step 6): every population with a positive rate rides the flow at its real
    // size |a| = scale·ε^(−2ℓ), so those close to growing grow along and all move with the real
    // field. The grown neuron starts at δ, i.e. at ℓ_δ = ln(δ/scale)/(2 log(1/ε)) < 0: the flow's
    // clock starts Δτ_back = −ℓ_δ/g earlier than the event, and the riders are set back alike.
    const riding: Population[] = [];
    let back = 0;
    if (nearTies) {
      const g0 = rated(clock, c, field, r, grown[0]!).rate.toNumber();
      back = -Math.log(delta / scale) / (2 * L) / g0;
      const rest: Population[] = [];
      for (const p of pops) {
        const rp = rated(clock, c, field, r, p);
        if (rp.rateSign > 0) {
          riding.push(p);
          neurons.push(asNeuron(p, scale * Math.exp(2 * L * (p.ell.toNumber() - rp.rate.toNumber() * back))));
        } else rest.push(p);
      }
      pops = rest;
    }
    const nMacroBefore = macro.length + grown.length;
    const fpops = pops.map((p) => floatPopulation(c, p));
    const J = jump(g, data, neurons, fpops, fc, {
      dieSize: 0,
      flipRatio: opts.shrinkFlip ?? SHRINK_FLIP,
      flipMin: 1e-3 * scale,
      unit: scale,
      mustGrow,
      macroSize: 1e-6 * scale,
      logInvEps: L,
      window: nearTies ? window : 0,
      // Near ties put the jump's duration into τ: implicit steps then keep the clock close.
      velTol: nearTies ? 2e-4 : 0.02,
      ...opts.flow,
    });
    if (nearTies) {
      // The jump's own duration, net of the set-back start, is real time at this ε.
      const dur = Math.max(0, J.time / L - back);
      tau = tau.plus(new B(dur.toPrecision(15)));
    }
    const alongside = J.neurons.filter((nu) => neurons.indexOf(nu) >= nMacroBefore);
    if (J.rest) {
      macro = J.rest.neurons.map((nu) => ({ sign: nu.sign, a: nu.a, aFloat: Float64Array.from(nu.a, toFloat), face: nu.face }));
      r = J.rest.residual.slice();
      loss = J.rest.loss;
      if (!J.rest.unique) notes.push("path-dependent: the least-squares fit on these faces is not unique; the split between neurons follows the flow");
    } else {
      exactState = false;
      notes.push(`no exact rest point was accepted within the flow's step limit (${J.steps} steps): the float point is kept`);
      macro = J.neurons.map((nu) => ({
        sign: nu.sign,
        a: null,
        aFloat: Float64Array.from(nu.a),
        face: g.xt.map((_, j) => {
          const z = nu.a[0]! * data.X[2 * j]! + nu.a[1]! * data.X[2 * j + 1]!;
          return j === nu.stuck ? 0 : z > 0 ? 1 : z < 0 ? -1 : 0;
        }) as SignVector,
      }));
      const rf = new Float64Array(g.n);
      for (let j = 0; j < g.n; j++) {
        let f = 0;
        for (const nu of J.neurons) {
          const z = nu.a[0]! * data.X[2 * j]! + nu.a[1]! * data.X[2 * j + 1]!;
          if (z > 0) f += nu.sign * z;
        }
        rf[j] = f - data.y[j]!;
      }
      r = Array.from(rf, rationalize);
      loss = null;
    }
    field = field1d(c, r);
    // Populations: where the flow carried them, plus the neurons that left (ℓ = 0), then uphill.
    const moved: Population[] = J.populations.map((fp, i) => ({ sign: fp.sign, loc: locOfFloat(c, fp), ell: pops[i]!.ell }));
    // Tiny neurons at the end: near-tie riders that did not grow, and neurons that left (ℓ = 0 in the limit).
    let left = 0;
    for (const nu of [...J.tiny, ...J.died]) {
      const idx = neurons.indexOf(nu);
      const size = Math.hypot(nu.a[0]!, nu.a[1]!);
      const ell = Number.isFinite(L) && size > 0 ? Math.min(0, Math.log(size / scale) / (2 * L)) : 0;
      if (idx < nMacroBefore) left++;
      moved.push({ sign: nu.sign, loc: locate(c, nu.a[0]!, nu.a[1]!, 1e-9), ell: new B(ell.toPrecision(15)) });
    }
    if (left) notes.push(`${left} neuron(s) shrank to nothing during the jump and became populations`);
    if (alongside.length) notes.push(`near tie: ${alongside.length} population(s) grew along in this jump (ε = ${eps}, window Δτ ≤ ${window})`);
    pops = settle(c, field, r, mergePopulations(moved));
    // A population at a macroscopic neuron's face with its sign joins it.
    const held = new Set(macro.map((m) => `${m.sign}:${m.face.join(",")}`));
    pops = pops.filter((p) => !held.has(`${p.sign}:${locFace(c, p.loc).join(",")}`));
    const lossFloat = loss ? toFloat(loss) : J.floatLoss;
    const prevLoss = plateaus.at(-1)!.lossFloat;
    const stalled = !J.rest && prevLoss - lossFloat <= 1e-9 * prevLoss;
    if (stalled) notes.push("the float flow found no lower rest point: stopped (stalled)");
    plateaus.push({
      // With near ties the jumps' float durations are part of τ: six digits, not the clock's.
      tau: nearTies ? tau.toPrecision(6) : formatTime(clock, tau),
      tauBig: tau,
      loss,
      lossFloat,
      exact: J.rest !== null && J.rest.unique && exactState,
      pathDependent: J.rest !== null && !J.rest.unique,
      grown: [
        ...grown.map((p) => {
          const dir = locDirection(c, p.loc);
          return { sign: p.sign, direction: dir, face: faceInfo(g, locFace(c, p.loc), dir) };
        }),
        ...alongside.map((nu) => {
          const p = riding[neurons.indexOf(nu) - nMacroBefore]!;
          const dir = locDirection(c, p.loc);
          return { sign: p.sign, direction: dir, face: faceInfo(g, locFace(c, p.loc), dir) };
        }),
      ],
      neurons: macro.map((m) => {
        const dir = m.a ? directionOf(m.a) : directionOf(Array.from(m.aFloat, rationalize));
        return { sign: m.sign, a: m.a, aFloat: Array.from(m.aFloat), direction: dir, face: faceInfo(g, m.face, dir) };
      }),
      populations: popInfo(ratedAll()),
      flips,
      notes,
    });
    if (stalled) {
      stopped = "no-growth";
      break;
    }
  }
  if (stopped === "max-steps" && loss !== null && loss.equals(0)) stopped = "zero-loss";
  return {
    plateaus,
    stopped,
    precision: digits,
    init,
    ellFlip: ellFlip ? formatTime(clock, ellFlip) : null,
    nearTies: nearTies ? { eps, window } : null,
    shrinkFlip: opts.shrinkFlip ?? SHRINK_FLIP,
  };
}
