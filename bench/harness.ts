/**
 * Benchmark harness: each `bench/*.bench.ts` default-exports workloads; `pnpm bench [filter]`
 * runs those whose name contains the filter and prints one line per workload:
 * time, peak RSS, and the sizes the workload reports.
 */
import { makeRng } from "@qrelu/core";

export interface Workload {
  /** Name as in the issue, e.g. "extremal d=1 n=100000". */
  name: string;
  /** Optional target in seconds (printed beside the figure, never asserted). */
  target?: number;
  /** Untimed preparation (data generation); its result is passed to run. */
  setup?: () => unknown;
  /** The timed work; returns sizes/figures to print (e.g. { faces: 1234 }). */
  run: (prepared: unknown) => Record<string, string | number | boolean> | void;
}

export function defineWorkloads(ws: Workload[]): Workload[] {
  return ws;
}

/** Deterministic uniform draws for benchmark and test data: core's seeded generator. */
export function rng(seed: number): () => number {
  const r = makeRng(seed);
  return () => r.uniform();
}
