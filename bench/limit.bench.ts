/**
 * `qrelu limit` (the saddle-to-saddle predictor, 1-D) on sets of 8, 50 and 200 points, beside
 * the time gradient descent (@qrelu/gd, width 500, ε = 1e−40, balanced start) needs to reach
 * the predictor's final plateau (loss within 1 %), capped at 200,000 steps (η = 1e−3, τ ≤ 2.2).
 * Data: a hat target y = relu(x+1) − 2·relu(x) + relu(x−1) plus seeded noise of ±1/8 on a grid
 * in [−2, 2], so the limit has a few plateaus and then stops.
 */
import { makeDataSet, type DataSet } from "@qrelu/core";
import { toGdData, train } from "@qrelu/gd";
import { predictLimit } from "@qrelu/limit";
import { defineWorkloads, rng } from "./harness";

function hatSet(n: number, seed: number): DataSet {
  const r = rng(seed);
  const xs = Array.from({ length: n }, (_, i) => `${-200 * (n - 1) + 400 * i}/${100 * (n - 1)}`);
  const ys = xs.map((xt) => {
    const [p, q] = xt.split("/").map(Number) as [number, number];
    const x = p / q;
    const hat = Math.max(0, x + 1) - 2 * Math.max(0, x) + Math.max(0, x - 1);
    return `${Math.round(hat * 8) + Math.floor(r() * 3) - 1}/8`;
  });
  return makeDataSet(xs.map((x) => [x]), ys, `<hat-${n}>`);
}

const gdToPlateau = (ds: DataSet, target: number) => {
  const eps = 1e-40, lr = 1e-3;
  const steps = 200_000;
  let reached = -1;
  const t0 = performance.now();
  train(toGdData(ds), {
    width: 500,
    initScale: eps,
    lr,
    steps,
    seed: 1,
    onBlock: (step, _tau, loss) => {
      if (reached < 0 && Math.abs(loss - target) <= 0.01 * Math.max(target, 1e-9) + 1e-9) reached = step;
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  // Steps cost the same throughout: the time to the plateau is the share of the steps run.
  return { seconds: reached < 0 ? seconds : (seconds * reached) / steps, reached };
};

export default defineWorkloads(
  [8, 50, 200].map((n) => ({
    name: `limit d=1 n=${n} (beside gradient descent to the same final plateau)`,
    setup: () => hatSet(n, n),
    run: (prepared: unknown) => {
      const ds = prepared as DataSet;
      const t0 = performance.now();
      const res = predictLimit(ds, { maxSteps: 30 });
      const limitSeconds = (performance.now() - t0) / 1000;
      const final = res.plateaus.at(-1)!;
      const gd = gdToPlateau(ds, final.lossFloat);
      return {
        limitSeconds: Number(limitSeconds.toFixed(2)),
        plateaus: res.plateaus.length,
        stopped: res.stopped,
        finalLoss: Number(final.lossFloat.toPrecision(5)),
        exact: final.exact,
        gdSecondsToPlateau: Number(gd.seconds.toFixed(1)),
        gdStepsToPlateau: gd.reached < 0 ? "not reached in 200000" : gd.reached,
      };
    },
  })),
);
