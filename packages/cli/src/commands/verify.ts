/**
 * `qrelu verify`: train by gradient descent and hold the run against the exact models, side by
 * side (issue 7, MODEL.md §7, §10): alignment vs extremal vectors, plateaus vs the greedy's and the
 * limit predictor's step losses, the final function vs the greedy function and the interpolant.
 * The logic is in ../verify/; this file parses options and prints.
 */
import type { Command } from "commander";
import { SingleBar } from "cli-progress";
import { InputError, LimitError } from "@qrelu/core";
import type { InitKind } from "@qrelu/gd";
import { floatOption, intOption, loadData, printJson, printText, type DataOptions } from "../io";
import { TRAIN_LIMITS } from "./train";
import { runVerify } from "../verify/run";
import { verifyJson } from "../verify/json";
import { verifyText } from "../verify/text";

/** Stated limits beyond the trainer's (TRAIN_LIMITS). */
export const VERIFY_LIMITS = { maxModelSteps: 200 } as const;

interface VerifyCliOptions extends DataOptions {
  width: number;
  initScale: number;
  lr: number;
  steps: number;
  seed: number;
  init: string;
  leaky: number;
  faceTol: number;
  carry: number;
  angleTol: number;
  relTol: number;
  funcTol: number;
  modelSteps: number;
  grid?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("verify")
    .description("train by gradient descent and compare, side by side, with the extremal vectors, the greedy, the limit predictor and the interpolant")
    .option("--data <file>", "data file: CSV with header x1,…,xd,y, or JSON {\"x\": [[…]], \"y\": […]}")
    .option("--example <name>", "an embedded data set instead of --data (e.g. worked)")
    .option("--width <m>", `neurons (1 to ${TRAIN_LIMITS.maxWidth})`, intOption("width", 1, TRAIN_LIMITS.maxWidth), 2000)
    .option("--init-scale <eps>", `ε, the initial scale (${TRAIN_LIMITS.minInitScale} ≤ ε < 1)`, floatOption("init-scale", TRAIN_LIMITS.minInitScale, 1), 1e-12)
    .option("--lr <eta>", "step size η (0 < η ≤ 10)", floatOption("lr", Number.MIN_VALUE, 10), 2e-3)
    .option("--steps <n>", `gradient steps (1 to ${TRAIN_LIMITS.maxSteps})`, intOption("steps", 1, TRAIN_LIMITS.maxSteps), 20000)
    .option("--seed <s>", "seed of the initial draw", intOption("seed", 0, 2 ** 32 - 1), 1)
    .option("--init <kind>", "balanced (|c| = |w| = ε) or independent (entries N(0, ε²))", "balanced")
    .option("--leaky <alpha>", "leaky ReLU slope for negative inputs (0 ≤ α < 1; the models stay ReLU)", floatOption("leaky", 0, 1), 0)
    .option("--face-tol <t>", "a neuron is on point j's hyperplane when |⟨w,x̃_j⟩| ≤ t·|w|·|x̃_j|", floatOption("face-tol", 0, 1), 1e-3)
    .option("--carry <r>", "final clusters: neurons with |c|·|w| ≥ r · the largest", floatOption("carry", 0, 1), 1e-3)
    .option("--angle-tol <deg>", "alignment: a neuron is aligned when within this angle of its face's u_F", floatOption("angle-tol", 0, 180), 1)
    .option("--rel-tol <r>", "plateau losses agree within this fraction of the model's loss", floatOption("rel-tol", 0, 1), 0.01)
    .option("--func-tol <r>", "final functions equal when the float sup distance ≤ r · (max y − min y)", floatOption("func-tol", 0, 1), 0.01)
    .option("--model-steps <k>", `steps of the greedy and the limit predictor (1 to ${VERIFY_LIMITS.maxModelSteps})`, intOption("model-steps", 1, VERIFY_LIMITS.maxModelSteps), 20)
    .option("--grid <k>", "float grid over the hull: points (1-D, default 2001) or side (2-D, default 201)", intOption("grid", 2, 1_000_000))
    .option("--json", "machine-readable output")
    .action((opts: VerifyCliOptions) => {
      if (opts.init !== "balanced" && opts.init !== "independent") {
        throw new InputError(`--init must be balanced or independent, got ${JSON.stringify(opts.init)}`);
      }
      if (!(opts.initScale < 1)) throw new InputError(`--init-scale must be below 1 (τ divides by log(1/ε)), got ${opts.initScale}`);
      if (opts.leaky >= 1) throw new InputError(`--leaky must be below 1, got ${opts.leaky}`);
      const ds = loadData(opts);
      const work = opts.width * ds.n * opts.steps;
      if (work > TRAIN_LIMITS.maxWork) {
        throw new LimitError(
          `width · n · steps = ${opts.width} · ${ds.n} · ${opts.steps} = ${work.toExponential(2)} exceeds the limit ${TRAIN_LIMITS.maxWork.toExponential(0)}`,
        );
      }
      const bar = process.stderr.isTTY && opts.steps >= 1000 ? new SingleBar({ stream: process.stderr, format: "verify: train [{bar}] {percentage}% | step {value}/{total} | ETA {eta}s" }) : undefined;
      bar?.start(opts.steps, 0);
      let report;
      try {
        report = runVerify(ds, {
          width: opts.width,
          initScale: opts.initScale,
          lr: opts.lr,
          steps: opts.steps,
          seed: opts.seed,
          init: opts.init as InitKind,
          leaky: opts.leaky,
          faceTol: opts.faceTol,
          carry: opts.carry,
          angleTol: opts.angleTol,
          relTol: opts.relTol,
          funcTol: opts.funcTol,
          modelSteps: opts.modelSteps,
          grid: opts.grid ?? (ds.d === 2 ? 201 : 2001),
          onProgress: bar ? (step) => bar.update(step) : undefined,
        });
      } finally {
        bar?.stop();
      }
      if (opts.json) return printJson(verifyJson(report));
      printText(verifyText(report));
    });
}
