/**
 * Fidelity (issue 8): how often a model's plateau sequence is the one gradient descent shows.
 *
 * A seeded family of data sets; on each, gradient descent (@qrelu/gd, the ground truth) is
 * trained to a horizon τ_H = steps·η/log(1/ε) and its plateaus are detected (flat and slope
 * saddles; slow descents are not saddles). A model matches a set when its plateau sequence
 * contains every plateau gradient descent shows, in order, each within `tol` (relative; an
 * absolute floor for zero losses), and no further plateau whose jump time lies inside the
 * horizon. The frozen greedy has no clock, so all its plateaus count as inside the horizon.
 */
import { Fraction, InputError, makeDataSet, toFloat, type DataSet } from "@qrelu/core";
import { detectPlateaus, makeRng, seriesOf, toGdData, train, type InitKind as GdInit } from "@qrelu/gd";
import { greedy } from "@qrelu/greedy";
import { predictLimit, type InitKind } from "./predict";

export interface FidelitySpec {
  d: 1;
  /** Smallest and largest number of points. */
  sizes: [number, number];
  count: number;
  seed: number;
  /** Inputs are distinct multiples of `grid` in [−xRange, xRange]; targets multiples of `grid` in [−yRange, yRange]. */
  grid: string;
  xRange: number;
  yRange: number;
  trainer: { width: number; eps: number; lr: number; tau: number; init: GdInit; seed: number };
  /** Relative loss tolerance of a match (default 0.01). */
  tol: number;
  /**
   * The predictor's start (default independent, ℓ_flip = −1, whatever the trainer's start):
   * measured, discrete gradient descent at η = 2e−3 flips balanced neurons at ℓ ≈ −1.03…−1.09,
   * not at the rounding-level −1.2 — its balance |w|² − c² drifts by O(η²|∇|²) per step.
   */
  predictorInit: InitKind;
}

export const DEFAULT_SPEC: FidelitySpec = {
  d: 1,
  sizes: [5, 8],
  count: 20,
  seed: 1,
  grid: "1/4",
  xRange: 2,
  yRange: 2,
  trainer: { width: 500, eps: 1e-40, lr: 2e-3, tau: 8, init: "balanced", seed: 1 },
  tol: 0.01,
  predictorInit: "independent",
};

/** Stated limits: the family and the trainer's work. */
export const FIDELITY_LIMITS = { maxCount: 1000, maxPoints: 40, maxWidth: 20000, maxSteps: 20_000_000 } as const;

export function parseSpec(text: string, source: string): FidelitySpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file: source });
  }
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError("expected a JSON object", { file: source });
  const o = raw as Record<string, unknown>;
  const t = (o.trainer ?? {}) as Record<string, unknown>;
  const spec: FidelitySpec = {
    ...DEFAULT_SPEC,
    ...(o as Partial<FidelitySpec>),
    trainer: { ...DEFAULT_SPEC.trainer, ...(t as Partial<FidelitySpec["trainer"]>) },
  };
  const bad = (field: string, why: string) => new InputError(why, { file: source, field });
  if (spec.d !== 1) throw bad("d", "only d = 1 is supported (the 2-D predictor is not implemented)");
  const [lo, hi] = spec.sizes;
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 2 || hi < lo || hi > FIDELITY_LIMITS.maxPoints) {
    throw bad("sizes", `sizes must be [min, max] integers with 2 ≤ min ≤ max ≤ ${FIDELITY_LIMITS.maxPoints}`);
  }
  if (!Number.isInteger(spec.count) || spec.count < 1 || spec.count > FIDELITY_LIMITS.maxCount) throw bad("count", `count must be 1..${FIDELITY_LIMITS.maxCount}`);
  const g = new Fraction(spec.grid);
  if (g.compare(0) <= 0) throw bad("grid", "grid must be positive");
  const slots = Math.floor(2 * spec.xRange / toFloat(g)) + 1;
  if (slots < hi) throw bad("xRange", `only ${slots} grid inputs in [−xRange, xRange], fewer than ${hi} points`);
  const tr = spec.trainer;
  if (!(tr.eps > 0 && tr.eps < 1)) throw bad("trainer.eps", "eps must be in (0, 1)");
  if (!(tr.lr > 0) || !(tr.tau > 0)) throw bad("trainer", "lr and tau must be positive");
  if (!Number.isInteger(tr.width) || tr.width < 1 || tr.width > FIDELITY_LIMITS.maxWidth) throw bad("trainer.width", `width must be 1..${FIDELITY_LIMITS.maxWidth}`);
  if (trainerSteps(spec) > FIDELITY_LIMITS.maxSteps) throw bad("trainer.tau", `tau·log(1/eps)/lr exceeds ${FIDELITY_LIMITS.maxSteps} steps`);
  if (tr.init !== "balanced" && tr.init !== "independent") throw bad("trainer.init", "init must be balanced or independent");
  if (!["independent", "balanced", "exact-balanced"].includes(spec.predictorInit)) throw bad("predictorInit", "predictorInit must be independent, balanced or exact-balanced");
  return spec;
}

export function trainerSteps(spec: FidelitySpec): number {
  return Math.ceil((spec.trainer.tau * Math.log(1 / spec.trainer.eps)) / spec.trainer.lr);
}

