/**
 * `qrelu verify`: train by gradient descent and hold the run against the exact models, side by
 * side (issue 7, MODEL.md §7, §10): alignment vs extremal vectors, plateaus vs the greedy's and the
 * limit predictor's step losses, the final function vs the greedy function and the interpolant.
 * The logic is in ../verify/; this file parses options and prints.
 */
import type { Command } from "commander";
import { InputError } from "@qrelu/core";
import type { InitKind } from "@qrelu/gd";
import { floatOption, intOption, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";
import { checkTrainerOptions, checkTrainerWork, trainerOptions, trainingBar } from "./train";
import { runVerify, type VerifyOptions } from "../verify/run";
import { verifyJson } from "../verify/json";
import { verifyText } from "../verify/text";

/** Stated limits beyond the trainer's (TRAIN_LIMITS in ./train). */
export const VERIFY_LIMITS = { maxModelSteps: 200 } as const;

type VerifyCliOptions = DataOptions &
  Omit<VerifyOptions, "init" | "grid" | "onProgress" | "limit"> & {
    init: string;
    limit: string;
    grid?: number;
    json?: boolean;
  };

export function register(program: Command): void {
  const cmd = program
    .command("verify")
    .description("train by gradient descent and compare, side by side, with the extremal vectors, the greedy, the limit predictor and the interpolant")
    .option(...dataOption())
    .option(...exampleOption());
  trainerOptions(cmd)
    .option("--angle-tol <deg>", "alignment: a neuron is aligned when within this angle of its face's u_F", floatOption("angle-tol", 0, 180), 1)
    .option("--rel-tol <r>", "plateau losses agree within this fraction of the model's loss", floatOption("rel-tol", 0, 1), 0.01)
    .option("--func-tol <r>", "final functions equal when the float sup distance ≤ r · (max y − min y)", floatOption("func-tol", 0, 1), 0.01)
    .option("--model-steps <k>", `steps of the greedy and the limit predictor (1 to ${VERIFY_LIMITS.maxModelSteps})`, intOption("model-steps", 1, VERIFY_LIMITS.maxModelSteps), 20)
    .option(
      "--limit <model>",
      "the limit column: populations (1-D, ε → 0), reduced (the reduced network of this run: its ε, step, width and start; d = 1, 2), or auto (populations in 1-D, reduced in 2-D)",
      (text: string) => {
        if (text !== "auto" && text !== "reduced" && text !== "populations") throw new InputError(`--limit must be auto, reduced or populations, got ${JSON.stringify(text)}`);
        return text;
      },
      "auto",
    )
    .option("--grid <k>", "float grid over the hull: points (1-D, default 2001) or side (2-D, default 201)", intOption("grid", 2, 1_000_000))
    .option("--json", "machine-readable output")
    .action((opts: VerifyCliOptions) => {
      const ds = loadData(checkTrainerOptions(opts));
      checkTrainerWork(opts, ds.n);
      const bar = trainingBar("verify: train", opts.steps);
      let report;
      try {
        const { data: _d, example: _e, json: _j, ...o } = opts;
        report = runVerify(ds, {
          ...o,
          init: opts.init as InitKind,
          limit: opts.limit as VerifyOptions["limit"],
          grid: opts.grid ?? (ds.d === 2 ? 201 : 2001),
          onProgress: bar ? (step) => bar.update(step) : undefined,
        });
      } finally {
        bar?.stop();
      }
      // Timings go to stderr: stdout stays deterministic.
      process.stderr.write(`verify: training ${report.seconds.train.toFixed(1)} s, models and comparison ${report.seconds.models.toFixed(1)} s\n`);
      if (opts.json) return printJson(verifyJson(report));
      printText(verifyText(report));
    });
}
