/**
 * `qrelu limit` (the saddle-to-saddle predictor, 1-D) on sets of 8, 50, 200 and 500 points, beside
 * the time gradient descent (@qrelu/gd, width 500, ε = 1e−40, η = 1e−3, balanced start) needs to
 * reach the predictor's final plateau (loss within 1 %). Up to 200 points the reduced network of
 * that gradient descent (`predictReduced` with its ε, η, width and balanced start: fidelity's
 * reduced-gd) runs too, and gradient descent's time to its final plateau is reported as well. One gradient-descent run per set: it stops once it has reached
 * every target, else at τ = 1.2·(the latest predicted final τ) + 0.1, and then reports the τ it
 * reached and its loss there.
 * Data: a hat target y = relu(x+1) − 2·relu(x) + relu(x−1) plus seeded noise of ±1/8 on a grid
 * in [−2, 2], so the limit has a few plateaus and then stops.
 */
import { makeDataSet, type DataSet } from "@qrelu/core";
import { toGdData, train } from "@qrelu/gd";
import { predictLimit, predictReduced, REDUCED_LIMITS } from "@qrelu/limit";
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

const EPS = 1e-40, LR = 1e-3, WIDTH = 500, BLOCK = 50;

interface Reach {
  step: number;
  tau: number;
  seconds: number;
}

/** Gradient descent until its loss is within 1 % of every target (or τ reaches tauMax). */
function gdToPlateaus(ds: DataSet, targets: readonly number[], tauMax: number) {
  const L = Math.log(1 / EPS);
  const steps = Math.ceil((tauMax * L) / LR);
  const reached: (Reach | null)[] = targets.map(() => null);
  let last = { step: 0, tau: 0, loss: NaN };
  const done = new Error("all targets reached");
  const t0 = performance.now();
  try {
    train(toGdData(ds), {
      width: WIDTH,
      initScale: EPS,
      lr: LR,
      steps,
      seed: 1,
      maxRecords: Math.ceil(steps / BLOCK),
      onBlock: (step, tau, loss) => {
        last = { step, tau, loss };
        targets.forEach((target, i) => {
          if (!reached[i] && Math.abs(loss - target) <= 0.01 * target + 1e-9) reached[i] = { step, tau, seconds: (performance.now() - t0) / 1000 };
        });
        // Stop once every target is reached (train's workers stop on a callback's exception).
        if (reached.every((r) => r !== null)) throw done;
      },
    });
  } catch (e) {
    if (e !== done) throw e;
  }
  return { reached, last, steps, seconds: (performance.now() - t0) / 1000 };
}

/** "seconds@τ(steps)" when reached, else "no(τ reached:loss there)". */
const gdLine = (r: Reach | null, last: { tau: number; loss: number }) =>
  r ? `${r.seconds.toFixed(1)}s@τ${r.tau.toFixed(3)}(${r.step}steps)` : `no(τ${last.tau.toFixed(2)}:loss${last.loss.toPrecision(5)})`;

export default defineWorkloads(
  [8, 50, 200, 500].map((n) => ({
    name: `limit d=1 n=${n} (beside gradient descent to the same final plateau)`,
    setup: () => hatSet(n, n),
    run: (prepared: unknown) => {
      const ds = prepared as DataSet;
      const t0 = performance.now();
      const res = predictLimit(ds, { maxSteps: 30 });
      const limitSeconds = (performance.now() - t0) / 1000;
      const final = res.plateaus.at(-1)!;
      const out: Record<string, string | number | boolean> = {
        limitSeconds: Number(limitSeconds.toFixed(2)),
        plateaus: res.plateaus.length,
        stopped: res.stopped,
        finalLoss: Number(final.lossFloat.toPrecision(5)),
        exact: final.exact,
        finalTau: Number(Number(final.tau).toFixed(4)),
      };
      const targets = [final.lossFloat];
      let tauMax = Number(final.tau);
      if (n <= REDUCED_LIMITS.maxPoints1d) {
        const t1 = performance.now();
        // the reduced network of this very gradient descent: its ε, step, width and balanced start
        const red = predictReduced(ds, { maxSteps: 30, eps: EPS, lr: LR, width: WIDTH, init: "balanced" });
        const rf = red.plateaus.at(-1)!;
        out.reducedSeconds = Number(((performance.now() - t1) / 1000).toFixed(2));
        out.reducedPlateaus = red.plateaus.length;
        out.reducedStopped = red.stopped;
        out.reducedFinalLoss = Number(rf.lossFloat.toPrecision(5));
        out.reducedRest = rf.exact ? "exact" : rf.pathDependent ? "path-dependent" : "float";
        out.reducedFinalTau = Number(rf.tauFloat.toFixed(4));
        targets.push(rf.lossFloat);
        tauMax = Math.max(tauMax, rf.tauFloat);
      }
      const gd = gdToPlateaus(ds, targets, 1.2 * tauMax + 0.1);
      out.gdToLimitFinal = gdLine(gd.reached[0]!, gd.last);
      if (targets.length > 1) out.gdToReducedFinal = gdLine(gd.reached[1]!, gd.last);
      out.gdSeconds = Number(gd.seconds.toFixed(1));
      return out;
    },
  })),
);
