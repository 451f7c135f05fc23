/**
 * The models `qrelu fidelity` compares with gradient descent: a registry, name → predictor, so
 * that a new predictor is one entry. A predictor gets the data set and the context (run A's ε,
 * the horizon) and returns a loss curve over τ (a `Trace`) and its plateaus (for the issue's
 * sequence rule). All plain data: reports cross worker threads.
 */
import { formatQ, toFloat, type DataSet } from "@qrelu/core";
import { greedy } from "@qrelu/greedy";
import type { Trace } from "./curve-match";
import { halfSquares, predictLimit, type InitKind } from "./predict";
import { predictReduced } from "./reduced";

export interface ModelContext {
  /** ε of the reference run (run A): near ties are taken at it. */
  eps: number;
  /** The reference run's horizon in τ: a predictor may stop once its clock passes it. */
  horizon: number;
  predictorInit: InitKind;
  /** Run A's step η (for `reduced-eta`; absent: REFERENCE_LR, the default spec's run A). */
  lr?: number;
  /** The trainer's width (`reduced-eta` and `reduced-gd` stand for it when given; absent: not passed on). */
  width?: number;
  /** The trainer's start (`reduced-gd` stands for it; absent: balanced, the trainer's default). */
  gdInit?: "balanced" | "independent";
}

/** Run A's η in the default fidelity spec: `reduced-eta` assumes it when the context does not say. */
export const REFERENCE_LR = 2e-3;

export interface ModelPlateau {
  /** Start of the plateau in τ. */
  tau: number;
  loss: number;
  /** Exact loss "p/q", when known. */
  exact?: string;
}

export interface ModelOutput {
  trace: Trace;
  plateaus: ModelPlateau[];
  /** Why the predictor stopped. */
  stopped: string;
}

export interface ModelEntry {
  name: string;
  about: string;
  /** Input dimensions it handles; on others its verdict is "n/a". */
  dims: readonly number[];
  predict(ds: DataSet, ctx: ModelContext): ModelOutput;
}

/** Plateaus as a step function; a predictor cut by its own step limit is not extended past its last plateau. */
export function stepsTrace(plateaus: readonly ModelPlateau[], open: boolean): Trace {
  const tau = plateaus.map((p) => p.tau);
  return { kind: "steps", tau, loss: plateaus.map((p) => p.loss), ...(open ? {} : { end: tau[tau.length - 1] ?? 0 }) };
}

class PastHorizon extends Error {}

/**
 * The frozen greedy of MODEL.md §5 with a memoryless clock: neuron k grows Δτ = 1/rate_k after
 * neuron k − 1, rate_k = √rate²_k (the exact rate² as a float) — every population starting again
 * from ℓ = −1 on each plateau, the clock §10 says gradient descent does not follow. It stops once
 * the clock passes the horizon.
 */
function greedyModel(ds: DataSet, ctx: ModelContext): ModelOutput {
  const L0 = halfSquares(ds.y);
  const plateaus: ModelPlateau[] = [{ tau: 0, loss: toFloat(L0), exact: formatQ(L0) }];
  let tau = 0;
  let stopped: string;
  try {
    const res = greedy(ds, {
      maxNeurons: 200,
      onStep: (st) => {
        tau += 1 / Math.sqrt(toFloat(st.chosen.rate2));
        plateaus.push({ tau, loss: toFloat(st.loss), exact: formatQ(st.loss) });
        if (tau > ctx.horizon) throw new PastHorizon();
      },
    });
    stopped = res.stopped;
  } catch (e) {
    if (!(e instanceof PastHorizon)) throw e;
    stopped = "horizon";
  }
  return { trace: stepsTrace(plateaus, stopped !== "max-neurons"), plateaus, stopped };
}

