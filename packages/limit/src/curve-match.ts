/**
 * Two loss curves compared over τ: MODEL.md §10's fidelity rule, as a pure function.
 *
 * The reference is a thinned gradient-descent curve (@qrelu/gd `Curve`: one record per block,
 * the block's first τ, mean, min and max; the last record is the end point). The other curve is a
 * `Trace`: a step function (a model's plateaus), a sampled curve (linear between samples) or
 * another thinned gradient-descent curve (its blocks' bands).
 *
 * Rule. Every reference record k with τ_k ≤ horizon is a sample. It is **OK** when the other curve
 * takes, somewhere in the window |τ' − τ_k| ≤ w₀ + w₁·τ_k, a value inside the reference block's
 * band widened by the tolerance: [min_k − tol·min_k − floor, max_k + tol·max_k + floor] (`floor`
 * is absolute, for zero losses; the band absorbs the chatter of a plateau). The curves **match**
 * when (a) at least `coverage` of all samples are OK and (b) for every plateau of the reference
 * (`detectPlateaus`, kinds flat and slope by default; "slow" descents are not saddles) more than
 * `plateauCoverage` of the samples inside its τ-range are OK — so a short plateau that the other
 * curve skips fails even when it is too short to matter to (a).
 */
import { detectPlateaus, seriesOf, type Curve, type PlateauOptions } from "@qrelu/gd";

/** The other curve. */
export type Trace =
  /** Piecewise constant: loss[k] on [tau[k], tau[k+1]); the last value holds until `end` (default for ever). */
  | { kind: "steps"; tau: readonly number[]; loss: readonly number[]; end?: number }
  /** Linear between samples on [tau[0], last]; then the last value holds until `end` (default: not at all). */
  | { kind: "linear"; tau: readonly number[]; loss: readonly number[]; end?: number }
  /** A thinned gradient-descent curve: block k's band [min_k, max_k] on [tau_k, tau_{k+1}). */
  | { kind: "band"; curve: Curve };

export interface MatchOptions {
  /** Relative loss tolerance (default 0.01). */
  tol?: number;
  /** Absolute loss tolerance added to it, for zero losses (default 0). */
  floor?: number;
  /** Time window w₀ + w₁·τ (default [0.05, 0.05]). */
  window?: readonly [number, number];
  /** Fraction of all samples that must be OK (default 0.9). */
  coverage?: number;
  /** Fraction of every plateau's samples that must be exceeded (default 0.5). */
  plateauCoverage?: number;
  /** Last τ sampled (default: the reference's end). */
  horizon?: number;
  /** Options of the reference's plateau detector. */
  plateaus?: PlateauOptions;
  /** The reference's plateaus, when the caller has them already (else detected here, with `plateaus`). */
  refPlateaus?: readonly { kind: string; tauStart: number; tauEnd: number; loss: number }[];
  /** Kinds of reference plateau the plateau rule (b) applies to (default flat and slope). */
  plateauKinds?: readonly PlateauKind[];
}

/** The reference plateaus rule (b) can apply to ("slow" descents are never saddles). */
export type PlateauKind = "flat" | "slope";
export const PLATEAU_KINDS: readonly PlateauKind[] = ["flat", "slope"];

export const MATCH_DEFAULTS = { tol: 0.01, floor: 0, window: [0.05, 0.05] as const, coverage: 0.9, plateauCoverage: 0.5 };

export interface PlateauCoverage {
  kind: PlateauKind;
  tauStart: number;
  tauEnd: number;
  loss: number;
  samples: number;
  /** Fraction of its samples that are OK. */
  fraction: number;
}

export interface CurveVerdict {
  ok: boolean;
  /** Fraction of all samples (τ ≤ horizon) that are OK. */
  fraction: number;
  samples: number;
  horizon: number;
  plateaus: PlateauCoverage[];
  /** The first run of consecutive failing samples (in the plateau that fails, when only (b) fails). */
  firstMiss: { tauStart: number; tauEnd: number; reference: number; other: number | null } | null;
  reason: string;
}

