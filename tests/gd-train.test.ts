import test from "ava";
import { exampleDataSet } from "@qrelu/core";
import { gdStep, initNetwork, lossAndGradient, makeRng, makeWorkspace, massOf, toGdData, train, type Network } from "@qrelu/gd";

const worked = toGdData(exampleDataSet("worked")!);
const balance = (net: Network) => Array.from({ length: net.m }, (_, i) => massOf(net, i) - net.c[i]! ** 2);

test("balanced start: |w_i| = |c_i| = ε, both signs; independent start: entries of scale ε", (t) => {
  const eps = 1e-12;
  const net = initNetwork(3, { width: 2000, scale: eps, seed: 3 });
  let pos = 0;
  for (let i = 0; i < net.m; i++) {
    t.true(Math.abs(Math.sqrt(massOf(net, i)) / eps - 1) < 1e-15);
    t.is(Math.abs(net.c[i]!), eps);
    if (net.c[i]! > 0) pos++;
  }
  t.true(pos > 900 && pos < 1100, `${pos} positive of 2000`);
  // Independent: E[c²] = ε², E|w|² = 3ε²; 2000 draws put the sample means within 10 %.
  const ind = initNetwork(3, { width: 2000, scale: eps, seed: 3, init: "independent" });
  const mc = ind.c.reduce((s, v) => s + v * v, 0) / 2000 / eps ** 2;
  const mw = ind.w.reduce((s, v) => s + v * v, 0) / 2000 / eps ** 2;
  t.true(Math.abs(mc - 1) < 0.1, `E c² = ${mc} ε²`);
  t.true(Math.abs(mw - 3) < 0.3, `E |w|² = ${mw} ε²`);
});

test("rng: uniforms in [0, 1) and normals with mean ≈ 0, variance ≈ 1", (t) => {
  const r = makeRng(42);
  let s = 0, s2 = 0, umin = 1, umax = 0;
  const N = 20000;
  for (let k = 0; k < N; k++) {
    const u = r.uniform();
    umin = Math.min(umin, u);
    umax = Math.max(umax, u);
    const g = r.normal();
    s += g;
    s2 += g * g;
  }
  t.true(umin >= 0 && umax < 1);
  t.true(Math.abs(s / N) < 0.03);
  t.true(Math.abs(s2 / N - 1) < 0.05);
});

for (const alpha of [0, 0.2]) {
  test(`balance |w|² − c² : one step changes it by exactly η²(|∂L/∂w|² − (∂L/∂c)²), drift ∝ η (${alpha ? "leaky" : "ReLU"})`, (t) => {
    // Per step: |w − η c G|² − (c − η⟨w, G⟩)² = |w|² − c² + η²(c²|G|² − ⟨w,G⟩²): the first-order terms
    // cancel because ∂L/∂c = ⟨w, G⟩ (act is positively homogeneous, also when leaky). So the drift over
    // a fixed time t is Σ η² (…) = η ∫ (…) dt: halving η halves it (gradient flow conserves it exactly).
    const start = initNetwork(2, { width: 40, scale: 0.3, seed: 5, alpha });
    const net: Network = { ...start, w: start.w.slice(), c: start.c.slice() };
    const ws = makeWorkspace(net.m, worked.n, 2);
    const b0 = balance(net);
    lossAndGradient(net, worked, ws);
    const eta = 1e-2;
    const predicted = Array.from({ length: net.m }, (_, i) => eta ** 2 * (ws.gw[2 * i]! ** 2 + ws.gw[2 * i + 1]! ** 2 - ws.gc[i]! ** 2));
    gdStep(net, worked, ws, eta);
    const b1 = balance(net);
    for (let i = 0; i < net.m; i++) t.true(Math.abs(b1[i]! - b0[i]! - predicted[i]!) < 1e-15, `neuron ${i}`);

    const drift = (lr: number) => {
      const res = train(worked, { width: 40, initScale: 0.3, lr, steps: Math.round(1 / lr), seed: 5, leaky: alpha });
      const b = balance(res.net);
      return Math.max(...b.map((v, i) => Math.abs(v - b0[i]!)));
    };
    const d1 = drift(2e-3);
    const d2 = drift(1e-3);
    t.true(d1 > 0 && d1 < 1e-2, `drift ${d1}`);
    t.true(d1 / d2 > 1.8 && d1 / d2 < 2.2, `drift ratio ${d1 / d2} (expected 2)`);
  });
}

