/**
 * `qrelu demo`: the whole story on one embedded data set — the extremal vectors of −y, the
 * paper's greedy construction, the saddle-to-saddle limit (what gradient descent does), the
 * comparison with simplicial interpolation — and an SVG plot.
 */
import type { Command } from "commander";
import { EXAMPLES, formatQ } from "@qrelu/core";
import { extremalVectors, defaultResidual } from "@qrelu/greedy";
import { compareReport, comparisonJson, plotSvg } from "@qrelu/compare";
import { predictLimit, predictReduced } from "@qrelu/limit";
import { loadData, printJson, printText, writeFileAtomic } from "../io";
import { extremalJson, extremalText } from "./extremal";
import { greedyJson, greedyText } from "./greedy";
import { limitJson, limitText, reducedJson, reducedText } from "./limit";
import { compareText } from "./compare";

/** The step of the gradient descent the demo's reduced network stands for (`qrelu train`'s default). */
const DEMO_LR = 2e-3;

export function register(program: Command): void {
  program
    .command("demo")
    .description("run the toolkit on an embedded data set (default: MODEL.md's worked example) and write a plot")
    .option("--example <name>", `embedded data set: ${Object.keys(EXAMPLES).join(", ")}`, "worked")
    .option("--out <file>", "where to write the SVG plot", "out/demo.svg")
    .option("--json", "machine-readable output")
    .action((opts: { example: string; out: string; json?: boolean }) => {
      const ds = loadData({ example: opts.example });
      const extremal = extremalVectors(ds, defaultResidual(ds));
      const report = compareReport(ds);
      const limit = ds.d === 1 ? predictLimit(ds) : null;
      // The reduced network of the gradient descent `qrelu train` runs by default (balanced start,
      // η = 2e−3): its discrete steps' balance drift, no empirical rule (docs/limit.md).
      const reduced = ds.d <= 2 ? predictReduced(ds, { lr: DEMO_LR, init: "balanced" }) : null;
      const svg = plotSvg(ds, report.greedy.function, report.comparison, { title: `qrelu demo: ${ds.source}` });
      // Everything is computed before anything is written: no half-written output.
      writeFileAtomic(opts.out, svg);
      if (opts.json) {
        return printJson({
          data: { source: ds.source, n: ds.n, d: ds.d, x: ds.x.map((p) => p.map(formatQ)), y: ds.y.map(formatQ) },
          extremal: extremalJson(extremal),
          greedy: greedyJson(report.greedy, ds, report.greedy.neurons.length),
          limit: limit ? limitJson(limit) : null,
          reduced: reduced ? reducedJson(reduced) : null,
          compare: comparisonJson(report.comparison),
          plot: opts.out,
        });
      }
      let section = 0;
      const rule = (title: string) => `\n── ${++section}. ${title} ${"─".repeat(Math.max(0, 69 - title.length))}`;
      printText(
        [
          `qrelu demo on ${ds.source}: ${EXAMPLES[opts.example]?.description ?? ""}`,
          rule("extremal vectors of r = −y: where neuron directions gather (MODEL.md §4)"),
          extremalText(extremal, ds, "−y (tiny network)"),
          rule("the greedy construction: one neuron at a time, exact refits (§5)"),
          greedyText(report.greedy, ds),
          ...(limit
            ? [rule("the saddle-to-saddle limit: what small-init gradient descent does (§10)"), limitText(limit, ds.source)]
            : []),
          ...(reduced
            ? [rule(`the reduced network of gradient descent from a balanced start with step η = ${DEMO_LR} (§10 step 6, --init balanced --lr)`), reducedText(reduced, ds.source)]
            : []),
          rule("greedy function vs simplicial interpolation (§9)"),
          compareText(report, ds.source),
          "",
          `plot written to ${opts.out}`,
        ].join("\n"),
      );
    });
}
