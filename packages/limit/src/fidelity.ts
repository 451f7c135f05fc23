/**
 * Fidelity (MODEL.md §10, last two paragraphs): how often a model's loss curve is gradient
 * descent's, over a seeded family of data sets.
 *
 * Truth: per set, several gradient-descent runs (default two: width 2000, ε = 1e−40 with η = 2e−3
 * and ε = 1e−60 with η = 1.5e−3, another initial draw, both to τ ≈ 21.7). The set is **resolved**
 * when every pair of runs agrees both ways under the curve rule (curve-match.ts); only resolved
 * sets count. Each model's curve is compared with run A (the first run; near-tie models take its
 * ε). Beside it, the issue's older sequence rule (`compareSequences`): plateaus one to one.
 * Sets run one by one or on worker threads (`jobs`); the report is the same either way, and the
 * same with or without the run cache (fidelity-gd.ts).
 */
import { Fraction, InputError, makeDataSet, toFloat, type DataSet } from "@qrelu/core";
import { detectPlateaus, makeRng, moduleWorkerSource, seriesOf, type InitKind as GdInit } from "@qrelu/gd";
import { Worker } from "node:worker_threads";
import { matchCurves, MATCH_DEFAULTS, PLATEAU_KINDS, type CurveVerdict, type MatchOptions, type PlateauKind } from "./curve-match";
import { runGd, type GdRunSettings } from "./fidelity-gd";
import { FIDELITY_MODELS, modelNamed, type ModelPlateau } from "./fidelity-models";
import { halfSquares, type InitKind } from "./predict";

export interface FidelityRun {
  eps: number;
  lr: number;
  /** Added to the set's trainer seed: another initial draw. */
  seedOffset: number;
}

export interface FidelitySpec {
  d: 1 | 2;
  /** Smallest and largest number of points (default [5, 8] in 1-D, [6, 9] in 2-D). */
  sizes: [number, number];
  count: number;
  seed: number;
  /** Inputs: distinct grid points (multiples of `grid`) in [−xRange, xRange]^d; targets multiples of `grid` in [−yRange, yRange]. */
  grid: string;
  xRange: number;
  yRange: number;
  /** Gradient descent: width, horizon τ, start, seed of set i's run = trainerSeed + i + seedOffset, curve blocks. */
  width: number;
  tau: number;
  init: GdInit;
  trainerSeed: number;
  records: number;
  /** The runs; the first (run A) is the reference for the models. */
  runs: FidelityRun[];
  /** Curve rule: relative tolerance, window w₀ + w₁τ, coverage of the run and of every plateau. */
  tol: number;
  window: [number, number];
  coverage: number;
  plateauCoverage: number;
  /**
   * The reference plateaus the plateau rule applies to. Default ["flat"]: the saddles where gradient
   * descent rests. A slope (@qrelu/gd: a saddle passed without stopping, its loss read while the
   * curve still descends) still counts in the ≥ 90 % rule; ["flat", "slope"] holds a model to it
   * as to a plateau too (the stricter figure docs/limit.md gives beside the default).
   */
  plateauKinds: PlateauKind[];
  /** Absolute tolerance for zero losses, relative to the start loss ½|y|². */
  zeroFloor: number;
  /**
   * The predictor's start (default independent, ℓ_flip = −1, whatever the trainer's start):
   * measured, discrete gradient descent at η = 2e−3 flips balanced neurons at ℓ ≈ −1.03…−1.09,
   * not at the rounding-level −1.2 — its balance |w|² − c² drifts by O(η²|∇|²) per step.
   */
  predictorInit: InitKind;
  /** Models to run, by registry name (default: all of FIDELITY_MODELS). */
  models: string[];
}

export const DEFAULT_SPEC: FidelitySpec = {
  d: 1,
  sizes: [5, 8],
  count: 20,
  seed: 1,
  grid: "1/4",
  xRange: 2,
  yRange: 2,
  width: 2000,
  tau: 21.7,
  init: "balanced",
  trainerSeed: 1,
  records: 4000,
  runs: [
    { eps: 1e-40, lr: 2e-3, seedOffset: 0 },
    { eps: 1e-60, lr: 1.5e-3, seedOffset: 1_000_000 },
  ],
  tol: MATCH_DEFAULTS.tol,
  window: [...MATCH_DEFAULTS.window],
  coverage: MATCH_DEFAULTS.coverage,
  plateauCoverage: MATCH_DEFAULTS.plateauCoverage,
  plateauKinds: ["flat"],
  zeroFloor: 1e-6,
  predictorInit: "independent",
  models: FIDELITY_MODELS.map((m) => m.name),
};

