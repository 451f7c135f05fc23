/**
 * Steps on several threads (worker_threads + SharedArrayBuffer), with the same bits as one thread.
 *
 * A step has two passes (gradient.ts). The first is split by points: each point's sum over all
 * neurons is computed by one thread, in the same order as on one thread. The second is split by
 * neurons, which are independent there. The loss is then summed by the main thread over j in
 * order, as on one thread. So the result does not depend on the number of threads (tested).
 * Threads meet at barriers (Atomics.wait/notify) three times per step: start, between the passes,
 * end (so that the caller sees the whole update when gdStep returns).
 *
 * Workers run threads-worker.ts, loaded through tsx's tsImport (both under `node --import tsx`, as
 * in ava, and under the tsx CLI, as in `pnpm qrelu`). If a worker does not come up within 20 s,
 * the pool is not used (steps run on one thread).
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { gradientRange, makeWorkspace, residualsRange, type Workspace } from "./gradient";
import type { GdData, Network } from "./network";

export type Threads = 1 | 2 | "auto";

/** `"auto"` uses 2 threads from this many neuron-point pairs (m·n) on; below, a step is too short. */
export const THREADS_MIN_WORK = 100_000;

/** Control words (Int32Array over shared memory); `failed` is set by a worker whose step threw. */
export const CTRL = { count: 0, gen: 1, cmd: 2, ready: 3, failed: 4, size: 5 } as const;
export const CMD_STEP = 1;
export const CMD_QUIT = 2;

const SPIN = 20_000;

/**
 * Wait for all `parties` threads; generation-counting barrier, reusable. Throws, instead of waiting
 * for ever, once a worker has signalled a failure (signalFailure); the pool is then unusable.
 */
export function barrier(ctrl: Int32Array, parties: number): void {
  const gen = Atomics.load(ctrl, CTRL.gen);
  if (Atomics.add(ctrl, CTRL.count, 1) === parties - 1) {
    Atomics.store(ctrl, CTRL.count, 0);
    Atomics.add(ctrl, CTRL.gen, 1);
    Atomics.notify(ctrl, CTRL.gen);
  } else {
    // A short spin first: the other thread is usually a few microseconds away, and a futex wake-up
    // costs more than that. Then sleep.
    for (let k = 0; k < SPIN && Atomics.load(ctrl, CTRL.gen) === gen; k++);
    while (Atomics.load(ctrl, CTRL.gen) === gen && Atomics.load(ctrl, CTRL.failed) === 0) Atomics.wait(ctrl, CTRL.gen, gen);
  }
  if (Atomics.load(ctrl, CTRL.failed) !== 0) throw new Error("a gradient-descent step worker threw; the threaded steps cannot go on");
}

/** Called by a worker whose step threw: mark the pool failed and wake the threads at the barrier. */
export function signalFailure(ctrl: Int32Array): void {
  Atomics.store(ctrl, CTRL.failed, 1);
  Atomics.add(ctrl, CTRL.gen, 1);
  Atomics.notify(ctrl, CTRL.gen);
}

/** Thread t's share [lo, hi) of `count` items among `parties`. */
export function share(count: number, parties: number, t: number): [number, number] {
  return [Math.floor((count * t) / parties), Math.floor((count * (t + 1)) / parties)];
}

/** What a worker gets (all arrays over shared memory). */
export interface WorkerSetup {
  m: number;
  d1: number;
  alpha: number;
  n: number;
  d: number;
  unrolled: boolean;
  parties: number;
  index: number;
  buffers: { w: SharedArrayBuffer; c: SharedArrayBuffer; X: SharedArrayBuffer; y: SharedArrayBuffer; r: SharedArrayBuffer; ra: SharedArrayBuffer; rb: SharedArrayBuffer; gc: SharedArrayBuffer; gw: SharedArrayBuffer; ctrl: SharedArrayBuffer; lr: SharedArrayBuffer };
}

/** How many threads `threads` means for m neurons and n points. */
export function threadCount(threads: Threads | undefined, m: number, n: number): number {
  if (threads === 2) return 2;
  if (threads === "auto") return m * n >= THREADS_MIN_WORK && availableParallelism() >= 2 ? 2 : 1;
  return 1;
}

/**
 * The eval'd source of a worker that runs the module at `url`: a .ts module through tsx's tsImport
 * (tsx's --import loader does not reach worker threads on Node 20), a .js one by a plain import.
 */
export function moduleWorkerSource(url: string): string {
  if (!url.endsWith(".ts")) return `await import(${JSON.stringify(url)});`;
  // import.meta.resolve gives the ESM build; a CommonJS caller (tsx compiles such files to CJS)
  // only has require.resolve, which gives the .cjs twin.
  const api =
    typeof import.meta.resolve === "function"
      ? import.meta.resolve("tsx/esm/api")
      : pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  return `const { tsImport } = await import(${JSON.stringify(api)}); await tsImport(${JSON.stringify(url)}, import.meta.url);`;
}