/** The seeded family: set i uses its own stream (seed, i), so sets do not depend on the count. */
export function familyOf(spec: FidelitySpec): DataSet[] {
  const g = new Fraction(spec.grid);
  const K = Math.floor(spec.xRange / toFloat(g));
  const Ky = Math.floor(spec.yRange / toFloat(g));
  return Array.from({ length: spec.count }, (_, i) => {
    const rng = makeRng(spec.seed * 1_000_003 + i);
    const n = spec.sizes[0] + Math.floor(rng.uniform() * (spec.sizes[1] - spec.sizes[0] + 1));
    const slots = Array.from({ length: 2 * K + 1 }, (_, k) => k - K);
    for (let k = slots.length - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      [slots[k], slots[j]] = [slots[j]!, slots[k]!];
    }
    const xs = slots.slice(0, n).sort((a, b) => a - b);
    const ys = xs.map(() => Math.floor(rng.uniform() * (2 * Ky + 1)) - Ky);
    return makeDataSet(
      xs.map((k) => [g.mul(k)]),
      ys.map((k) => g.mul(k)),
      `<fidelity:${spec.seed}:${i}>`,
    );
  });
}

export interface SeqPlateau {
  tau: number;
  loss: number;
}

export interface Verdict {
  ok: boolean;
  reason: string;
  /** The model's plateaus that count (inside the horizon). */
  predicted: SeqPlateau[];
}

const near = (a: number, b: number, tol: number, floor: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)) + floor;

/**
 * The model's plateaus inside the horizon must be gradient descent's, one to one, in order.
 * Not the rule of `qrelu verify` (cli/src/verify/steps.ts `matchSteps`), on purpose: this is a
 * pass/fail over a family, so the tolerance is symmetric (tol · max(|a|, |b|) + floor), the model
 * is cut at the run's horizon and any extra or missing plateau fails; matchSteps is a diagnostic
 * of one run that measures relative to the model's loss and reports where the sequences part.
 */
export function compareSequences(gd: readonly SeqPlateau[], model: readonly SeqPlateau[], horizon: number, tol: number, floor: number): Verdict {
  const predicted = model.filter((p) => p.tau < horizon);
  for (let k = 0; k < Math.max(gd.length, predicted.length); k++) {
    const a = gd[k], b = predicted[k];
    if (!a) return { ok: false, reason: `extra plateau ${k} (loss ${b!.loss.toPrecision(5)}, τ ${b!.tau.toFixed(3)}) inside the horizon`, predicted };
    if (!b) return { ok: false, reason: `misses plateau ${k} (loss ${a.loss.toPrecision(5)}, τ ${a.tau.toFixed(3)})`, predicted };
    if (!near(a.loss, b.loss, tol, floor)) {
      return { ok: false, reason: `plateau ${k}: loss ${b.loss.toPrecision(5)} vs gradient descent ${a.loss.toPrecision(5)}`, predicted };
    }
  }
  return { ok: true, reason: "match", predicted };
}

/** greedy: the frozen greedy of §5; limit: §10 as ε → 0; limit-ties: §10 with near ties at the trainer's ε. */
export const MODELS = ["greedy", "limit", "limit-ties"] as const;
export type ModelName = (typeof MODELS)[number];

export interface SetReport {
  index: number;
  source: string;
  n: number;
  x: string[];
  y: string[];
  horizon: number;
  gd: (SeqPlateau & { kind: string })[];
  gdFinalLoss: number;
  models: Record<ModelName, Verdict>;
  seconds: number;
}

export interface FidelityReport {
  spec: FidelitySpec;
  sets: SetReport[];
  summary: { model: ModelName; matched: number; of: number }[];
}

export interface FidelityOptions {
  onSet?: (r: SetReport) => void;
}

export function runFidelity(spec: FidelitySpec, opts: FidelityOptions = {}): FidelityReport {
  const sets: SetReport[] = [];
  const tr = spec.trainer;
  const steps = trainerSteps(spec);
  const horizon = (steps * tr.lr) / Math.log(1 / tr.eps);
  familyOf(spec).forEach((ds, index) => {
    const t0 = Date.now();
    const res = train(toGdData(ds), { width: tr.width, initScale: tr.eps, lr: tr.lr, steps, seed: tr.seed + index, init: tr.init });
    const an = detectPlateaus(seriesOf(res.curve));
    const gd = an.plateaus.filter((p) => p.kind !== "slow").map((p) => ({ tau: p.tauStart, loss: p.loss, kind: p.kind }));
    const L0 = toFloat(ds.y.reduce((s, v) => s.add(v.mul(v)), new Fraction(0))) / 2;
    const floor = 1e-6 * L0;
    const seqOf = (nearTies: boolean) =>
      predictLimit(ds, { maxSteps: 60, init: spec.predictorInit, eps: tr.eps, nearTies }).plateaus.map((p) => ({
        tau: p.tauBig.toNumber(),
        loss: p.lossFloat,
      }));
    const gr = greedy(ds, { maxNeurons: 60 });
    const grSeq = [{ tau: 0, loss: L0 }, ...gr.steps.map((s) => ({ tau: 0, loss: toFloat(s.loss) }))];
    const report: SetReport = {
      index,
      source: ds.source,
      n: ds.n,
      x: ds.x.map((r) => r[0]!.toFraction()),
      y: ds.y.map((v) => v.toFraction()),
      horizon,
      gd,
      gdFinalLoss: res.finalLoss,
      models: {
        greedy: compareSequences(gd, grSeq, Infinity, spec.tol, floor),
        limit: compareSequences(gd, seqOf(false), horizon, spec.tol, floor),
        "limit-ties": compareSequences(gd, seqOf(true), horizon, spec.tol, floor),
      },
      seconds: (Date.now() - t0) / 1000,
    };
    sets.push(report);
    opts.onSet?.(report);
  });
  const summary = MODELS.map((model) => ({ model, matched: sets.filter((s) => s.models[model].ok).length, of: sets.length }));
  return { spec, sets, summary };
}