/** The interval of τ on which a trace is defined. */
function extent(tr: Trace): [number, number] {
  if (tr.kind === "band") return [tr.curve.tau[0] ?? 0, tr.curve.tau[tr.curve.length - 1] ?? 0];
  const last = tr.tau[tr.tau.length - 1] ?? 0;
  return [tr.tau[0] ?? 0, tr.end ?? (tr.kind === "steps" ? Infinity : last)];
}

/** First index k with tau[k] > t (tau ascending), by bisection. */
function upper(tau: ArrayLike<number>, len: number, t: number): number {
  let lo = 0, hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tau[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Whether the trace takes a value in [lo, hi] at some τ' ∈ [a, b]. */
export function traceHits(tr: Trace, a: number, b: number, lo: number, hi: number): boolean {
  const [e0, e1] = extent(tr);
  a = Math.max(a, e0);
  b = Math.min(b, e1);
  if (a > b) return false;
  const inside = (v: number) => v >= lo && v <= hi;
  if (tr.kind === "steps") {
    // The step active at a, then every step starting in (a, b].
    for (let k = Math.max(0, upper(tr.tau, tr.tau.length, a) - 1); k < tr.tau.length && tr.tau[k]! <= b; k++) if (inside(tr.loss[k]!)) return true;
    return false;
  }
  if (tr.kind === "band") {
    const cv = tr.curve;
    for (let k = Math.max(0, upper(cv.tau, cv.length, a) - 1); k < cv.length && cv.tau[k]! <= b; k++) {
      if (cv.max[k]! >= lo && cv.min[k]! <= hi) return true;
    }
    return false;
  }
  // Linear: continuous, so the values on [a, b] are the interval between its extremes there.
  let vmin = Math.min(linearAt(tr, a), linearAt(tr, b));
  let vmax = Math.max(linearAt(tr, a), linearAt(tr, b));
  for (let k = upper(tr.tau, tr.tau.length, a); k < tr.tau.length && tr.tau[k]! < b; k++) {
    vmin = Math.min(vmin, tr.loss[k]!);
    vmax = Math.max(vmax, tr.loss[k]!);
  }
  return vmax >= lo && vmin <= hi;
}

function linearAt(tr: { tau: readonly number[]; loss: readonly number[] }, t: number): number {
  const k = upper(tr.tau, tr.tau.length, t);
  if (k === 0) return tr.loss[0]!;
  if (k >= tr.tau.length) return tr.loss[tr.tau.length - 1]!;
  const t0 = tr.tau[k - 1]!, t1 = tr.tau[k]!;
  const f = t1 > t0 ? (t - t0) / (t1 - t0) : 1;
  return tr.loss[k - 1]! + f * (tr.loss[k]! - tr.loss[k - 1]!);
}

/** The trace's value at τ (block mean for a band), null outside its extent: for reasons only. */
export function traceAt(tr: Trace, t: number): number | null {
  const [e0, e1] = extent(tr);
  if (t < e0 || t > e1) return null;
  if (tr.kind === "linear") return linearAt(tr, t);
  if (tr.kind === "steps") return tr.loss[Math.max(0, upper(tr.tau, tr.tau.length, t) - 1)]!;
  return tr.curve.mean[Math.max(0, upper(tr.curve.tau, tr.curve.length, t) - 1)]!;
}

const pct = (f: number) => `${(100 * f).toFixed(1)} %`;
const g4 = (v: number | null) => (v === null ? "none" : v.toPrecision(4));

export function matchCurves(ref: Curve, other: Trace, opts: MatchOptions = {}): CurveVerdict {
  const tol = opts.tol ?? MATCH_DEFAULTS.tol;
  const floor = opts.floor ?? MATCH_DEFAULTS.floor;
  const [w0, w1] = opts.window ?? MATCH_DEFAULTS.window;
  const coverage = opts.coverage ?? MATCH_DEFAULTS.coverage;
  const plateauCoverage = opts.plateauCoverage ?? MATCH_DEFAULTS.plateauCoverage;
  const kinds = opts.plateauKinds ?? PLATEAU_KINDS;
  const N = ref.length;
  const horizon = opts.horizon ?? (N > 0 ? ref.tau[N - 1]! : 0);
  const ok: boolean[] = [];
  for (let k = 0; k < N && ref.tau[k]! <= horizon; k++) {
    const t = ref.tau[k]!, w = w0 + w1 * t;
    const lo = ref.min[k]! - tol * Math.abs(ref.min[k]!) - floor;
    const hi = ref.max[k]! + tol * Math.abs(ref.max[k]!) + floor;
    ok.push(traceHits(other, t - w, t + w, lo, hi));
  }
  const S = ok.length;
  const fraction = S === 0 ? 1 : ok.filter(Boolean).length / S;
  const firstMissIn = (k0: number, k1: number): CurveVerdict["firstMiss"] => {
    let k = k0;
    while (k < k1 && ok[k]) k++;
    if (k >= k1) return null;
    let e = k;
    while (e + 1 < k1 && !ok[e + 1]) e++;
    const t = ref.tau[k]!;
    return { tauStart: t, tauEnd: ref.tau[Math.min(e + 1, N - 1)]!, reference: ref.mean[k]!, other: traceAt(other, t) };
  };
  const plateaus: PlateauCoverage[] = [];
  let badPlateau: [PlateauCoverage, number, number] | null = null;
  for (const p of opts.refPlateaus ?? detectPlateaus(seriesOf(ref), opts.plateaus).plateaus) {
    if (p.kind === "slow" || !kinds.includes(p.kind as PlateauKind) || p.tauStart > horizon) continue;
    const k0 = upper(ref.tau, S, p.tauStart - 1e-12);
    const k1 = upper(ref.tau, S, p.tauEnd + 1e-12);
    if (k1 <= k0) continue;
    let good = 0;
    for (let k = k0; k < k1; k++) if (ok[k]) good++;
    const pc: PlateauCoverage = { kind: p.kind as PlateauKind, tauStart: p.tauStart, tauEnd: p.tauEnd, loss: p.loss, samples: k1 - k0, fraction: good / (k1 - k0) };
    plateaus.push(pc);
    if (!badPlateau && !(pc.fraction > plateauCoverage)) badPlateau = [pc, k0, k1];
  }
  const miss = (fm: CurveVerdict["firstMiss"]) =>
    fm ? `first miss τ ${fm.tauStart.toFixed(3)}–${fm.tauEnd.toFixed(3)}: gradient descent ${g4(fm.reference)}, other ${g4(fm.other)}` : "";
  if (fraction < coverage) {
    const firstMiss = firstMissIn(0, S);
    return { ok: false, fraction, samples: S, horizon, plateaus, firstMiss, reason: `agrees on ${pct(fraction)} of τ ≤ ${horizon.toFixed(2)} (< ${pct(coverage)}); ${miss(firstMiss)}` };
  }
  if (badPlateau) {
    const [pc, k0, k1] = badPlateau;
    const firstMiss = firstMissIn(k0, k1);
    return {
      ok: false,
      fraction,
      samples: S,
      horizon,
      plateaus,
      firstMiss,
      reason: `plateau τ ${pc.tauStart.toFixed(3)}–${pc.tauEnd.toFixed(3)} (loss ${g4(pc.loss)}) agrees on ${pct(pc.fraction)} of it (not > ${pct(plateauCoverage)}); ${miss(firstMiss)}`,
    };
  }
  return { ok: true, fraction, samples: S, horizon, plateaus, firstMiss: firstMissIn(0, S), reason: `agrees on ${pct(fraction)} of τ ≤ ${horizon.toFixed(2)} and on every plateau` };
}
