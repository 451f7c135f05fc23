import test from "ava";
import {
  barrier,
  CTRL,
  signalFailure,
  gdDataOf,
  gdStep,
  makeRng,
  makeThreadedWorkspace,
  makeWorkspace,
  residualsRange,
  threadCount,
  THREADS_MIN_WORK,
  train,
  type Network,
} from "@qrelu/gd";

/** Random data and network; odd sizes so that the blocks of points and neurons leave remainders. */
function fixture(d: number, n: number, m: number, alpha: number, seed: number) {
  const r = makeRng(seed);
  const xs = Array.from({ length: n }, () => Array.from({ length: d }, () => r.normal()));
  const data = gdDataOf(xs, xs.map(() => r.normal()));
  const net: Network = {
    m,
    d1: d + 1,
    w: Float64Array.from({ length: m * (d + 1) }, () => 0.3 * r.normal()),
    c: Float64Array.from({ length: m }, () => 0.3 * r.normal()),
    alpha,
  };
  return { data, net };
}

const bits = (a: Float64Array) => [...new Uint32Array(a.slice().buffer)];

test("two threads give the same bits as one (every step's loss, then w, c and the gradient)", (t) => {
  for (const [d, n, m, alpha] of [[1, 7, 33, 0], [1, 203, 301, 0.1], [2, 201, 257, 0], [2, 13, 99, 0.2], [3, 50, 41, 0]] as const) {
    const { data, net: one } = fixture(d, n, m, alpha, 100 * d + n);
    const two: Network = { ...one, w: one.w.slice(), c: one.c.slice() };
    const ws1 = makeWorkspace(m, n, d + 1);
    const ws2 = makeThreadedWorkspace(two, data, 2);
    try {
      t.is(ws2.threads, 2, "the worker started");
      const lr = 0.05 / n; // small enough not to diverge (a NaN's bits are not compared meaningfully)
      for (let s = 0; s < 40; s++) t.is(gdStep(two, data, ws2, lr), gdStep(one, data, ws1, lr), `d=${d} n=${n} step ${s}`);
      t.true(Number.isFinite(gdStep(one, data, ws1, 0)) && Number.isFinite(gdStep(two, data, ws2, 0)));
    } finally {
      ws2.close();
    }
    t.deepEqual(bits(two.w), bits(one.w));
    t.deepEqual(bits(two.c), bits(one.c));
    t.deepEqual(bits(ws2.gw), bits(ws1.gw));
    t.deepEqual(bits(ws2.r), bits(ws1.r));
  }
});

test("first pass: points in blocks of four give the same bits as one point at a time", (t) => {
  for (const d of [1, 2, 3]) {
    const { data, net } = fixture(d, 23, 61, 0.1, 7 + d);
    const whole = makeWorkspace(net.m, data.n, data.d1);
    const single = makeWorkspace(net.m, data.n, data.d1);
    const L = residualsRange(net, data, whole, 0, data.n);
    let L1 = 0;
    for (let j = 0; j < data.n; j++) L1 += residualsRange(net, data, single, j, j + 1);
    t.is(L, L1);
    t.deepEqual(bits(whole.r), bits(single.r));
  }
});

test("train: threads 1, 2 and auto give the same network and curve; auto picks 2 only for large m·n", (t) => {
  const r = makeRng(3);
  const xs = Array.from({ length: 60 }, () => [2 * r.uniform() - 1, 2 * r.uniform() - 1]);
  const data = gdDataOf(xs, xs.map(([a, b]) => Math.sin(3 * a!) + b! * b!));
  const opts = { width: 500, initScale: 1e-3, lr: 2e-3, steps: 300, seed: 4, maxRecords: 50 };
  const a = train(data, { ...opts, threads: 1 });
  const b = train(data, { ...opts, threads: 2 });
  t.deepEqual(bits(b.net.w), bits(a.net.w));
  t.deepEqual(bits(b.net.c), bits(a.net.c));
  t.deepEqual(b.curve, a.curve);
  t.is(b.finalLoss, a.finalLoss);
  t.is(threadCount("auto", 100, 5), 1);
  t.is(threadCount(1, 1e6, 1e6), 1);
  t.is(threadCount(2, 1, 1), 2);
  t.true(THREADS_MIN_WORK >= 10_000);
});

test("a worker's failure releases the barrier: the waiting thread throws instead of waiting for ever", (t) => {
  const ctrl = new Int32Array(new SharedArrayBuffer(4 * CTRL.size));
  // As a worker whose step threw does (threads-worker.ts); the other party never arrives.
  signalFailure(ctrl);
  t.throws(() => barrier(ctrl, 2), { message: /step worker threw/ });
  t.throws(() => barrier(ctrl, 2), { message: /step worker threw/ });
});
