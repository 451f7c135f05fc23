/**
 * Full-batch gradient descent in float64 (MODEL.md §7): the ground truth the exact predictions are
 * checked against. Time is reported in MODEL.md §10's units, τ = t / log(1/ε), t = step·η.
 *
 * The loop itself is `gdStep` (gradient.ts); around it, once per block of the thinned curve only:
 * curve records, growth tracking (a (sign, face) cluster's mass crossing `growthMass`), progress.
 * Snapshots (copies of the network) are taken at requested τ and at the first growth event; the
 * latter is "the end of the first alignment phase" that `verify` compares with the extremal vectors.
 */
import { clusterByFace, carriers, type FaceOptions } from "./clusters";
import { makeCurve, pushRecord, type Curve } from "./curve";
import { gdStep, residualLoss, type Workspace } from "./gradient";
import { initNetwork, type InitKind } from "./init";
import { cloneNetwork, type GdData, type Network } from "./network";
import { makeThreadedWorkspace, threadCount, type Threads } from "./threads";

export interface TrainSettings {
  width: number;
  /** ε, 0 < ε < 1. */
  initScale: number;
  /** η. */
  lr: number;
  steps: number;
  seed: number;
  init?: InitKind;
  /** Leaky slope α (default 0: ReLU). */
  leaky?: number;
}

export interface TrainOptions extends TrainSettings {
  /** Bound on the thinned curve's size (default 2000 blocks). */
  maxRecords?: number;
  /** τ values at which to copy the network (taken at the first step with τ ≥ value). */
  snapshotTaus?: readonly number[];
  /** Cluster mass Σ|w_i|² that counts as grown (default 1e-2 · max|y| / max|x̃|, a neuron's natural size). */
  growthMass?: number;
  /** Face tolerance for the growth tracking. */
  face?: FaceOptions;
  /** Called once per block with the step reached. */
  onProgress?: (step: number) => void;
  /** Called once per block with the network (do not keep it: it moves on; clone it). */
  onBlock?: (step: number, tau: number, loss: number, net: Network) => void;
  /** Start from this network instead of initializing one (it is copied). */
  start?: Network;
  /**
   * Threads for the steps (default "auto": 2 when m·n ≥ THREADS_MIN_WORK and 2 cores exist).
   * The result has the same bits whatever the choice (threads.ts).
   */
  threads?: Threads;
}

export interface Snapshot {
  step: number;
  tau: number;
  loss: number;
  net: Network;
}

/** A (sign, face) cluster's mass crossed growthMass for the first time. */
export interface GrowthEvent {
  step: number;
  tau: number;
  loss: number;
  sign: 1 | -1;
  face: string;
  mass: number;
  direction: number[];
  /** The neurons of the group at that moment (follow them back through snapshots). */
  members: number[];
}

export interface TrainResult {
  settings: Required<TrainSettings>;
  /** log(1/ε): the τ unit in steps is this / η. */
  logInvEps: number;
  net: Network;
  curve: Curve;
  snapshots: Snapshot[];
  growth: GrowthEvent[];
  /** The network at the first growth event (end of the first alignment phase), if one happened. */
  alignment?: Snapshot;
  finalLoss: number;
  /** Steps actually run (fewer than asked only on divergence). */
  stepsRun: number;
  /** Set when the loss became non-finite (step size too large). */
  diverged?: { step: number };
  growthMass: number;
}

function naturalScale(data: GdData): number {
  let ymax = 0;
  let xmax = 0;
  for (let j = 0; j < data.n; j++) {
    ymax = Math.max(ymax, Math.abs(data.y[j]!));
    let x2 = 0;
    for (let k = 0; k < data.d1; k++) x2 += data.X[j * data.d1 + k]! ** 2;
    xmax = Math.max(xmax, Math.sqrt(x2));
  }
  return ymax > 0 ? ymax / xmax : 1;
}

const cos = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, k) => s + v * b[k]!, 0);

/** Whether the neurons `idx` of one sign of c have Σ|w_i|² ≥ mass (summed as clusterByFace sums). */
function massReaches(net: Network, idx: readonly number[], mass: number): boolean {
  const { d1, w, c } = net;
  let pos = 0, neg = 0;
  for (const i of idx) {
    for (let k = 0; k < d1; k++) {
      const wk = w[i * d1 + k]!;
      if (c[i]! > 0) pos += wk * wk;
      else neg += wk * wk;
    }
  }
  return pos >= mass || neg >= mass;
}

