import type { Command } from "commander";
import { exampleDataSet, formatQ } from "@qrelu/core";
import { printJson, printText } from "../io";

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the toolkit on the embedded worked example and write a plot")
    .option("--out <file>", "where to write the SVG plot", "out/demo.svg")
    .option("--json", "machine-readable output")
    .action((opts: { out: string; json?: boolean }) => {
      const ds = exampleDataSet("worked")!;
      const summary = { n: ds.n, d: ds.d, x: ds.x.map((p) => p.map(formatQ)), y: ds.y.map(formatQ) };
      if (opts.json) return printJson(summary);
      printText(`worked example: n = ${ds.n}, d = ${ds.d}`);
    });
}