function limitModel(nearTies: boolean) {
  return (ds: DataSet, ctx: ModelContext): ModelOutput => {
    const res = predictLimit(ds, { maxSteps: 60, init: ctx.predictorInit, eps: ctx.eps, nearTies });
    const plateaus = res.plateaus.map((p) => ({ tau: p.tauBig.toNumber(), loss: p.lossFloat, ...(p.loss ? { exact: formatQ(p.loss) } : {}) }));
    return { trace: stepsTrace(plateaus, res.stopped !== "max-steps"), plateaus, stopped: res.stopped };
  };
}

/**
 * The reduced network of §10 step 6 at run A's ε: its sampled loss curve, linear between samples;
 * after the last sample the loss holds (for ever when it stopped at zero loss, without growth or
 * past the horizon; not at all when a work or step limit cut it).
 */
function reducedModel(eta: boolean) {
  return (ds: DataSet, ctx: ModelContext): ModelOutput => reducedOutput(ds, ctx, eta ? runStep(ctx) : {});
}

/** The reduced network of the run itself: run A's step and the trainer's width and start (docs/limit.md, "Gradient descent's own network"). */
function reducedGdModel(ds: DataSet, ctx: ModelContext): ModelOutput {
  return reducedOutput(ds, ctx, { ...runStep(ctx), init: ctx.gdInit ?? "balanced" });
}

/** Run A's step η and, when the context gives it, the trainer's width. */
function runStep(ctx: ModelContext): { lr: number; width?: number } {
  return { lr: ctx.lr ?? REFERENCE_LR, ...(ctx.width !== undefined ? { width: ctx.width } : {}) };
}

/** `reduced-eta` also stands for the trainer's width when the context gives it (measured: docs/limit.md, "Discrete steps"). */
function reducedOutput(ds: DataSet, ctx: ModelContext, extra: { lr?: number; width?: number; init?: "balanced" | "independent" }): ModelOutput {
  const res = predictReduced(ds, { eps: ctx.eps, maxTau: ctx.horizon, maxSteps: 60, ...extra });
  const plateaus = res.plateaus.map((p) => ({ tau: p.tauFloat, loss: p.lossFloat, ...(p.loss ? { exact: formatQ(p.loss) } : {}) }));
  const open = res.stopped !== "max-steps" && res.stopped !== "flow-limit";
  // The curve is thinned; a plateau is flat from its τ to the next transit by definition, so its
  // two ends are added (the thinning need not have kept them).
  const pts = [...res.curve, ...res.plateaus.flatMap((p) => [{ tau: p.tauFloat, loss: p.lossFloat }, ...(p.tauEnd === null ? [] : [{ tau: p.tauEnd, loss: p.lossFloat }])])];
  pts.sort((a, b) => a.tau - b.tau);
  const trace: Trace = { kind: "linear", tau: pts.map((p) => p.tau), loss: pts.map((p) => p.loss), ...(open ? { end: Infinity } : {}) };
  return { trace, plateaus, stopped: res.stopped };
}

export const FIDELITY_MODELS: readonly ModelEntry[] = [
  { name: "greedy", about: "frozen greedy (§5), memoryless clock τ_k = τ_{k−1} + 1/rate_k", dims: [1, 2], predict: greedyModel },
  { name: "limit", about: "saddle-to-saddle limit (§10), ε → 0", dims: [1], predict: limitModel(false) },
  { name: "limit-ties", about: "§10 with near ties at run A's ε", dims: [1], predict: limitModel(true) },
  { name: "reduced", about: "reduced network (§10 step 6) at run A's ε, its sampled curve", dims: [1, 2], predict: reducedModel(false) },
  { name: "reduced-eta", about: "the same with run A's step η (--lr: the discrete steps' balance drift)", dims: [1, 2], predict: reducedModel(true) },
  { name: "reduced-gd", about: "the same with run A's step, width and start (balanced: both signs per direction)", dims: [1, 2], predict: reducedGdModel },
];

export function modelNamed(name: string): ModelEntry | undefined {
  return FIDELITY_MODELS.find((m) => m.name === name);
}
