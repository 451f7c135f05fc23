/** `qrelu plot`: an SVG of the greedy function against the simplicial interpolant (1-D or 2-D). */
import type { Command } from "commander";
import { InputError } from "@qrelu/core";
import { parseTarget, plotSvg } from "@qrelu/compare";
import { printJson, printText, writeFileAtomic } from "../io";
import { addCompareOptions, runCompare, type CompareCliOptions } from "./compare";

export function register(program: Command): void {
  const cmd = program
    .command("plot")
    .description("write an SVG: 1-D data, greedy function, interpolant, kinks; 2-D triangulation, kink lines, colour map of f − I");
  addCompareOptions(cmd)
    .option("--out <file>", "the SVG file to write")
    .option("--json", "machine-readable output")
    .action((opts: CompareCliOptions & { out?: string }) => {
      if (opts.out === undefined) throw new InputError("missing --out FILE.svg");
      if (!/\.svg$/i.test(opts.out)) throw new InputError(`--out must name an .svg file, got ${JSON.stringify(opts.out)}`);
      const r = runCompare(opts);
      const svg = plotSvg(
        r.comparison.dataSet,
        r.greedy.function,
        r.comparison,
        opts.target !== undefined ? { target: parseTarget(opts.target, r.comparison.d) } : {},
      );
      writeFileAtomic(opts.out, svg);
      if (opts.json) return printJson({ out: opts.out, bytes: Buffer.byteLength(svg), d: r.comparison.d, cells: r.comparison.refinement.cells.length });
      printText(`wrote ${opts.out} (${Buffer.byteLength(svg)} bytes)`);
    });
}
