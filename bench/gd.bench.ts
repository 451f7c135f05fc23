/**
 * Trainer speed (issue 7): steps per second of full-batch gradient descent for n = 5, m = 4000
 * (the worked example) and d = 2, n = 200, m = 2000, beside the same loop in vectorized NumPy
 * (bench/numpy_gd.py, same data, same start) when python3 with numpy is available. Each side runs
 * `steps` steps ROUNDS times in a row and reports its best round (TypeScript with train()'s default
 * threads, "auto"); the final losses must agree
 * (same arithmetic up to summation order), which checks that the two loops do the same work.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { exampleDataSet } from "@qrelu/core";
import { gdDataOf, gdStep, initNetwork, makeThreadedWorkspace, residualLoss, threadCount, toGdData, type GdData, type Network } from "@qrelu/gd";
import { defineWorkloads, rng, type Workload } from "./harness";

const here = dirname(fileURLToPath(import.meta.url));
const LR = 2e-3;
const ROUNDS = 3;

interface Job {
  data: GdData;
  net: Network;
  steps: number;
}

function randomPlane(): GdData {
  const r = rng(7);
  const xs = Array.from({ length: 200 }, () => [2 * r() - 1, 2 * r() - 1]);
  return gdDataOf(xs, xs.map(([a, b]) => Math.sin(3 * a!) + b! * b!));
}

const jobs: Record<string, () => Job> = {
  "n=5 m=4000": () => {
    const data = toGdData(exampleDataSet("worked")!);
    return { data, net: initNetwork(data.d1, { width: 4000, scale: 1e-3, seed: 1 }), steps: 2000 };
  },
  "d=2 n=200 m=2000": () => {
    const data = randomPlane();
    return { data, net: initNetwork(data.d1, { width: 2000, scale: 1e-3, seed: 1 }), steps: 100 };
  },
};

function runJs(job: Job) {
  const { data, net, steps } = job;
  // As train() runs it: threads "auto" (2 threads from m·n = THREADS_MIN_WORK on).
  const threads = threadCount("auto", net.m, data.n);
  // Warm-up on a copy, so that the timed steps run optimized code (NumPy's loop is compiled already).
  const spare = { ...net, w: net.w.slice(), c: net.c.slice() };
  const wsSpare = makeThreadedWorkspace(spare, data, threads);
  for (let s = 0; s < 50; s++) gdStep(spare, data, wsSpare, LR);
  wsSpare.close();
  const ws = makeThreadedWorkspace(net, data, threads);
  // Best of ROUNDS rounds: the machine is shared, and the best round is the least disturbed one.
  let best = Infinity;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      const t0 = performance.now();
      for (let s = 0; s < steps; s++) gdStep(net, data, ws, LR);
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
  } finally {
    ws.close();
  }
  return { "steps/s": Math.round(steps / best), loss: residualLoss(net, data, ws).toPrecision(6), rounds: ROUNDS, threads: ws.threads };
}

function runNumpy(job: Job): Record<string, string | number> {
  const { data, net, steps } = job;
  const rows = (a: Float64Array, k: number) => Array.from({ length: a.length / k }, (_, i) => Array.from(a.subarray(i * k, i * k + k)));
  const input = JSON.stringify({ X: rows(data.X, data.d1), y: [...data.y], w: rows(net.w, net.d1), c: [...net.c], lr: LR, steps, alpha: 0, rounds: ROUNDS });
  const r = spawnSync("python3", [join(here, "numpy_gd.py")], { input, encoding: "utf8" });
  if (r.error || r.status !== 0) return { skipped: `python3 with numpy not available (${r.error?.message ?? r.stderr.trim().split("\n").at(-1)})` };
  const out = JSON.parse(r.stdout) as { steps_per_s: number; loss: number };
  return { "steps/s": Math.round(out.steps_per_s), loss: out.loss.toPrecision(6), rounds: ROUNDS };
}

export default defineWorkloads(
  Object.entries(jobs).flatMap(([name, make]): Workload[] => [
    { name: `gd ${name} (TypeScript)`, setup: make, run: (j) => runJs(j as Job) },
    { name: `gd ${name} (NumPy)`, setup: make, run: (j) => runNumpy(j as Job) },
  ]),
);