function workerEntry(): string {
  const fromTs = import.meta.url.endsWith(".ts");
  return moduleWorkerSource(new URL(fromTs ? "./threads-worker.ts" : "./threads-worker.js", import.meta.url).href);
}

function sharedCopy(a: Float64Array): Float64Array {
  const s = new Float64Array(new SharedArrayBuffer(Math.max(8, a.byteLength)), 0, a.length);
  s.set(a);
  return s;
}

export interface ThreadedWorkspace extends Workspace {
  /** Stop the workers (idempotent). The network stays usable (its arrays are shared memory). */
  close(): void;
  /** Threads actually in use (1 when the workers did not start). */
  threads: number;
}

/**
 * A workspace whose steps of `net` on `data` run on `threads` threads. It moves net.w and net.c
 * into shared memory (same values). Call close() when done; workers are unref'd, so a forgotten
 * close() does not keep the process alive.
 */
export function makeThreadedWorkspace(net: Network, data: GdData, threads: number, unrolled = true): ThreadedWorkspace {
  const base = makeWorkspace(net.m, data.n, data.d1, unrolled);
  const noPool: ThreadedWorkspace = Object.assign(base, { close() {}, threads: 1 });
  if (threads < 2) return noPool;
  net.w = sharedCopy(net.w);
  net.c = sharedCopy(net.c);
  const sdata: GdData = { ...data, X: sharedCopy(data.X), y: sharedCopy(data.y) };
  const ws: Workspace = {
    unrolled,
    r: sharedCopy(base.r),
    ra: sharedCopy(base.ra),
    rb: sharedCopy(base.rb),
    gc: sharedCopy(base.gc),
    gw: sharedCopy(base.gw),
  };
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.size));
  const lrBox = new Float64Array(new SharedArrayBuffer(8));
  const buf = (a: Float64Array) => a.buffer as SharedArrayBuffer;
  const buffers = { w: buf(net.w), c: buf(net.c), X: buf(sdata.X), y: buf(sdata.y), r: buf(ws.r), ra: buf(ws.ra), rb: buf(ws.rb), gc: buf(ws.gc), gw: buf(ws.gw), ctrl: ctrl.buffer as SharedArrayBuffer, lr: buf(lrBox) };
  const workers: Worker[] = [];
  const parties = threads;
  let failed = false;
  for (let index = 1; index < parties; index++) {
    const setup: WorkerSetup = { m: net.m, d1: net.d1, alpha: net.alpha, n: data.n, d: data.d, unrolled, parties, index, buffers };
    // The worker's entry is an eval'd module that imports threads-worker: from TypeScript sources
    // through tsx's tsImport (tsx's --import loader does not reach worker threads on Node 20).
    const worker = new Worker(workerEntry(), { eval: true, workerData: setup });
    worker.unref();
    worker.on("error", () => (failed = true));
    workers.push(worker);
  }
  // Each worker sets ready and notifies once loaded; wait (bounded) for all of them.
  const deadline = Date.now() + 20_000;
  while (Atomics.load(ctrl, CTRL.ready) < parties - 1 && Date.now() < deadline && !failed) {
    Atomics.wait(ctrl, CTRL.ready, Atomics.load(ctrl, CTRL.ready), 100);
  }
  if (Atomics.load(ctrl, CTRL.ready) < parties - 1) {
    for (const wk of workers) void wk.terminate();
    return Object.assign(ws, { close() {}, threads: 1 });
  }
  let closed = false;
  const [j0, j1] = share(data.n, parties, 0);
  const [i0, i1] = share(net.m, parties, 0);
  const r = ws.r;
  const step = (lr: number): number => {
    lrBox[0] = lr;
    Atomics.store(ctrl, CTRL.cmd, CMD_STEP);
    barrier(ctrl, parties);
    residualsRange(net, sdata, ws, j0, j1);
    barrier(ctrl, parties);
    gradientRange(net, sdata, ws, lr, i0, i1);
    barrier(ctrl, parties);
    // The loss as one thread adds it: over j in order.
    let loss = 0;
    for (let j = 0; j < data.n; j++) {
      const rj = r[j]!;
      loss += 0.5 * rj * rj;
    }
    return loss;
  };
  ws.pool = { net, data, step };
  return Object.assign(ws, {
    threads: parties,
    close() {
      if (closed) return;
      closed = true;
      ws.pool = undefined;
      if (Atomics.load(ctrl, CTRL.failed) === 0) {
        Atomics.store(ctrl, CTRL.cmd, CMD_QUIT);
        barrier(ctrl, parties);
      }
      for (const wk of workers) void wk.terminate();
    },
  });
}