export function train(data: GdData, opts: TrainOptions): TrainResult {
  const settings: Required<TrainSettings> = {
    width: opts.width,
    initScale: opts.initScale,
    lr: opts.lr,
    steps: opts.steps,
    seed: opts.seed,
    init: opts.init ?? "balanced",
    leaky: opts.leaky ?? 0,
  };
  const net = opts.start
    ? cloneNetwork(opts.start)
    : initNetwork(data.d1, { width: settings.width, scale: settings.initScale, seed: settings.seed, init: settings.init, alpha: settings.leaky });
  // Workers stop when training ends, also on an exception (a callback's).
  const ws = makeThreadedWorkspace(net, data, threadCount(opts.threads ?? "auto", net.m, data.n));
  try {
    return run(data, opts, settings, net, ws);
  } finally {
    ws.close();
  }
}

function run(data: GdData, opts: TrainOptions, settings: Required<TrainSettings>, net: Network, ws: Workspace): TrainResult {
  const { lr, steps, initScale } = settings;
  const logInvEps = Math.log(1 / initScale);
  const tauOf = (step: number) => (step * lr) / logInvEps;
  const curve = makeCurve(steps, opts.maxRecords ?? 2000);
  const growthMass = opts.growthMass ?? 1e-2 * naturalScale(data);
  const snapSteps = [...(opts.snapshotTaus ?? [])]
    .map((tau) => Math.max(0, Math.ceil((tau * logInvEps) / lr)))
    .sort((a, b) => a - b);
  let nextSnap = 0;
  const snapshots: Snapshot[] = [];
  const growth: GrowthEvent[] = [];
  let alignment: Snapshot | undefined;

  let blockFirst = 0, blockMin = Infinity, blockMax = -Infinity, blockSum = 0, blockStart = 0;
  let diverged: { step: number } | undefined;
  let step = 0;
  for (; step < steps; step++) {
    const takeSnap = nextSnap < snapSteps.length && snapSteps[nextSnap] === step;
    const copy = takeSnap ? cloneNetwork(net) : undefined;
    const loss = gdStep(net, data, ws, lr);
    if (!Number.isFinite(loss)) {
      diverged = { step };
      break;
    }
    while (copy && nextSnap < snapSteps.length && snapSteps[nextSnap] === step) {
      snapshots.push({ step, tau: tauOf(step), loss, net: copy });
      nextSnap++;
    }
    if (step === blockStart) blockFirst = loss;
    if (loss < blockMin) blockMin = loss;
    if (loss > blockMax) blockMax = loss;
    blockSum += loss;
    const end = step + 1;
    if (end % curve.every === 0 || end === steps) {
      pushRecord(curve, blockStart, tauOf(blockStart), blockFirst, blockMin, blockMax, blockSum / (end - blockStart));
      // Growth tracking on the neurons already above the mass threshold (few: cheap).
      // A group of up to m neurons can reach growthMass together, so members need only growthMass / m.
      const big = carriers(net, { carryRelative: 0, minMass: growthMass / net.m });
      // No cluster can reach growthMass while each sign's total does not: skip the faces then. (The
      // totals add the same squares in the same order as the clusters' masses, a superset of each.)
      if (!massReaches(net, big, growthMass)) big.length = 0;
      let lossNow = NaN; // the loss at step `end` (the network after the update), computed only for events
      for (const cl of clusterByFace(net, data, opts.face ?? {}, big)) {
        if (cl.mass < growthMass) continue;
        const known = growth.some((g) => g.sign === cl.sign && (g.face === cl.face || cos(g.direction, cl.direction) > 0.999));
        if (known) continue;
        if (Number.isNaN(lossNow)) lossNow = residualLoss(net, data, ws);
        if (growth.length === 0) alignment = { step: end, tau: tauOf(end), loss: lossNow, net: cloneNetwork(net) };
        growth.push({ step: end, tau: tauOf(end), loss: lossNow, sign: cl.sign, face: cl.face, mass: cl.mass, direction: cl.direction, members: cl.members });
      }
      opts.onBlock?.(end, tauOf(end), loss, net);
      opts.onProgress?.(end);
      blockStart = end;
      blockMin = Infinity;
      blockMax = -Infinity;
      blockSum = 0;
    }
  }
  const finalLoss = residualLoss(net, data, ws);
  if (!diverged) pushRecord(curve, step, tauOf(step), finalLoss, finalLoss, finalLoss, finalLoss);
  return {
    settings,
    logInvEps,
    net,
    curve,
    snapshots,
    growth,
    alignment,
    finalLoss,
    stepsRun: step,
    diverged,
    growthMass,
  };
}
