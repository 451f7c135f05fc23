/**
 * `qrelu verify`: train by gradient descent and compare, side by side, with the exact greedy
 * construction, the simplicial interpolant and the limit predictor (issue 7, MODEL.md §7, §10).
 * Placeholder registration; the comparison is being wired in.
 */
import type { Command } from "commander";
import { InputError } from "@qrelu/core";

export function register(program: Command): void {
  program
    .command("verify")
    .description("train by gradient descent and compare with the greedy construction, the interpolant and the limit predictor")
    .option("--data <file>", "data file")
    .option("--example <name>", "an embedded data set instead of --data")
    .option("--json", "machine-readable output")
    .action(() => {
      throw new InputError("qrelu verify: not implemented yet");
    });
}
