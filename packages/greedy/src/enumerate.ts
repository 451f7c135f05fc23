/**
 * The reachable functions of MODEL.md §6: the tree in which every step may add ANY extremal
 * vector of positive rate, walked as a DAG.
 *
 * State = the set of features (sign, direction). Under an order-free refit (frozen) the fit,
 * hence the residual and the next candidates, depend only on that set, so two paths that
 * add the same features in another order meet in one state, expanded once. Every edge adds
 * one feature, so states of depth k are exactly the sets of size k: a level-by-level sweep
 * sees all parents of a state before the state itself, and the number of root paths to a
 * state is the sum over its parents (bigint: it grows like a factorial).
 *
 * Leaves: zero loss, no candidate of positive rate (both depend only on the function, through
 * the residual), or the depth limit. Leaves are merged into functions by canonical key;
 * a function's `paths` is the sum over its leaves.
 *
 * `greedyPaths` counts the paths that take a largest rate² at every step (all tie branches);
 * `greedy` marks the one function the single greedy run (its tie rule) reaches.
 */
import { canonicalKey, InputError, normalizeQVec, type DataSet, type Fraction, type ReluSum } from "@qrelu/core";
import type { ExtremalOptions, ExtremalResult, ExtremalVector } from "./extremal-types";
import {
  asFeature,
  checkNotPresent,
  defaultFinder,
  functionOf,
  growthCandidates,
  type ExtremalFinder,
} from "./greedy";
import { featureKey, fitData, isLive, type Neuron } from "./network";
import { frozen, type FitState, type RefitRule } from "./refit";

export const ENUMERATE_DEFAULTS = { maxDepth: 8, maxNodes: 100_000, maxSeconds: 60 } as const;

export type LeafKind = "zero-loss" | "no-growth" | "max-depth";
export type CutReason = "max-depth" | "max-nodes" | "max-seconds";

export interface EnumerateOptions {
  /** Longest path (number of neurons) followed; a longer one is cut there. */
  maxDepth?: number;
  /** Most states (distinct feature sets) created. */
  maxNodes?: number;
  /** Wall-clock limit. */
  maxSeconds?: number;
  refit?: RefitRule;
  extremal?: ExtremalOptions;
  finder?: ExtremalFinder;
  onProgress?: (p: EnumerateProgress) => void;
  /** Clock in milliseconds (tests); default performance.now. */
  now?: () => number;
}

export interface EnumerateProgress {
  depth: number;
  expanded: number;
  states: number;
  functions: number;
  elapsedMs: number;
}

export interface ReachableFunction {
  key: string;
  /** The live neurons of the first state (in sweep order) that reached it. */
  neurons: Neuron[];
  function: ReluSum;
  loss: Fraction;
  residual: readonly Fraction[];
  /** The representative's feature columns are independent (its output weights are unique). */
  independent: boolean;
  stopped: LeafKind;
  /** Root-to-leaf paths ending at this function. */
  paths: bigint;
  /** Of those, the paths that took a largest rate² at every step. */
  greedyPaths: bigint;
  /** The single greedy run (tie rule of greedy.ts) ends here. */
  greedy: boolean;
  /** Distinct feature sets (leaves) giving this function, and their sizes. */
  leaves: number;
  minSteps: number;
  maxSteps: number;
}

export interface EnumerateResult {
  complete: boolean;
  /** Why not complete (empty when complete). */
  cut: CutReason[];
  method: "exact" | "search";
  refit: string;
  /** States created (feature sets, the root included) and expanded. */
  states: number;
  expanded: number;
  edges: number;
  deepest: number;
  /** Sorted by loss, then by number of live neurons, then by key. */
  functions: ReachableFunction[];
  /** Sum of `paths` over the functions. */
  paths: bigint;
}

interface Node {
  state: FitState;
  /** Sorted feature keys: the memo key. */
  keys: string[];
  paths: bigint;
  greedyPaths: bigint;
  onGreedyRun: boolean;
}

