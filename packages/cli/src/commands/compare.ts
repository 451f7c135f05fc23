/**
 * `qrelu compare`: the greedy function against the simplicial interpolant on the hull of the
 * inputs (MODEL.md §9), exactly; optionally both against a target expression.
 */
import type { Command } from "commander";
import { formatQ, toFloat, type Fraction } from "@qrelu/core";
import { DEFAULT_MAX_NEURONS, ENUMERATE_DEFAULTS } from "@qrelu/greedy";
import { compareReachable, compareReport, comparisonJson, greedyJson, type CompareReport, type HullNorms, type Num, type ReachableComparison } from "@qrelu/compare";
import { intOption, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

export interface CompareCliOptions extends DataOptions {
  target?: string;
  heldOut?: number;
  seed?: number;
  maxNeurons?: number;
  maxTriangulations?: number;
  reachable?: boolean;
  maxDepth?: number;
  maxNodes?: number;
  json?: boolean;
}

/** Options shared by compare and plot. */
export function addCompareOptions(cmd: Command): Command {
  return cmd
    .option(...dataOption("d = 1 or 2"))
    .option(...exampleOption())
    .option("--target <expr>", "target function: x (1-D) or x1, x2 (2-D) with + - * / ^ ( ) and rational constants; sin cos exp sqrt (inexact)")
    .option("--held-out <n>", "held-out points for the target (default 100)", intOption("held-out", 0, 1_000_000))
    .option("--seed <n>", "seed of the held-out points (default 1)", intOption("seed", 0, 2 ** 31))
    .option("--max-neurons <k>", `greedy: stop after k neurons (default ${DEFAULT_MAX_NEURONS})`, intOption("max-neurons", 0, 100_000))
    .option("--max-triangulations <k>", "2-D: triangulations to try for \"equals some interpolant\" (default 1000)", intOption("max-triangulations", 1, 1_000_000));
}

export function runCompare(opts: CompareCliOptions): CompareReport {
  const ds = loadData(opts);
  return compareReport(ds, {
    target: opts.target,
    heldOut: opts.heldOut,
    seed: opts.seed,
    maxTriangulations: opts.maxTriangulations,
    greedy: { maxNeurons: opts.maxNeurons ?? DEFAULT_MAX_NEURONS },
  });
}

const f4 = (x: Fraction) => toFloat(x).toPrecision(6);
/** An exact rational for the text output; very long ones (greedy fits in 2-D) are shortened (--json has them whole). */
const qs = (x: Fraction): string => {
  const e = formatQ(x);
  return e.length <= 60 ? e : `(exact, ${x.n.toString().length}/${x.d.toString().length} digits)`;
};
const num = (v: Num) => (v.exact ? `${qs(v.value)} ≈ ${f4(v.value)}` : `≈ ${v.value.toPrecision(6)} (inexact)`);
const norms = (h: HullNorms) => `L2² ${num(h.l2squared)}; sup ${num(h.sup)} (${h.supMethod === "sampled" ? "sampled: a lower bound" : `exact, at ${h.supMethod}`})`;

export function compareText(r: CompareReport, source: string): string {
  const c = r.comparison;
  const st = c.structure;
  const g = r.greedy;
  const lines = [
    `${source}: n = ${c.n}, d = ${c.d}; greedy: ${g.neurons.length} neuron(s), loss ${qs(g.loss)} ≈ ${f4(g.loss)} (${g.stopped})`,
    `greedy f vs ${c.d === 1 ? "piecewise-linear" : "Delaunay"} interpolant I on the convex hull (exact):`,
    `  sup |f − I| = ${qs(c.sup)} ≈ ${f4(c.sup)} at (${c.argsup.map(qs).join(", ")})`,
    `  ‖f − I‖₂²   = ${qs(c.l2squared)} ≈ ${f4(c.l2squared)}  (hull ${c.d === 1 ? "length" : "area"} ${formatQ(c.hullMeasure)})`,
    `  kinks: ${st.kinks.length} (${st.kinks.filter((k) => k.inHull).length} meet the hull, ${st.kinks.filter((k) => k.onData.length > 0).length} through a data point); linear pieces on the hull: ${st.pieces}`,
    `  f interpolates ${st.interpolates.length} of ${c.n} data point(s)`,
  ];
  const t = c.triangulation;
  if (t === null) {
    lines.push(`  f equals the interpolant of no triangulation${c.search ? ` (checked ${c.search.checked}; ${c.search.complete ? "complete" : "NOT complete"}: ${c.search.candidates})` : ""}`);
  } else if (t.kind === "1d") {
    lines.push(`  f equals the interpolant of the points with indices S for every coarsest ⊆ S ⊆ finest: coarsest ${JSON.stringify(t.coarsest)}, finest ${JSON.stringify(t.finest)}${t.allPoints ? " (all points)" : ""}`);
  } else {
    lines.push(`  f equals the interpolant of a ${t.delaunay ? "Delaunay " : ""}triangulation: ${JSON.stringify(t.simplices)}`);
  }
  if (c.target) {
    const tr = c.target;
    lines.push(`target ${tr.expression}${tr.polynomial ? ` (polynomial, degree ${tr.degree})` : " (not a polynomial: float quadrature)"}:`);
    lines.push(`  greedy      on the hull: ${norms(tr.hull.greedy)}`);
    lines.push(`  interpolant on the hull: ${norms(tr.hull.interpolant)}`);
    lines.push(`  held-out MSE (${tr.heldOut.points} points, seed ${tr.heldOut.seed}): greedy ${num(tr.heldOut.greedy)}; interpolant ${num(tr.heldOut.interpolant)}`);
  }
  return lines.join("\n");
}

export function reachableJson(rc: ReachableComparison) {
  return {
    complete: rc.complete,
    cut: rc.cut,
    functions: rc.functions.map(({ fn, comparison: c }) => ({
      greedy: fn.greedy,
      loss: formatQ(fn.loss),
      lossFloat: toFloat(fn.loss),
      neurons: fn.function.terms.length,
      sup: formatQ(c.sup),
      supFloat: toFloat(c.sup),
      l2squared: formatQ(c.l2squared),
      l2squaredFloat: toFloat(c.l2squared),
      kinks: c.structure.kinks.length,
      kinksOnData: c.structure.kinks.filter((k) => k.onData.length > 0).length,
      equalsTriangulation: c.triangulation !== null ? true : c.search === null || c.search.complete ? false : null,
    })),
  };
}

export function reachableText(rc: ReachableComparison): string {
  const lines = [`reachable functions: ${rc.functions.length}${rc.complete ? " (complete)" : ` (INCOMPLETE: cut by ${rc.cut.join(", ")})`}`];
  rc.functions.forEach(({ fn, comparison: c }, i) => {
    lines.push(
      `  #${i + 1}${fn.greedy ? " (greedy)" : ""}: ${fn.function.terms.length} neuron(s), loss ${f4(fn.loss)}; sup |f − I| ${f4(c.sup)}, L2² ${f4(c.l2squared)}, kinks ${c.structure.kinks.length} (${c.structure.kinks.filter((k) => k.onData.length > 0).length} on data)${c.triangulation ? ", equals some I_T" : ""}`,
    );
  });
  return lines.join("\n");
}

export function register(program: Command): void {
  const cmd = program
    .command("compare")
    .description("greedy function vs simplicial interpolant on the hull (MODEL.md §9): exact sup and L2², kinks, pieces, matching triangulation; optional --target");
  addCompareOptions(cmd)
    .option("--reachable", "also compare every reachable function (MODEL.md §6) with the interpolant")
    .option("--max-depth <k>", `--reachable: longest path, in neurons (default ${ENUMERATE_DEFAULTS.maxDepth})`, intOption("max-depth", 0, 10_000))
    .option("--max-nodes <n>", `--reachable: most states created (default ${ENUMERATE_DEFAULTS.maxNodes})`, intOption("max-nodes", 1, 100_000_000))
    .option("--json", "machine-readable output")
    .action((opts: CompareCliOptions) => {
      const r = runCompare(opts);
      const reach = opts.reachable
        ? compareReachable(r.comparison.dataSet, {
            target: opts.target,
            heldOut: opts.heldOut,
            seed: opts.seed,
            maxTriangulations: opts.maxTriangulations,
            enumerate: { maxDepth: opts.maxDepth, maxNodes: opts.maxNodes },
          })
        : null;
      const source = r.comparison.dataSet.source;
      if (opts.json) return printJson({ source, greedy: greedyJson(r.greedy), ...comparisonJson(r.comparison), reachable: reach && reachableJson(reach) });
      printText(compareText(r, source) + (reach ? "\n" + reachableText(reach) : ""));
    });
}
