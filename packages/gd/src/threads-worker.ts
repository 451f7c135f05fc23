/** A step worker of threads.ts: its share of the points in the first pass, of the neurons in the second. */
import { workerData } from "node:worker_threads";
import { gradientRange, residualsRange, type Workspace } from "./gradient";
import type { GdData, Network } from "./network";
import { barrier, CMD_QUIT, CTRL, share, signalFailure, type WorkerSetup } from "./threads";

const s = workerData as WorkerSetup;
const f = (b: SharedArrayBuffer, length: number) => new Float64Array(b, 0, length);
const { m, d1, n, parties, index, buffers: b } = s;
const net: Network = { m, d1, alpha: s.alpha, w: f(b.w, m * d1), c: f(b.c, m) };
const data: GdData = { n, d: s.d, d1, X: f(b.X, n * d1), y: f(b.y, n) };
const ws: Workspace = { unrolled: s.unrolled, r: f(b.r, n), ra: f(b.ra, n), rb: f(b.rb, n), gc: f(b.gc, m), gw: f(b.gw, m * d1) };
const ctrl = new Int32Array(b.ctrl);
const lrBox = new Float64Array(b.lr);
const [j0, j1] = share(n, parties, index);
const [i0, i1] = share(m, parties, index);

Atomics.add(ctrl, CTRL.ready, 1);
Atomics.notify(ctrl, CTRL.ready);
try {
  for (;;) {
    barrier(ctrl, parties);
    if (Atomics.load(ctrl, CTRL.cmd) === CMD_QUIT) break;
    const lr = lrBox[0]!;
    residualsRange(net, data, ws, j0, j1);
    barrier(ctrl, parties);
    gradientRange(net, data, ws, lr, i0, i1);
    barrier(ctrl, parties);
  }
} catch (e) {
  // Release the main thread (it would wait at the next barrier for ever); it throws a clear error.
  signalFailure(ctrl);
  throw e;
}
