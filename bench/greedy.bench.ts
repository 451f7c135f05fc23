import { makeDataSet, toFloat, type DataSet } from "@qrelu/core";
import { enumerateReachable, greedy } from "@qrelu/greedy";
import { defineWorkloads, rng } from "./harness";

/** n random points with 3-decimal inputs in [−5, 5]^d and targets sin-like plus noise, seeded. */
function data(n: number, d: number, seed: number): DataSet {
  const r = rng(seed);
  const x: string[][] = [];
  const y: string[] = [];
  const seen = new Set<string>();
  while (x.length < n) {
    const p = Array.from({ length: d }, () => (r() * 10 - 5).toFixed(3));
    if (seen.has(p.join())) continue; // distinct inputs: the reader refuses conflicting duplicates
    seen.add(p.join());
    x.push(p);
    y.push((Math.sin(p.reduce((s, v) => s + Number(v), 0)) + 0.1 * (r() - 0.5)).toFixed(3));
  }
  return makeDataSet(x, y, `<bench n=${n} d=${d}>`);
}

/** CPU seconds of this process since `t0` (the machine is shared: wall time alone misleads). */
function cpuSince(t0: NodeJS.CpuUsage): string {
  const u = process.cpuUsage(t0);
  return ((u.user + u.system) / 1e6).toFixed(1);
}

let lastDirBits: number[] = [];

function greedyFigures(ds: DataSet, maxNeurons: number) {
  const t0 = process.cpuUsage();
  const r = greedy(ds, { maxNeurons });
  lastDirBits = r.steps.map((s) => Math.max(...s.chosen.direction.map((v) => v.toString(2).length)));
  const live = r.neurons.filter((n) => n.coefficient.n !== 0n).length;
  const maxBits = Math.max(...r.neurons.map((n) => n.coefficient.d.toString(2).length));
  return { cpu_s: cpuSince(t0), steps: r.steps.length, live, stopped: r.stopped, method: r.method, loss: toFloat(r.loss).toPrecision(4), coefDenBits: maxBits };
}

function enumerationFigures(ds: DataSet, maxDepth: number) {
  const t0 = process.cpuUsage();
  const r = enumerateReachable(ds, { maxDepth, maxNodes: 5_000_000, maxSeconds: 600 });
  return {
    cpu_s: cpuSince(t0),
    complete: r.complete,
    cut: r.cut.join("+") || "none",
    functions: r.functions.length,
    states: r.states,
    edges: r.edges,
    paths: r.paths.toString(),
    deepest: r.deepest,
  };
}

export default defineWorkloads([
  {
    name: "greedy d=1 n=1000 50 neurons",
    target: 10,
    setup: () => data(1000, 1, 11),
    run: (ds) => greedyFigures(ds as DataSet, 50),
  },
  // The workload: 20 neurons, target ≤ 30 s. Exact sector directions grow in bit length
  // (each is a projection of a residual whose denominators carry the earlier directions), while
  // directions on data points' rays stay small: dirBits shows each step's, and the time follows
  // the sector steps (on an earlier data set of this size they tripled per step: 41, 147, 473,
  // 1448, 21, 4422 bits by step 6).
  {
    name: "greedy d=2 n=100 20 neurons",
    target: 30,
    setup: () => data(100, 2, 12),
    run: (ds) => {
      const figures = greedyFigures(ds as DataSet, 20);
      return { ...figures, dirBits: lastDirBits.join("/") };
    },
  },
  // Complete enumerations of 8 points in 1-D (x = 0..7): every reachable function, exactly.
  ...(
    [
      ["V shape |2x − 7|", (x: number) => Math.abs(2 * x - 7)],
      ["zigzag x mod 2", (x: number) => x % 2],
    ] as const
  ).map(([label, fy]) => ({
    name: `enumerate all reachable d=1 n=8 ${label}`,
    setup: () => makeDataSet(Array.from({ length: 8 }, (_, x) => [x]), Array.from({ length: 8 }, (_, x) => fy(x))),
    run: (ds: unknown) => enumerationFigures(ds as DataSet, 50),
  })),
  // Random data branch much more: depth-limited, to show the growth.
  {
    name: "enumerate d=1 n=8 random, depth ≤ 8",
    setup: () => data(8, 1, 13),
    run: (ds) => enumerationFigures(ds as DataSet, 8),
  },
]);