/** Default sizes in 2-D (MODEL.md §10: 6–9 points). */
export const DEFAULT_SIZES_2D: [number, number] = [6, 9];

/** Stated limits: the family and the trainer's work. */
export const FIDELITY_LIMITS = { maxCount: 1000, maxPoints: 40, maxWidth: 20000, maxSteps: 20_000_000, maxRuns: 4, maxRecords: 100_000, maxJobs: 64 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseSpec(text: string, source: string): FidelitySpec {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, { file: source });
  }
  if (!isObject(raw)) throw new InputError("expected a JSON object", { file: source });
  const bad = (field: string, why: string) => new InputError(why, { file: source, field });
  for (const k of Object.keys(raw)) {
    if (!Object.hasOwn(DEFAULT_SPEC, k)) {
      const hint = k === "trainer" ? " (the trainer's settings are now top-level width, tau, init, trainerSeed, records and runs)" : "";
      throw bad(k, `unknown field; known: ${Object.keys(DEFAULT_SPEC).join(", ")}${hint}`);
    }
  }
  const spec = { ...DEFAULT_SPEC, ...raw } as FidelitySpec;
  if (spec.d !== 1 && spec.d !== 2) throw bad("d", "d must be 1 or 2");
  if (raw.sizes === undefined && spec.d === 2) spec.sizes = [...DEFAULT_SIZES_2D];
  const int = (v: unknown, lo: number, hi: number) => Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi;
  const num = (v: unknown, lo: number, hi: number) => typeof v === "number" && Number.isFinite(v) && v >= lo && v <= hi;
  const pos = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v > 0;
  const minN = spec.d === 2 ? 3 : 2;
  if (!Array.isArray(spec.sizes) || spec.sizes.length !== 2 || !int(spec.sizes[0], minN, FIDELITY_LIMITS.maxPoints) || !int(spec.sizes[1], spec.sizes[0], FIDELITY_LIMITS.maxPoints)) {
    throw bad("sizes", `sizes must be [min, max] integers with ${minN} ≤ min ≤ max ≤ ${FIDELITY_LIMITS.maxPoints}`);
  }
  if (!int(spec.count, 1, FIDELITY_LIMITS.maxCount)) throw bad("count", `count must be an integer 1..${FIDELITY_LIMITS.maxCount}`);
  if (!Number.isSafeInteger(spec.seed)) throw bad("seed", "seed must be an integer");
  let g: Fraction;
  try {
    g = new Fraction(String(spec.grid));
  } catch {
    throw bad("grid", "grid must be a rational such as \"1/4\"");
  }
  if (g.compare(0) <= 0) throw bad("grid", "grid must be positive");
  if (!pos(spec.xRange)) throw bad("xRange", "xRange must be positive");
  if (!pos(spec.yRange)) throw bad("yRange", "yRange must be positive");
  const side = 2 * Math.floor(spec.xRange / toFloat(g)) + 1;
  if (side ** spec.d < spec.sizes[1] || (spec.d === 2 && side < 2)) throw bad("xRange", `only ${side ** spec.d} grid inputs in [−xRange, xRange]^${spec.d}, fewer than ${spec.sizes[1]} points`);
  if (!int(spec.width, 1, FIDELITY_LIMITS.maxWidth)) throw bad("width", `width must be an integer 1..${FIDELITY_LIMITS.maxWidth}`);
  if (!pos(spec.tau)) throw bad("tau", "tau must be positive");
  if (spec.init !== "balanced" && spec.init !== "independent") throw bad("init", "init must be balanced or independent");
  if (!Number.isSafeInteger(spec.trainerSeed)) throw bad("trainerSeed", "trainerSeed must be an integer");
  if (!int(spec.records, 10, FIDELITY_LIMITS.maxRecords)) throw bad("records", `records must be an integer 10..${FIDELITY_LIMITS.maxRecords}`);
  if (!Array.isArray(spec.runs) || spec.runs.length < 1 || spec.runs.length > FIDELITY_LIMITS.maxRuns) throw bad("runs", `runs must be a list of 1..${FIDELITY_LIMITS.maxRuns} runs {eps, lr, seedOffset}`);
  spec.runs.forEach((r, k) => {
    if (!isObject(r)) throw bad(`runs[${k}]`, "a run is an object {eps, lr, seedOffset}");
    for (const key of Object.keys(r)) if (!["eps", "lr", "seedOffset"].includes(key)) throw bad(`runs[${k}].${key}`, "unknown field; a run has eps, lr, seedOffset");
    if (!(num(r.eps, 1e-150, 1) && r.eps < 1)) throw bad(`runs[${k}].eps`, "eps must be in [1e-150, 1)");
    if (!(num(r.lr, 0, 10) && r.lr > 0)) throw bad(`runs[${k}].lr`, "lr must be in (0, 10]");
    if (!Number.isSafeInteger(r.seedOffset)) throw bad(`runs[${k}].seedOffset`, "seedOffset must be an integer");
    if (runSteps(spec, r) > FIDELITY_LIMITS.maxSteps) throw bad(`runs[${k}]`, `tau·log(1/eps)/lr exceeds ${FIDELITY_LIMITS.maxSteps} steps`);
  });
  if (!num(spec.tol, 0, 1) || spec.tol >= 1) throw bad("tol", "tol must be in [0, 1)");
  if (!Array.isArray(spec.window) || spec.window.length !== 2 || !spec.window.every((w) => num(w, 0, 100))) throw bad("window", "window must be [w0, w1], both ≥ 0");
  if (!num(spec.coverage, 0, 1) || spec.coverage === 0) throw bad("coverage", "coverage must be in (0, 1]");
  if (!num(spec.plateauCoverage, 0, 1) || spec.plateauCoverage === 1) throw bad("plateauCoverage", "plateauCoverage must be in [0, 1)");
  if (!Array.isArray(spec.plateauKinds) || !spec.plateauKinds.every((k) => PLATEAU_KINDS.includes(k)) || new Set(spec.plateauKinds).size !== spec.plateauKinds.length) {
    throw bad("plateauKinds", `plateauKinds must be a list of distinct kinds among ${PLATEAU_KINDS.join(", ")} (may be empty)`);
  }
  if (!num(spec.zeroFloor, 0, 1)) throw bad("zeroFloor", "zeroFloor must be in [0, 1]");
  if (!["independent", "balanced", "exact-balanced"].includes(spec.predictorInit)) throw bad("predictorInit", "predictorInit must be independent, balanced or exact-balanced");
  if (!Array.isArray(spec.models) || spec.models.length === 0) throw bad("models", "models must be a non-empty list of model names");
  for (const m of spec.models) {
    if (typeof m !== "string" || !modelNamed(m)) throw bad("models", `unknown model ${JSON.stringify(m)}; known: ${FIDELITY_MODELS.map((e) => e.name).join(", ")}`);
  }
  if (new Set(spec.models).size !== spec.models.length) throw bad("models", "a model is listed twice");
  return spec;
}