export function enumerateReachable(ds: DataSet, opts: EnumerateOptions = {}): EnumerateResult {
  const maxDepth = opts.maxDepth ?? ENUMERATE_DEFAULTS.maxDepth;
  const maxNodes = opts.maxNodes ?? ENUMERATE_DEFAULTS.maxNodes;
  const maxMs = (opts.maxSeconds ?? ENUMERATE_DEFAULTS.maxSeconds) * 1000;
  const rule = opts.refit ?? frozen;
  if (!rule.orderFree) throw new InputError(`enumerate: the refit rule ${rule.name} depends on the order of the features; the enumeration needs an order-free rule (frozen)`);
  const finder = opts.finder ?? defaultFinder(opts.extremal);
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const fd = fitData(ds);

  // Extremal vectors depend only on the residual: states with equal fitted values share them.
  const cache = new Map<string, { found: ExtremalResult; cands: ExtremalVector[] }>();
  let anySearch = false;
  const candidatesOf = (state: FitState) => {
    const shared = state.sharedResidual && normalizeQVec(state.sharedResidual.num, state.sharedResidual.den);
    const key = shared ? `${shared.den}|${shared.num.join(",")}` : state.residual.map((r) => r.toFraction()).join(",");
    let hit = cache.get(key);
    if (!hit) {
      const found = finder(ds, shared ?? state.residual);
      if (found.method === "search") anySearch = true;
      hit = { found, cands: growthCandidates(found) };
      cache.set(key, hit);
    }
    return hit.cands;
  };

  const functions = new Map<string, ReachableFunction>();
  const cut = new Set<CutReason>();
  let states = 1;
  let expanded = 0;
  let edges = 0;
  let deepest = 0;
  let level: Node[] = [{ state: rule.empty(fd), keys: [], paths: 1n, greedyPaths: 1n, onGreedyRun: true }];

  const leaf = (node: Node, kind: LeafKind, depth: number) => {
    const fn = functionOf(ds.d, node.state.neurons);
    const key = canonicalKey(fn);
    const f = functions.get(key);
    if (f) {
      f.paths += node.paths;
      f.greedyPaths += node.greedyPaths;
      f.greedy ||= node.onGreedyRun;
      f.leaves++;
      f.minSteps = Math.min(f.minSteps, depth);
      f.maxSteps = Math.max(f.maxSteps, depth);
    } else {
      functions.set(key, {
        key,
        neurons: node.state.neurons.filter(isLive),
        function: fn,
        loss: node.state.loss,
        residual: node.state.residual,
        independent: node.state.independent,
        stopped: kind,
        paths: node.paths,
        greedyPaths: node.greedyPaths,
        greedy: node.onGreedyRun,
        leaves: 1,
        minSteps: depth,
        maxSteps: depth,
      });
    }
  };

  sweep: for (let depth = 0; level.length > 0; depth++) {
    deepest = depth;
    const next = new Map<string, Node>();
    for (const node of level) {
      if (now() - t0 > maxMs) {
        cut.add("max-seconds");
        break sweep;
      }
      expanded++;
      opts.onProgress?.({ depth, expanded, states, functions: functions.size, elapsedMs: now() - t0 });
      const st = node.state;
      if (st.loss.n === 0n) {
        leaf(node, "zero-loss", depth);
        continue;
      }
      const cands = candidatesOf(st);
      if (cands.length === 0) {
        leaf(node, "no-growth", depth);
        continue;
      }
      if (depth >= maxDepth) {
        cut.add("max-depth");
        leaf(node, "max-depth", depth);
        continue;
      }
      const top = cands[0]!.rate2;
      for (let i = 0; i < cands.length; i++) {
        const e = cands[i]!;
        checkNotPresent(st, e);
        const keys = [...node.keys, featureKey(e)].sort();
        const memo = keys.join(" ");
        let child = next.get(memo);
        if (!child) {
          if (states >= maxNodes) {
            cut.add("max-nodes");
            break sweep;
          }
          states++;
          child = { state: rule.extend(fd, st, asFeature(e)), keys, paths: 0n, greedyPaths: 0n, onGreedyRun: false };
          next.set(memo, child);
        }
        edges++;
        child.paths += node.paths;
        if (e.rate2.equals(top)) child.greedyPaths += node.greedyPaths;
        if (i === 0 && node.onGreedyRun) child.onGreedyRun = true;
      }
    }
    level = [...next.values()];
  }

  const list = [...functions.values()].sort(
    (a, b) => a.loss.compare(b.loss) || a.neurons.length - b.neurons.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
  return {
    complete: cut.size === 0,
    cut: [...cut],
    method: anySearch ? "search" : "exact",
    refit: rule.name,
    states,
    expanded,
    edges,
    deepest,
    functions: list,
    paths: list.reduce((s, f) => s + f.paths, 0n),
  };
}
