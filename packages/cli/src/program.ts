/**
 * The `qrelu` command. Exit status: 0 success, 2 bad input or usage, 1 internal error.
 */
import { Command, CommanderError } from "commander";
import { InputError } from "@qrelu/core";
import { COMMANDS } from "./commands/index";

export function buildProgram(): Command {
  const program = new Command();
  program
    .name("qrelu")
    .description(
      "Exact arithmetic for the infinitesimal-initialization limit of two-layer ReLU networks:\n" +
        "extremal vectors, the greedy construction, reachable functions, simplicial interpolation,\n" +
        "and gradient descent to check them. Rationals print as \"p/q\"; every command has --json.",
    )
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride();
  for (const register of COMMANDS) register(program);
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version are not errors; usage problems are bad input.
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof InputError) {
      process.stderr.write(`qrelu: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`qrelu: internal error: ${(e as Error).message}\n`);
    if (process.env.QRELU_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    return 1;
  }
}