export function runSteps(spec: Pick<FidelitySpec, "tau">, run: FidelityRun): number {
  return Math.ceil((spec.tau * Math.log(1 / run.eps)) / run.lr);
}

/** Set i's settings of run k. */
export function runSettings(spec: FidelitySpec, index: number, k: number): GdRunSettings {
  const r = spec.runs[k]!;
  return { width: spec.width, eps: r.eps, lr: r.lr, steps: runSteps(spec, r), seed: spec.trainerSeed + index + r.seedOffset, init: spec.init, records: spec.records };
}

const cross = (o: number[], a: number[], b: number[]) => (a[0]! - o[0]!) * (b[1]! - o[1]!) - (a[1]! - o[1]!) * (b[0]! - o[0]!);

/** Whether integer points in the plane all lie on one line. */
export function allCollinear(pts: readonly number[][]): boolean {
  return pts.length < 3 || pts.every((p) => cross(pts[0]!, pts[1]!, p) === 0);
}

/**
 * Set i of the seeded family, from its own stream (seed, i), so sets do not depend on the count:
 * n ∈ sizes, then n distinct grid inputs (a shuffle of all grid points; in 2-D reshuffled while
 * all n are collinear), sorted, then the targets.
 */
export function drawSet(spec: FidelitySpec, i: number): DataSet {
  const g = new Fraction(spec.grid);
  const K = Math.floor(spec.xRange / toFloat(g));
  const Ky = Math.floor(spec.yRange / toFloat(g));
  const rng = makeRng(spec.seed * 1_000_003 + i);
  const n = spec.sizes[0] + Math.floor(rng.uniform() * (spec.sizes[1] - spec.sizes[0] + 1));
  const side = Array.from({ length: 2 * K + 1 }, (_, k) => k - K);
  const grid = spec.d === 1 ? side.map((a) => [a]) : side.flatMap((a) => side.map((b) => [a, b]));
  let pts: number[][];
  do {
    for (let k = grid.length - 1; k > 0; k--) {
      const j = Math.floor(rng.uniform() * (k + 1));
      [grid[k], grid[j]] = [grid[j]!, grid[k]!];
    }
    pts = grid.slice(0, n);
  } while (spec.d === 2 && allCollinear(pts));
  pts.sort((a, b) => a[0]! - b[0]! || (a[1] ?? 0) - (b[1] ?? 0));
  const ys = pts.map(() => Math.floor(rng.uniform() * (2 * Ky + 1)) - Ky);
  return makeDataSet(
    pts.map((p) => p.map((k) => g.mul(k))),
    ys.map((k) => g.mul(k)),
    `<fidelity:${spec.d}d:${spec.seed}:${i}>`,
  );
}

