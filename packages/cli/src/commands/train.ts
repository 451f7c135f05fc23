/**
 * `qrelu train`: full-batch gradient descent in float64 from a tiny start (MODEL.md §7), with the
 * loss plateaus in τ = t / log(1/ε) (§10) and the neurons that carry weight clustered by face.
 */
import type { Command } from "commander";
import { SingleBar } from "cli-progress";
import { InputError, LimitError } from "@qrelu/core";
import { DEFAULT_FACE_TOL, toGdData, train, trainingReport, type InitKind, type TrainingReport } from "@qrelu/gd";
import { floatOption, intOption, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

/** Stated limits: memory (width·n floats per buffer is small; the bound is on the work). */
export const TRAIN_LIMITS = {
  maxWidth: 1_000_000,
  maxSteps: 100_000_000,
  /** width · n · steps: about an hour at the measured ~3e8 neuron-point-steps per second. */
  maxWork: 1e12,
  minInitScale: 1e-150,
} as const;

interface TrainCliOptions extends DataOptions {
  width: number;
  initScale: number;
  lr: number;
  steps: number;
  seed: number;
  init: string;
  leaky: number;
  faceTol: number;
  carry: number;
  maxNeurons: number;
  records: number;
  at?: number[];
  curve?: boolean;
  json?: boolean;
}

function tauList(text: string): number[] {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length > 100) throw new InputError(`--at takes at most 100 times, got ${parts.length}`);
  return parts.map((p) => {
    const v = Number(p);
    if (p === "" || !Number.isFinite(v) || v < 0) throw new InputError(`--at must list times τ ≥ 0 separated by commas, got ${JSON.stringify(p)}`);
    return v;
  });
}

const f4 = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(5) : v.toExponential(3));
const vec = (v: readonly number[]) => `(${v.map((x) => x.toFixed(4)).join(", ")})`;

function textOf(r: TrainingReport, source: string): string {
  const s = r.settings;
  const lines = [
    `${source}: n = ${s.n}, d = ${s.d}; width ${s.width}, ${s.init} start ε = ${s.initScale}, η = ${s.lr}, ${s.stepsRun} steps` +
      `${s.leaky ? `, leaky α = ${s.leaky}` : ""}, seed ${s.seed}`,
    `time τ = step·η / log(1/ε): one step = ${s.tauPerStep.toExponential(3)} τ; run ends at τ = ${(s.stepsRun * s.tauPerStep).toFixed(3)}`,
  ];
  if (r.diverged) lines.push(`DIVERGED at step ${r.diverged.step} (loss not finite): lower --lr`);
  lines.push("", "plateaus (kind: flat band, slope = saddle passed while descending, slow = slow descent):");
  lines.push("  #  kind    τ from → to        steps from → to        loss        band");
  r.plateaus.forEach((p, i) => {
    lines.push(
      `  ${String(i + 1).padStart(2)} ${p.kind.padEnd(6)} ${p.tauStart.toFixed(3).padStart(7)} → ${p.tauEnd.toFixed(3).padEnd(8)}` +
        ` ${String(p.stepStart).padStart(9)} → ${String(p.stepEnd).padEnd(9)} ${f4(p.loss).padStart(11)}  [${f4(p.lossMin)}, ${f4(p.lossMax)}]` +
        `${p.initial ? "  (start)" : ""}${p.open ? "  (run ends on it)" : ""}`,
    );
  });
  if (r.growth.length) {
    lines.push("", `growth events (a (sign, face) cluster's mass Σ|w|² first reaches ${f4(r.growthMass)}):`);
    for (const g of r.growth) {
      lines.push(`  τ = ${g.tau.toFixed(3)} (step ${g.step}), loss ${f4(g.loss)}: sign ${g.sign > 0 ? "+" : "−"} face ${g.face} direction ${vec(g.direction)}`);
    }
  }
  for (const sn of r.snapshots) {
    lines.push("", `at τ = ${sn.tau.toFixed(3)} (step ${sn.step}), loss ${f4(sn.loss)}: clusters by face:`);
    lines.push(...clusterLines(sn.clusters));
  }
  lines.push("", `final loss ${f4(r.final.loss)}; ${r.final.carrying} neurons carry weight; clusters by face:`);
  lines.push(...clusterLines(r.final.clusters));
  return lines.join("\n");
}

function clusterLines(cs: TrainingReport["final"]["clusters"]): string[] {
  return cs.map((c) => {
    const kink = c.kink !== undefined && c.kink !== null ? `  kink x = ${c.kink.toFixed(4)}` : "";
    return `  ${c.sign > 0 ? "+" : "−"} ${c.face}  ${String(c.count).padStart(5)} neurons  mass ${f4(c.mass)}  direction ${vec(c.direction)}${kink}`;
  });
}

/** The trainer's progress bar (stderr on a terminal, runs of 1000 steps or more), started; else undefined. */
export function trainingBar(label: string, steps: number): SingleBar | undefined {
  if (!process.stderr.isTTY || steps < 1000) return undefined;
  const bar = new SingleBar({ stream: process.stderr, format: `${label} [{bar}] {percentage}% | step {value}/{total} | ETA {eta}s` });
  bar.start(steps, 0);
  return bar;
}

