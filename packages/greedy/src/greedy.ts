/**
 * The greedy construction of MODEL.md §5: add the fastest extremal vector of the current
 * residual as a neuron, refit, repeat.
 *
 * Tie rule (a single run must pick one): among the candidates of the largest rate², sign +1
 * before −1, then the primitive direction in increasing lexicographic order (bias last).
 * Every tied candidate is reported with the step; the enumeration branches on them.
 *
 * Dead neurons (output weight clamped to 0 by the refit) are kept as features: the next
 * refit optimizes every output weight again, and a dead one may revive. They contribute
 * nothing to the function and count toward --max-neurons (a neuron is a step).
 *
 * Why the same feature cannot be chosen twice: after an exact refit, KKT gives s·φᵀr ≥ 0
 * for every feature φ of sign s. An extremal vector u of sign s has −s·H_r(u) = |u|² > 0,
 * i.e. −s·φ_uᵀr > 0, so it is never a feature already present with that sign. A repeat
 * would be a bug (in the refit or the extremal vectors) and is raised as one, not looped on.
 */
import { reluSum, type DataSet, type Fraction, type ReluSum } from "@qrelu/core";
import { extremalVectors } from "./extremal";
import type { ExtremalOptions, ExtremalResult, ExtremalVector } from "./extremal-types";
import { compareRate2, lazy, positiveRate, type ResidualInput } from "./extremal-weights";
import { compareDirections, featureKey, fitData, isLive, type Feature, type FitData, type Neuron } from "./network";
import { frozen, type FitState, type RefitRule } from "./refit";

export type ExtremalFinder = (ds: DataSet, residual: ResidualInput) => ExtremalResult;

export type StopReason = "zero-loss" | "no-growth" | "max-neurons";

export const DEFAULT_MAX_NEURONS = 100;

export interface GreedyOptions {
  /** Stop after this many neurons (steps); default 100. */
  maxNeurons?: number;
  /** The refit rule; default `frozen` (the paper's model). */
  refit?: RefitRule;
  /** Options for the default extremal-vector finder (exact / search mode). */
  extremal?: ExtremalOptions;
  /** Replace the finder altogether (tests, other engines). */
  finder?: ExtremalFinder;
  /** Called after every step with the refit state (progress display, invariant checks). */
  onStep?: (step: GreedyStep, state: FitState) => void;
}

export interface GreedyStep {
  /** The extremal vector added. */
  chosen: ExtremalVector;
  /** Every candidate with the chosen rate² (chosen included); more than one entry is a tie. */
  ties: ExtremalVector[];
  /** How the extremal vectors of this step were found. */
  method: "exact" | "search";
  /** Exact loss after the refit. */
  loss: Fraction;
  /** Indices of neurons that were live before this step and have output weight 0 after it. */
  died: number[];
  /** Indices of dead neurons that came back. */
  revived: number[];
  /** The feature columns are independent on the data: the output weights are unique. */
  independent: boolean;
  /** The refit rule's remark, if any. */
  note?: string;
}

export interface GreedyResult {
  n: number;
  d: number;
  refit: string;
  /** "search" when any step used the search mode (then a faster extremal vector may exist). */
  method: "exact" | "search";
  steps: GreedyStep[];
  /** Final neurons, in the order added (dead ones with coefficient 0). */
  neurons: Neuron[];
  /** The function, live neurons only. */
  function: ReluSum;
  residual: Fraction[];
  loss: Fraction;
  stopped: StopReason;
}

/** Greedy order of candidates: rate² descending, then the documented tie rule. */
export function greedyOrder(a: ExtremalVector, b: ExtremalVector): number {
  const byRate = compareRate2(b, a);
  if (byRate !== 0) return byRate;
  if (a.sign !== b.sign) return b.sign - a.sign;
  return compareDirections(a.direction, b.direction);
}

/** The extremal vectors of positive rate, in greedy order. */
export function growthCandidates(found: ExtremalResult): ExtremalVector[] {
  return found.extremal.filter(positiveRate).sort(greedyOrder);
}

export function defaultFinder(opts: ExtremalOptions = {}): ExtremalFinder {
  return (ds, residual) => extremalVectors(ds, residual, opts);
}

export function asFeature(e: ExtremalVector): Feature {
  return { sign: e.sign, direction: e.direction };
}

/** The function of a fitted state: its live neurons as a ReluSum. */
export function functionOf(d: number, neurons: readonly Neuron[]): ReluSum {
  return reluSum(
    d,
    neurons.filter(isLive).map((n) => ({ coef: n.coefficient, dir: n.direction })),
  );
}

/** Raise the impossible repeat (see the module comment) as the bug it would be. */
export function checkNotPresent(state: FitState, e: ExtremalVector): void {
  const key = featureKey(e);
  if (state.features.some((f) => featureKey(f) === key)) {
    throw new Error(
      `greedy: extremal vector ${key} (rate² ${e.rate2.toFraction()}) is already a feature; ` +
        "an exact refit makes its rate ≤ 0, so the refit or the extremal vectors are wrong",
    );
  }
}

/** Neurons live before and dead after (died), and the reverse (revived), by index. */
function deaths(before: readonly Neuron[], after: readonly Neuron[]): { died: number[]; revived: number[] } {
  const died: number[] = [];
  const revived: number[] = [];
  after.forEach((na, i) => {
    const liveBefore = i < before.length ? isLive(before[i]!) : true; // a new neuron counts as live before
    const liveAfter = isLive(na);
    if (liveBefore && !liveAfter) died.push(i);
    if (!liveBefore && liveAfter) revived.push(i);
  });
  return { died, revived };
}

export function greedy(ds: DataSet, opts: GreedyOptions = {}): GreedyResult {
  const maxNeurons = opts.maxNeurons ?? DEFAULT_MAX_NEURONS;
  const rule = opts.refit ?? frozen;
  const finder = opts.finder ?? defaultFinder(opts.extremal);
  const fd: FitData = fitData(ds);
  let state = rule.empty(fd);
  const steps: GreedyStep[] = [];
  let anySearch = false;
  let stopped: StopReason;
  for (;;) {
    if (state.loss.n === 0n) {
      stopped = "zero-loss";
      break;
    }
    const found = finder(ds, state.sharedResidual ?? state.residual);
    if (found.method === "search") anySearch = true;
    const cands = growthCandidates(found);
    if (cands.length === 0) {
      stopped = "no-growth";
      break;
    }
    if (steps.length >= maxNeurons) {
      stopped = "max-neurons";
      break;
    }
    const chosen = cands[0]!;
    checkNotPresent(state, chosen);
    const ties = cands.filter((c) => compareRate2(c, chosen) === 0);
    const next = rule.extend(fd, state, asFeature(chosen));
    const step: GreedyStep = {
      chosen,
      ties,
      method: found.method,
      loss: next.loss,
      ...deaths(state.neurons, next.neurons),
      independent: next.independent,
      ...(next.note ? { note: next.note } : {}),
    };
    steps.push(step);
    opts.onStep?.(step, next);
    state = next;
  }
  const neurons = [...state.neurons];
  const result = {
    n: ds.n,
    d: ds.d,
    refit: rule.name,
    method: anySearch ? "search" : "exact",
    steps,
    neurons,
    function: functionOf(ds.d, neurons),
  } as GreedyResult;
  // The residual as Fractions (a gcd of large integers per point) only when read.
  const last = state;
  lazy(result, "residual", () => [...last.residual]);
  result.loss = state.loss;
  result.stopped = stopped;
  return result;
}