/** The whole family (drawSet for i = 0..count−1). */
export function familyOf(spec: FidelitySpec): DataSet[] {
  return Array.from({ length: spec.count }, (_, i) => drawSet(spec, i));
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
 * The issue's sequence rule, kept beside the curve rule: the model's plateaus inside the horizon
 * must be gradient descent's, one to one, in order, each loss within tol · max(|a|, |b|) + floor.
 * Not the rule of `qrelu verify` (cli/src/verify/steps.ts `matchSteps`), on purpose: this is a
 * pass/fail over a family, so the tolerance is symmetric, the model is cut at the run's horizon and
 * any extra or missing plateau fails; matchSteps is a diagnostic of one run that measures relative
 * to the model's loss and reports where the sequences part.
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

export interface GdPlateauInfo {
  kind: string;
  tauStart: number;
  tauEnd: number;
  loss: number;
}

export interface RunReport {
  eps: number;
  lr: number;
  seed: number;
  steps: number;
  /** τ of the last record: steps·η/log(1/ε). */
  horizon: number;
  finalLoss: number | null;
  diverged: boolean;
  /** detectPlateaus on the thinned curve, "slow" descents left out. */
  plateaus: GdPlateauInfo[];
}

export interface Agreement {
  /** Run indices: `of` compared with the reference run `ref`. */
  ref: number;
  of: number;
  ok: boolean;
  fraction: number;
  reason: string;
}

export interface ModelVerdict {
  /** match / miss under the curve rule; n/a: the model does not handle this d; error: it threw. */
  status: "match" | "miss" | "n/a" | "error";
  /** The set is resolved and the model handles it: the verdict counts (an error as a miss). */
  counted: boolean;
  reason: string;
  curve?: CurveVerdict;
  sequence?: { ok: boolean; reason: string };
  plateaus?: ModelPlateau[];
  stopped?: string;
}

export interface SetReport {
  index: number;
  source: string;
  d: number;
  n: number;
  x: string[][];
  y: string[];
  /** ½|y|², exact. */
  startLoss: string;
  runs: RunReport[];
  agreement: Agreement[];
  resolved: boolean;
  models: Record<string, ModelVerdict>;
}

export interface ModelSummary {
  model: string;
  about: string;
  /** Resolved sets the model handles, and how many of them it matches (curve rule). */
  matched: number;
  resolved: number;
  /** The same sets under the sequence rule. */
  sequence: number;
  /** Sets it does not handle (d), and sets where it threw. */
  na: number;
  errors: number;
}

export interface FidelityReport {
  spec: FidelitySpec;
  sets: SetReport[];
  resolved: number;
  summary: ModelSummary[];
}

export interface SetOptions {
  /** Folder of the gradient-descent run cache (fidelity-gd.ts). */
  cacheDir?: string;
  /** Threads of one run (default "auto"; 1 when sets run in parallel). */
  threads?: 1 | 2 | "auto";
  onProgress?: (text: string) => void;
}

const RUN_NAMES = "ABCD";

/** One set: its runs, their agreement, every model's verdict. */
export function runSet(spec: FidelitySpec, index: number, opts: SetOptions = {}): SetReport {
  const ds = drawSet(spec, index);
  const L0 = halfSquares(ds.y);
  const floor = spec.zeroFloor * toFloat(L0);
  const match: MatchOptions = { tol: spec.tol, floor, window: spec.window, coverage: spec.coverage, plateauCoverage: spec.plateauCoverage, plateauKinds: spec.plateauKinds };
  const gd = spec.runs.map((_, k) => {
    const s = runSettings(spec, index, k);
    const t0 = Date.now();
    const run = runGd(ds, s, { cacheDir: opts.cacheDir, threads: opts.threads });
    opts.onProgress?.(`set ${index} run ${RUN_NAMES[k]} (ε ${s.eps}, ${s.steps} steps): ${run.cached ? "cached" : `${((Date.now() - t0) / 1000).toFixed(1)} s`}`);
    const plateaus = detectPlateaus(seriesOf(run.curve))
      .plateaus.filter((p) => p.kind !== "slow")
      .map((p) => ({ kind: p.kind, tauStart: p.tauStart, tauEnd: p.tauEnd, loss: p.loss }));
    const report: RunReport = {
      eps: s.eps,
      lr: s.lr,
      seed: s.seed,
      steps: s.steps,
      horizon: run.curve.tau[run.curve.length - 1]!,
      finalLoss: run.finalLoss,
      diverged: run.diverged,
      plateaus,
    };
    return { run, report };
  });
  const agreement: Agreement[] = [];
  for (let a = 0; a < gd.length; a++) {
    for (let b = 0; b < gd.length; b++) {
      if (a === b) continue;
      const ra = gd[a]!, rb = gd[b]!;
      const v = matchCurves(ra.run.curve, { kind: "band", curve: rb.run.curve }, { ...match, horizon: Math.min(ra.report.horizon, rb.report.horizon), refPlateaus: ra.report.plateaus });
      const diverged = ra.run.diverged || rb.run.diverged;
      agreement.push({ ref: a, of: b, ok: v.ok && !diverged, fraction: v.fraction, reason: diverged ? "a run diverged (step too large)" : v.reason });
    }
  }
  const resolved = agreement.every((g) => g.ok);
  const A = gd[0]!;
  const ctx = { eps: spec.runs[0]!.eps, lr: spec.runs[0]!.lr, width: spec.width, gdInit: spec.init, horizon: A.report.horizon, predictorInit: spec.predictorInit };
  const gdSeq = A.report.plateaus.map((p) => ({ tau: p.tauStart, loss: p.loss }));
  const models: Record<string, ModelVerdict> = {};
  for (const name of spec.models) {
    const entry = modelNamed(name)!;
    if (!entry.dims.includes(ds.d)) {
      models[name] = { status: "n/a", counted: false, reason: `handles d = ${entry.dims.join(", ")} only` };
      continue;
    }
    try {
      const out = entry.predict(ds, ctx);
      const curve = matchCurves(A.run.curve, out.trace, { ...match, horizon: ctx.horizon, refPlateaus: A.report.plateaus });
      const seq = compareSequences(gdSeq, out.plateaus, ctx.horizon, spec.tol, floor);
      models[name] = {
        status: curve.ok ? "match" : "miss",
        counted: resolved,
        reason: curve.reason,
        curve,
        sequence: { ok: seq.ok, reason: seq.reason },
        plateaus: out.plateaus,
        stopped: out.stopped,
      };
    } catch (e) {
      models[name] = { status: "error", counted: resolved, reason: (e as Error).message };
    }
  }
  return {
    index,
    source: ds.source,
    d: ds.d,
    n: ds.n,
    x: ds.x.map((r) => r.map((v) => v.toFraction())),
    y: ds.y.map((v) => v.toFraction()),
    startLoss: L0.toFraction(),
    runs: gd.map((g) => g.report),
    agreement,
    resolved,
    models,
  };
}

export function summarize(spec: FidelitySpec, sets: readonly SetReport[]): ModelSummary[] {
  return spec.models.map((model) => {
    const vs = sets.filter((s) => s.resolved).map((s) => s.models[model]!);
    const applicable = vs.filter((v) => v.status !== "n/a");
    return {
      model,
      about: modelNamed(model)!.about,
      matched: applicable.filter((v) => v.status === "match").length,
      resolved: applicable.length,
      sequence: applicable.filter((v) => v.sequence?.ok).length,
      na: sets.filter((s) => s.models[model]!.status === "n/a").length,
      errors: sets.filter((s) => s.models[model]!.status === "error").length,
    };
  });
}

/** The models best first: by share of resolved sets matched, then registry order. */
export function ranked(summary: readonly ModelSummary[]): ModelSummary[] {
  const share = (m: ModelSummary) => (m.resolved > 0 ? m.matched / m.resolved : -1);
  return [...summary].sort((a, b) => share(b) - share(a));
}

export interface FidelityOptions {
  /** Sets in parallel on this many worker threads (default 1: in this thread). */
  jobs?: number;
  cacheDir?: string;
  onProgress?: (text: string) => void;
  onSet?: (r: SetReport) => void;
}

export async function runFidelity(spec: FidelitySpec, opts: FidelityOptions = {}): Promise<FidelityReport> {
  const jobs = Math.min(opts.jobs ?? 1, spec.count);
  const sets: SetReport[] = new Array(spec.count);
  if (jobs <= 1) {
    for (let i = 0; i < spec.count; i++) {
      sets[i] = runSet(spec, i, { cacheDir: opts.cacheDir, onProgress: opts.onProgress });
      opts.onSet?.(sets[i]!);
    }
  } else {
    await runPool(spec, jobs, opts, sets);
  }
  return { spec, sets, resolved: sets.filter((s) => s.resolved).length, summary: summarize(spec, sets) };
}

/** The eval'd entry of a worker: fidelity-worker.ts (through tsx when running from sources). */
function workerSource(): string {
  const fromTs = import.meta.url.endsWith(".ts");
  return moduleWorkerSource(new URL(fromTs ? "./fidelity-worker.ts" : "./fidelity-worker.js", import.meta.url).href);
}

/** Messages from fidelity-worker.ts. */
export type WorkerMessage =
  | { type: "progress"; text: string }
  | { type: "done"; index: number; report: SetReport }
  | { type: "error"; index: number; message: string };

/** Sets on `jobs` worker threads, each taking the next set when done; reports stored by index. */
function runPool(spec: FidelitySpec, jobs: number, opts: FidelityOptions, sets: SetReport[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const workers: Worker[] = [];
    let next = 0, done = 0, failed = false;
    const stop = (err?: Error) => {
      for (const w of workers) void w.terminate();
      if (err) {
        failed = true;
        reject(err);
      } else resolve();
    };
    const feed = (w: Worker) => {
      if (next < spec.count) w.postMessage({ index: next++ });
    };
    for (let k = 0; k < jobs; k++) {
      const w = new Worker(workerSource(), { eval: true, workerData: { spec, cacheDir: opts.cacheDir } });
      workers.push(w);
      w.on("message", (m: WorkerMessage) => {
        if (failed) return;
        if (m.type === "progress") opts.onProgress?.(m.text);
        else if (m.type === "error") stop(new Error(`set ${m.index}: ${m.message}`));
        else {
          sets[m.index] = m.report;
          opts.onSet?.(m.report);
          if (++done === spec.count) stop();
          else feed(w);
        }
      });
      w.on("error", (e) => !failed && stop(e));
      w.on("exit", (code) => !failed && done < spec.count && code !== 0 && stop(new Error(`a fidelity worker exited with code ${code}`)));
      feed(w);
    }
  });
}
