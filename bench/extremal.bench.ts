/** Extremal vectors (issue 3): the sizes the issue names, plus the search mode in a larger d. */
import { makeDataSet, type DataSet } from "@qrelu/core";
import { defaultResidual, extremalVectors } from "@qrelu/greedy";
import { defineWorkloads, rng } from "./harness";

/** n distinct points with coordinates of `digits` decimals in [−10, 10] and targets of 2 decimals in [−5, 5]. */
function data(seed: number, d: number, n: number, digits = 3): DataSet {
  const r = rng(seed);
  const seen = new Set<string>();
  const x: string[][] = [];
  while (x.length < n) {
    const p = Array.from({ length: d }, () => (r() * 20 - 10).toFixed(digits));
    const k = p.join(",");
    if (seen.has(k)) continue;
    seen.add(k);
    x.push(p);
  }
  return makeDataSet(x, x.map(() => (r() * 10 - 5).toFixed(2)));
}

const run = (mode: "auto" | "exact" | "search", seeds?: number) => (prepared: unknown) => {
  const ds = prepared as DataSet;
  const res = extremalVectors(ds, defaultResidual(ds), { mode, seeds });
  return { n: ds.n, d: ds.d, method: res.method, extremal: res.extremal.length, top_rate2: res.extremal[0]?.rate2.valueOf().toFixed(4) ?? "-" };
};

export default defineWorkloads([
  { name: "extremal d=1 n=100000", target: 1, setup: () => data(1, 1, 100_000, 6), run: run("exact") },
  { name: "extremal d=2 n=200", target: 5, setup: () => data(2, 2, 200), run: run("exact") },
  { name: "extremal d=3 n=40", setup: () => data(3, 3, 40), run: run("exact") },
  { name: "extremal d=4 n=20", setup: () => data(4, 4, 20), run: run("exact") },
  { name: "extremal search d=50 n=500 seeds=4", setup: () => data(5, 50, 500), run: run("search", 4) },
]);
