/**
 * Discrete gradient descent does not conserve the balance |w_i|² − c_i² (= 4·P·N, MODEL.md §2):
 * one step w' = w − η c D, c' = c − η H (D = D_r(w), H = ⟨w, D⟩) changes it by exactly
 * η²(c²|D|² − H²), the first-order terms cancelling. This is the O(η) feed of the other mode
 * that docs/limit.md measures; here the identity is checked on the trainer's own step against
 * D and H computed independently from the residual before the step.
 */
import test from "ava";
import { gdDataOf, gdStep, makeRng, makeWorkspace, predict, type Network } from "@qrelu/gd";

function fixture(balanced: boolean) {
  const r = makeRng(11);
  const xs = Array.from({ length: 7 }, () => [r.normal(), r.normal()]);
  const ys = xs.map(() => r.normal());
  const m = 6;
  const w = Float64Array.from({ length: m * 3 }, () => r.normal());
  const c = Float64Array.from({ length: m }, (_, i) => {
    const norm = Math.hypot(w[i * 3]!, w[i * 3 + 1]!, w[i * 3 + 2]!);
    return balanced ? (i % 2 ? norm : -norm) : r.normal();
  });
  const net: Network = { m, d1: 3, w, c, alpha: 0 };
  return { net, data: gdDataOf(xs, ys) };
}

/** Per neuron: |w|² − c², and the predicted change η²(c²|D|² − H²) from the residual before the step. */
function balanceAndDrift(net: Network, data: ReturnType<typeof gdDataOf>, lr: number) {
  const f = predict(net, data);
  const res = Array.from(f, (v, j) => v - data.y[j]!);
  return Array.from({ length: net.m }, (_, i) => {
    const w = net.w.subarray(i * 3, i * 3 + 3);
    const D = [0, 0, 0];
    for (let j = 0; j < data.n; j++) {
      const x = data.X.subarray(j * 3, j * 3 + 3);
      if (w[0]! * x[0]! + w[1]! * x[1]! + w[2]! * x[2]! > 0) for (let k = 0; k < 3; k++) D[k]! += res[j]! * x[k]!;
    }
    const H = w[0]! * D[0]! + w[1]! * D[1]! + w[2]! * D[2]!;
    const c = net.c[i]!;
    const w2 = w[0]! ** 2 + w[1]! ** 2 + w[2]! ** 2;
    return { balance: w2 - c * c, drift: lr * lr * (c * c * (D[0]! ** 2 + D[1]! ** 2 + D[2]! ** 2) - H * H), scale: w2 + c * c };
  });
}

for (const balanced of [false, true]) {
  test(`one step changes |w|² − c² by exactly η²(c²|D|² − H²) (${balanced ? "balanced" : "independent"} neurons)`, (t) => {
    const { net, data } = fixture(balanced);
    const lr = 0.05;
    const before = balanceAndDrift(net, data, lr);
    gdStep(net, data, makeWorkspace(net.m, data.n, data.d1), lr);
    const after = balanceAndDrift(net, data, lr);
    let moved = 0;
    for (let i = 0; i < net.m; i++) {
      const change = after[i]!.balance - before[i]!.balance;
      // Rounding: a few ulps of the squares involved.
      t.true(Math.abs(change - before[i]!.drift) <= 1e-12 * (before[i]!.scale + after[i]!.scale), `neuron ${i}: ${change} vs ${before[i]!.drift}`);
      if (Math.abs(before[i]!.drift) > 1e-6) moved++;
      // A balanced neuron (|c| = |w|) can only gain: c²|D|² − H² = c²(|D|² − ⟨ŵ, D⟩²) ≥ 0 (Cauchy–Schwarz).
      if (balanced) t.true(before[i]!.drift >= -1e-15 * before[i]!.scale);
    }
    t.true(moved >= 3, "the fixture must exercise the drift, not only dead neurons");
  });
}
