/**
 * The ground-truth runs of `qrelu fidelity`, with an optional on-disk cache.
 *
 * A cached run is its thinned curve (the only thing the protocol reads), stored as JSON under a
 * key that hashes the data (exact rationals), every run setting and the trainer's version: a
 * hash of @qrelu/gd's sources, so any change to the trainer misses the cache instead of
 * serving stale curves. JSON numbers round-trip float64 exactly, so a hit gives the same report
 * as training. Files are written atomically (temporary file, then rename).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { formatQ, writeFileAtomic, type DataSet } from "@qrelu/core";
import { toGdData, train, type Curve, type InitKind, type Threads } from "@qrelu/gd";

export interface GdRunSettings {
  width: number;
  eps: number;
  lr: number;
  steps: number;
  seed: number;
  init: InitKind;
  /** Blocks of the thinned curve. */
  records: number;
}

export interface GdRun {
  curve: Curve;
  /** null when not finite (a diverged run). */
  finalLoss: number | null;
  stepsRun: number;
  diverged: boolean;
  /** Served from the cache (not part of any report: a hit and a miss report the same). */
  cached: boolean;
}

/** Bump when the cached file's layout changes. */
const CACHE_FORMAT = "fidelity-gd-1";

let trainerVersionMemo: string | undefined;

/** The trainer's version: a hash of @qrelu/gd's TypeScript sources. */
export function trainerVersion(): string {
  if (trainerVersionMemo) return trainerVersionMemo;
  const dir = dirname(createRequire(import.meta.url).resolve("@qrelu/gd"));
  const h = createHash("sha256");
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".ts")).sort()) h.update(f).update("\0").update(readFileSync(join(dir, f))).update("\0");
  return (trainerVersionMemo = `gd-${h.digest("hex").slice(0, 16)}`);
}

export function gdRunKey(ds: DataSet, s: GdRunSettings): string {
  const text = JSON.stringify({
    format: CACHE_FORMAT,
    trainer: trainerVersion(),
    x: ds.x.map((row) => row.map(formatQ)),
    y: ds.y.map(formatQ),
    run: [s.width, s.eps, s.lr, s.steps, s.seed, s.init, s.records],
  });
  return createHash("sha256").update(text).digest("hex");
}

type CurveJson = { every: number; length: number } & Record<"step" | "tau" | "loss" | "min" | "max" | "mean", number[]>;
const ARRAYS = ["step", "tau", "loss", "min", "max", "mean"] as const;

function curveToJson(cv: Curve): CurveJson {
  const o = { every: cv.every, length: cv.length } as CurveJson;
  for (const k of ARRAYS) o[k] = Array.from(cv[k].subarray(0, cv.length));
  return o;
}

function curveFromJson(o: CurveJson): Curve {
  const cv = { every: o.every, length: o.length } as Curve;
  for (const k of ARRAYS) {
    if (!Array.isArray(o[k]) || o[k].length !== o.length) throw new Error(`cached curve: bad ${k}`);
    cv[k] = Float64Array.from(o[k]);
  }
  return cv;
}

function readCache(path: string): Omit<GdRun, "cached"> | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return null;
  }
  try {
    const o = JSON.parse(text) as { curve: CurveJson; finalLoss: number | null; stepsRun: number; diverged: boolean };
    return { curve: curveFromJson(o.curve), finalLoss: o.finalLoss, stepsRun: o.stepsRun, diverged: o.diverged };
  } catch {
    return null; // a damaged entry is a miss (and is overwritten)
  }
}

/** One gradient-descent run (or its cached curve). */
export function runGd(ds: DataSet, s: GdRunSettings, opts: { cacheDir?: string; threads?: Threads } = {}): GdRun {
  const path = opts.cacheDir ? join(opts.cacheDir, `${gdRunKey(ds, s)}.json`) : undefined;
  const hit = path ? readCache(path) : null;
  if (hit) return { ...hit, cached: true };
  const res = train(toGdData(ds), {
    width: s.width,
    initScale: s.eps,
    lr: s.lr,
    steps: s.steps,
    seed: s.seed,
    init: s.init,
    maxRecords: s.records,
    threads: opts.threads ?? "auto",
  });
  const run = { curve: res.curve, finalLoss: Number.isFinite(res.finalLoss) ? res.finalLoss : null, stepsRun: res.stepsRun, diverged: res.diverged !== undefined };
  // The curve as stored is the curve as read back: trim the typed arrays to their length.
  const json = { curve: curveToJson(run.curve), finalLoss: run.finalLoss, stepsRun: run.stepsRun, diverged: run.diverged };
  if (path) writeFileAtomic(path, JSON.stringify(json));
  return { ...run, curve: curveFromJson(json.curve), cached: false };
}
