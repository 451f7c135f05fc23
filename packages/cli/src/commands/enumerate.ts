/**
 * `qrelu enumerate`: every function reachable when each step may take ANY extremal vector of
 * positive rate (MODEL.md §6), merged exactly, with path counts and limits.
 */
import type { Command } from "commander";
import cliProgress from "cli-progress";
import { formatQ, toFloat, type DataSet } from "@qrelu/core";
import { ENUMERATE_DEFAULTS, enumerateReachable, type EnumerateProgress, type EnumerateResult } from "@qrelu/greedy";
import { floatOption, intOption, jq, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";
import {
  addExtremalOptions,
  extremalOptions,
  functionText,
  kinksJson,
  kinksText,
  neuronJson,
  refitOption,
  type ExtremalCliOptions,
} from "./greedy";

export function enumerateJson(r: EnumerateResult, ds: DataSet, limits: Record<string, number>) {
  return {
    data: { source: ds.source, n: ds.n, d: ds.d },
    complete: r.complete,
    cut: r.cut,
    limits,
    method: r.method,
    refit: r.refit,
    states: r.states,
    expanded: r.expanded,
    edges: r.edges,
    deepest: r.deepest,
    // Path counts are exact integers; as strings when beyond 2^53.
    paths: bigJson(r.paths),
    functions: r.functions.map((f) => ({
      neurons: f.neurons.map((n) => neuronJson(n)),
      loss: jq(f.loss),
      lossFloat: toFloat(f.loss),
      stopped: f.stopped,
      paths: bigJson(f.paths),
      greedyPaths: bigJson(f.greedyPaths),
      greedy: f.greedy,
      steps: { min: f.minSteps, max: f.maxSteps },
      featureSets: f.leaves,
      independent: f.independent,
      kinks: kinksJson(f.function, ds),
    })),
  };
}

function bigJson(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

export function enumerateText(r: EnumerateResult, ds: DataSet): string {
  const lines = [
    `reachable functions on ${ds.source}: n = ${ds.n}, d = ${ds.d}, refit ${r.refit}, extremal vectors ${r.method === "search" ? "by SEARCH (not proved complete)" : "exact"}`,
    `${r.complete ? "complete" : `INCOMPLETE (cut by ${r.cut.join(", ")})`}: ${r.functions.length} distinct function(s), ${r.paths} path(s), ${r.states} state(s), deepest ${r.deepest}`,
  ];
  r.functions.forEach((f, i) => {
    lines.push(
      "",
      `#${i + 1}${f.greedy ? "  ← greedy" : ""}  loss ${formatQ(f.loss)} (${toFloat(f.loss).toPrecision(6)}), ${f.stopped}, ` +
        `${f.neurons.length} live neuron(s), ${f.paths} path(s)${f.greedyPaths > 0n ? ` (${f.greedyPaths} by largest rates)` : ""}, ` +
        `steps ${f.minSteps === f.maxSteps ? f.minSteps : `${f.minSteps}–${f.maxSteps}`}`,
      `  ${functionText(f.neurons, ds)}`,
      `  ${kinksText(f.function, ds)}`,
    );
  });
  return lines.join("\n");
}

/** A progress bar on stderr, only on a terminal and only once the run has lasted a second. */
function progressBar(maxNodes: number) {
  if (!process.stderr.isTTY) return { update: (_p: EnumerateProgress) => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  let last = 0;
  return {
    update(p: EnumerateProgress) {
      if (p.elapsedMs < 1000 || p.elapsedMs - last < 100) return;
      last = p.elapsedMs;
      if (!bar) {
        bar = new cliProgress.SingleBar(
          { format: "enumerate [{bar}] {value}/{total} states | depth {depth} | {functions} functions | {elapsed} s", stream: process.stderr },
          cliProgress.Presets.shades_classic,
        );
        bar.start(maxNodes, p.states, { depth: p.depth, functions: p.functions, elapsed: (p.elapsedMs / 1000).toFixed(0) });
      }
      bar.update(p.states, { depth: p.depth, functions: p.functions, elapsed: (p.elapsedMs / 1000).toFixed(0) });
    },
    stop: () => bar?.stop(),
  };
}

export function register(program: Command): void {
  const cmd = program
    .command("enumerate")
    .description("all functions reachable by taking any extremal vector of positive rate at each step (MODEL.md §6), with path counts")
    .option(...dataOption())
    .option(...exampleOption())
    .option("--max-depth <k>", `longest path followed, in neurons (default ${ENUMERATE_DEFAULTS.maxDepth})`, intOption("max-depth", 0, 10_000))
    .option("--max-nodes <n>", `most states (feature sets) created (default ${ENUMERATE_DEFAULTS.maxNodes})`, intOption("max-nodes", 1, 100_000_000))
    .option("--max-seconds <t>", `wall-clock limit (default ${ENUMERATE_DEFAULTS.maxSeconds})`, floatOption("max-seconds", 0, 1e7))
    .option("--refit <rule>", "refit rule (must not depend on the order of the features)", "frozen");
  addExtremalOptions(cmd)
    .option("--json", "machine-readable output")
    .action(
      (opts: DataOptions & ExtremalCliOptions & { maxDepth?: number; maxNodes?: number; maxSeconds?: number; refit?: string; json?: boolean }) => {
        const ds = loadData(opts);
        const limits = {
          maxDepth: opts.maxDepth ?? ENUMERATE_DEFAULTS.maxDepth,
          maxNodes: opts.maxNodes ?? ENUMERATE_DEFAULTS.maxNodes,
          maxSeconds: opts.maxSeconds ?? ENUMERATE_DEFAULTS.maxSeconds,
        };
        const bar = progressBar(limits.maxNodes);
        let r: EnumerateResult;
        try {
          r = enumerateReachable(ds, { ...limits, refit: refitOption(opts.refit, ds), extremal: extremalOptions(opts), onProgress: bar.update });
        } finally {
          bar.stop();
        }
        if (opts.json) return printJson(enumerateJson(r, ds, limits));
        printText(enumerateText(r, ds));
      },
    );
}