/** The trainer's options, shared by every command that trains (`train`, `verify`). */
export function trainerOptions(cmd: Command): Command {
  return cmd
    .option("--width <m>", `neurons (1 to ${TRAIN_LIMITS.maxWidth})`, intOption("width", 1, TRAIN_LIMITS.maxWidth), 2000)
    .option("--init-scale <eps>", `ε, the initial scale (${TRAIN_LIMITS.minInitScale} ≤ ε < 1)`, floatOption("init-scale", TRAIN_LIMITS.minInitScale, 1), 1e-12)
    .option("--lr <eta>", "step size η (0 < η ≤ 10)", floatOption("lr", 0, 10), 2e-3)
    .option("--steps <n>", `gradient steps (1 to ${TRAIN_LIMITS.maxSteps})`, intOption("steps", 1, TRAIN_LIMITS.maxSteps), 20000)
    .option("--seed <s>", "seed of the initial draw", intOption("seed", 0, 2 ** 32 - 1), 1)
    .option("--init <kind>", "balanced (|c| = |w| = ε) or independent (entries N(0, ε²))", "balanced")
    .option("--leaky <alpha>", "leaky ReLU slope for negative inputs (0 ≤ α < 1; 0 = ReLU)", floatOption("leaky", 0, 1), 0)
    .option("--face-tol <t>", "a neuron is on point j's hyperplane when |⟨w,x̃_j⟩| ≤ t·|w|·|x̃_j|", floatOption("face-tol", 0, 1), DEFAULT_FACE_TOL)
    .option("--carry <r>", "neurons carry weight when |c|·|w| ≥ r · the largest", floatOption("carry", 0, 1), 1e-3);
}

/** Checks of the trainer's options that commander's parsers cannot make (exit 2). */
export function checkTrainerOptions<T extends { init: string; initScale: number; leaky: number; lr: number }>(opts: T): T {
  if (opts.init !== "balanced" && opts.init !== "independent") {
    throw new InputError(`--init must be balanced or independent, got ${JSON.stringify(opts.init)}`);
  }
  if (!(opts.lr > 0)) throw new InputError(`--lr must be positive, got ${opts.lr}`);
  if (!(opts.initScale < 1)) throw new InputError(`--init-scale must be below 1 (τ divides by log(1/ε)), got ${opts.initScale}`);
  if (opts.leaky >= 1) throw new InputError(`--leaky must be below 1, got ${opts.leaky}`);
  return opts;
}

/** The stated bound on width · n · steps. */
export function checkTrainerWork(opts: { width: number; steps: number }, n: number): void {
  const work = opts.width * n * opts.steps;
  if (work > TRAIN_LIMITS.maxWork) {
    throw new LimitError(
      `width · n · steps = ${opts.width} · ${n} · ${opts.steps} = ${work.toExponential(2)} exceeds the limit ${TRAIN_LIMITS.maxWork.toExponential(0)}`,
    );
  }
}

export function register(program: Command): void {
  const cmd = program
    .command("train")
    .description("train the two-layer ReLU network by full-batch gradient descent (float64) from a tiny start; report plateaus and clusters")
    .option(...dataOption())
    .option(...exampleOption());
  trainerOptions(cmd)
    .option("--max-neurons <k>", "list at most k carrying neurons (largest first)", intOption("max-neurons", 0, 1_000_000), 100)
    .option("--records <k>", "thinned loss curve: at most k blocks", intOption("records", 10, 1_000_000), 2000)
    .option("--at <taus>", "also cluster the neurons at these times τ (comma-separated, e.g. 0.3,1)", tauList)
    .option("--curve", "include the thinned loss curve in --json output")
    .option("--json", "machine-readable output")
    .action((opts: TrainCliOptions) => {
      const ds = loadData(checkTrainerOptions(opts));
      checkTrainerWork(opts, ds.n);
      const data = toGdData(ds);
      const bar = trainingBar("train", opts.steps);
      let res;
      try {
        res = train(data, {
          width: opts.width,
          initScale: opts.initScale,
          lr: opts.lr,
          steps: opts.steps,
          seed: opts.seed,
          init: opts.init as InitKind,
          leaky: opts.leaky,
          maxRecords: opts.records,
          face: { tol: opts.faceTol },
          snapshotTaus: opts.at,
          onProgress: bar ? (step) => bar.update(step) : undefined,
        });
      } finally {
        bar?.stop();
      }
      if (res.diverged) {
        throw new InputError(`--lr ${opts.lr}: gradient descent diverged at step ${res.diverged.step} (the loss is not finite); use a smaller step`);
      }
      const report = trainingReport(res, data, {
        clusters: { tol: opts.faceTol, carryRelative: opts.carry },
        maxNeurons: opts.maxNeurons,
        curve: opts.curve,
      });
      if (opts.json) return printJson({ source: ds.source, ...report });
      printText(textOf(report, ds.source));
    });
}