test("same seed → identical bits; another seed → another network", (t) => {
  const opts = { width: 300, initScale: 1e-6, lr: 2e-3, steps: 500, seed: 9 };
  const a = train(worked, opts);
  const b = train(worked, opts);
  const c = train(worked, { ...opts, seed: 10 });
  const bits = (x: Float64Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  t.true(bits(a.net.w).equals(bits(b.net.w)));
  t.true(bits(a.net.c).equals(bits(b.net.c)));
  t.true(bits(a.curve.mean.subarray(0, a.curve.length)).equals(bits(b.curve.mean.subarray(0, b.curve.length))));
  t.false(bits(a.net.w).equals(bits(c.net.w)));
});

test("thinned curve: bounded, in τ = step·η/log(1/ε), block bands hold the block's first loss", (t) => {
  const eps = 1e-4;
  const res = train(worked, { width: 100, initScale: eps, lr: 5e-3, steps: 1003, seed: 1, maxRecords: 50 });
  const cv = res.curve;
  t.true(cv.length <= 52);
  t.is(cv.every, 21); // ceil(1003 / 50)
  for (let k = 0; k < cv.length; k++) {
    t.is(cv.tau[k], (cv.step[k]! * 5e-3) / Math.log(1 / eps));
    t.true(cv.min[k]! <= cv.loss[k]! && cv.loss[k]! <= cv.max[k]!);
    t.true(cv.min[k]! <= cv.mean[k]! && cv.mean[k]! <= cv.max[k]!);
  }
  t.is(cv.step[cv.length - 1], 1003);
  t.is(cv.loss[cv.length - 1], res.finalLoss);
});

test("snapshots at requested τ and divergence is reported, not thrown", (t) => {
  const eps = 1e-3;
  const L = Math.log(1 / eps);
  const res = train(worked, { width: 20, initScale: eps, lr: 1e-2, steps: 400, seed: 2, snapshotTaus: [0, 0.1, 0.2] });
  t.deepEqual(
    res.snapshots.map((s) => s.step),
    [0, Math.ceil((0.1 * L) / 1e-2), Math.ceil((0.2 * L) / 1e-2)],
  );
  t.is(res.snapshots[0]!.net.c[0], initNetwork(2, { width: 20, scale: eps, seed: 2 }).c[0]);
  const bad = train(worked, { width: 20, initScale: 0.5, lr: 10, steps: 2000, seed: 2 });
  t.truthy(bad.diverged);
  t.true(bad.stepsRun < 2000);
});

test("worked example: the first group to grow sits on the fastest extremal vector (MODEL.md §4)", (t) => {
  // §4: the largest rate² (81/8) belongs to sign +1 on the ray with the kink at x = −1 facing right,
  // i.e. the face with ⟨w, x̃_j⟩ = 0 at x = −1 and > 0 for x > −1: "-0+++".
  const res = train(worked, { width: 300, initScale: 1e-6, lr: 2e-3, steps: 3000, seed: 4 });
  t.true(res.growth.length >= 1);
  t.is(res.growth[0]!.sign, 1);
  t.is(res.growth[0]!.face, "-0+++");
  t.truthy(res.alignment);
  t.is(res.alignment!.step, res.growth[0]!.step);
  t.true(res.growth[0]!.members.length > 0);
  for (const i of res.growth[0]!.members) t.true(res.alignment!.net.c[i]! > 0);
});
