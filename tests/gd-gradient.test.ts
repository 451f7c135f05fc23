import test from "ava";
import { gdDataOf, gdStep, lossAndGradient, lossOf, makeRng, makeWorkspace, type Network } from "@qrelu/gd";

/** A small random network on random 2-D data (seeded), for finite differences. */
function fixture(alpha: number): { net: Network; data: ReturnType<typeof gdDataOf> } {
  const r = makeRng(7);
  const xs = Array.from({ length: 6 }, () => [r.normal(), r.normal()]);
  const ys = xs.map(() => r.normal());
  const m = 5;
  const net: Network = {
    m,
    d1: 3,
    w: Float64Array.from({ length: m * 3 }, () => r.normal()),
    c: Float64Array.from({ length: m }, () => r.normal()),
    alpha,
  };
  return { net, data: gdDataOf(xs, ys) };
}

for (const alpha of [0, 0.1]) {
  test(`gradient equals central finite differences (${alpha ? `leaky α = ${alpha}` : "ReLU"})`, (t) => {
    const { net, data } = fixture(alpha);
    // Finite differences are only valid away from kinks: every z_ij must be far from 0.
    for (let i = 0; i < net.m; i++)
      for (let j = 0; j < data.n; j++) {
        let z = 0;
        for (let k = 0; k < 3; k++) z += net.w[i * 3 + k]! * data.X[j * 3 + k]!;
        t.true(Math.abs(z) > 1e-3, "fixture point on a kink");
      }
    const ws = makeWorkspace(net.m, data.n, data.d1);
    const L = lossAndGradient(net, data, ws);
    t.true(Math.abs(L - lossOf(net, data)) <= 1e-12 * L);
    const h = 1e-6;
    const fd = (arr: Float64Array, k: number) => {
      const v = arr[k]!;
      arr[k] = v + h;
      const up = lossOf(net, data);
      arr[k] = v - h;
      const down = lossOf(net, data);
      arr[k] = v;
      return (up - down) / (2 * h);
    };
    for (let i = 0; i < net.m; i++) {
      const g = fd(net.c, i);
      t.true(Math.abs(g - ws.gc[i]!) <= 1e-6 * (1 + Math.abs(g)), `dL/dc_${i}: fd ${g} vs ${ws.gc[i]}`);
    }
    for (let k = 0; k < net.w.length; k++) {
      const g = fd(net.w, k);
      t.true(Math.abs(g - ws.gw[k]!) <= 1e-6 * (1 + Math.abs(g)), `dL/dw[${k}]: fd ${g} vs ${ws.gw[k]}`);
    }
  });
}

test("gradient by hand: one neuron, one point", (t) => {
  // w = (1, 0), c = 2, x = 1, y = 0: z = 1, f = 2, r = 2, L = 2; ∂L/∂c = r·z = 2; ∂L/∂w = c·r·x̃ = (4, 4).
  const data = gdDataOf([[1]], [0]);
  const net: Network = { m: 1, d1: 2, w: Float64Array.of(1, 0), c: Float64Array.of(2), alpha: 0 };
  const ws = makeWorkspace(1, 1, 2);
  t.is(lossAndGradient(net, data, ws), 2);
  t.deepEqual([...ws.gc], [2]);
  t.deepEqual([...ws.gw], [4, 4]);
  // Inactive with leaky slope 1/4 at x = −2: z = −2, act = −1/2, f = −1, r = −1, L = 1/2;
  // ∂L/∂c = r·act(z) = 1/2; ∂L/∂w = c·r·α·x̃ = 2·(−1)·(1/4)·(−2, 1) = (1, −1/2).
  const leaky: Network = { ...net, w: Float64Array.of(1, 0), alpha: 0.25 };
  t.is(lossAndGradient(leaky, gdDataOf([[-2]], [0]), ws), 0.5);
  t.deepEqual([...ws.gc], [0.5]);
  t.deepEqual([...ws.gw], [1, -0.5]);
});

test("a step moves every parameter by −η·gradient (simultaneous update)", (t) => {
  const { net, data } = fixture(0);
  const ws = makeWorkspace(net.m, data.n, data.d1);
  lossAndGradient(net, data, ws);
  const eta = 1e-2;
  const wantC = net.c.map((v, i) => v - eta * ws.gc[i]!);
  const wantW = net.w.map((v, k) => v - eta * ws.gw[k]!);
  gdStep(net, data, ws, eta);
  t.deepEqual([...net.c], [...wantC]);
  t.deepEqual([...net.w], [...wantW]);
});

test("the generated unrolled pass (few points) gives the same bits as the loops", (t) => {
  for (const [d, alpha] of [[1, 0], [2, 0.1]] as const) {
    const r = makeRng(11 + d);
    const xs = Array.from({ length: 7 }, () => Array.from({ length: d }, () => r.normal()));
    const data = gdDataOf(xs, xs.map(() => r.normal()));
    const m = 33;
    const a: Network = {
      m,
      d1: d + 1,
      w: Float64Array.from({ length: m * (d + 1) }, () => 0.1 * r.normal()),
      c: Float64Array.from({ length: m }, () => 0.1 * r.normal()),
      alpha,
    };
    const b: Network = { ...a, w: a.w.slice(), c: a.c.slice() };
    const wsA = makeWorkspace(m, data.n, data.d1, true);
    const wsB = makeWorkspace(m, data.n, data.d1, false);
    for (let s = 0; s < 300; s++) t.is(gdStep(a, data, wsA, 0.05), gdStep(b, data, wsB, 0.05));
    t.deepEqual([...a.w], [...b.w]);
    t.deepEqual([...a.c], [...b.c]);
    t.deepEqual([...wsA.gw], [...wsB.gw]);
  }
});
