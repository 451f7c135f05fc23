/**
 * `qrelu verify`: one gradient-descent run held against the exact models (issue 7, MODEL.md §7,
 * §10). Trains, then builds the four items as plain data; text.ts and json.ts only format them.
 *
 * 1. alignment: aligned neurons at the trainer's first growth event (alignment.ts) vs the extremal
 *    vectors of −y;
 * 2. plateaus vs the greedy's exact step losses (steps.ts);
 * 3. the final function vs the greedy function and the interpolant: exact (greedy vs interpolant,
 *    @qrelu/compare) and float on a grid over the hull (trained network, grid.ts);
 * 4. the limit predictor's plateaus beside the greedy's: by default the populations predictor
 *    (ε → 0) in 1-D and the reduced network of this very run (the trainer's ε, η, width and start)
 *    in 2-D; `limit` chooses; "unavailable" with the reason else.
 */
import { Fraction, InputError, toFloat, type DataSet } from "@qrelu/core";
import { gdDataOf, predict, toGdData, train, trainingReport, type ClusterRow, type InitKind, type TrainResult } from "@qrelu/gd";
import { evalRidgesFloat, compareFunction, type Comparison } from "@qrelu/compare";
import { extremalVectors, greedy, type GreedyResult } from "@qrelu/greedy";
import { halfSquares, predictLimit, predictReduced, type LimitResult, type ReducedResult } from "@qrelu/limit";
import { delaunay } from "@qrelu/triangulation";
import { alignedClusters, extremalRefs, matchAlignment, whyNotExtremal, type AlignmentMatch } from "./alignment";
import { gridDistance, hullGrid, interpolantFloat, valuesOn, type FloatDistance, type HullGrid } from "./grid";
import { exactStep, gdSaddles, matchSteps, type GdSaddle, type ModelStep, type StepMatch } from "./steps";

export interface VerifyOptions {
  width: number;
  initScale: number;
  lr: number;
  steps: number;
  seed: number;
  init: InitKind;
  leaky: number;
  /** Trainer face tolerance (relative). */
  faceTol: number;
  /** Carrying threshold for the final clusters. */
  carry: number;
  /** Alignment: largest angle (degrees) between ŵ and its face's u_F. */
  angleTol: number;
  /** Plateau match: relative tolerance (default 0.01). */
  relTol: number;
  /** Final function: float sup within funcTol · (max y − min y) counts as equal. */
  funcTol: number;
  /** Steps of the greedy and of the limit predictor. */
  modelSteps: number;
  /** The limit column: the reduced network of the run, the populations predictor (1-D), or auto (1-D populations, 2-D reduced). */
  limit: "auto" | "reduced" | "populations";
  /** Grid resolution (1-D points, 2-D side). */
  grid: number;
  onProgress?: (step: number) => void;
}

export interface FunctionDistance {
  against: "greedy" | "limit" | "interpolant";
  distance: FloatDistance;
  equal: boolean;
}

export interface VerifyReport {
  source: string;
  n: number;
  d: number;
  settings: Omit<VerifyOptions, "onProgress"> & { logInvEps: number; stepsRun: number };
  seconds: { train: number; models: number };
  gd: { plateaus: GdSaddle[]; finalLoss: number };
  alignment: {
    /** Where the clusters were taken. */
    at: { step: number; tau: number; loss: number; when: "first growth event" | "end of run (no group grew)" };
    method: "exact" | "search";
    match: AlignmentMatch;
  };
  greedy: { result: GreedyResult; steps: ModelStep[]; match: StepMatch };
  limit: { result: LimitResult | ReducedResult; steps: ModelStep[]; match: StepMatch } | { unavailable: string };
  final: {
    losses: { gd: number; greedy: Fraction; limit: Fraction | number | null };
    /** Exact greedy vs interpolant (@qrelu/compare); null with a reason when d ∉ {1, 2}. */
    exact: Comparison | { unavailable: string };
    grid: { points: number; tolerance: number } | null;
    distances: FunctionDistance[];
    /** 1-D: kinks of the final GD clusters (floats), the greedy's (exact) and the limit's (exact, or float where its rest point is float only). */
    kinks: { gd: number[]; greedy: Fraction[]; limit: (Fraction | number)[] | null } | null;
    verdict: string;
  };
  notes: string[];
}

function limitRun(ds: DataSet, o: VerifyOptions): LimitResult | ReducedResult | { unavailable: string } {
  // The reduced network of MODEL.md §10 step 6 standing for the run it is compared with: the
  // trainer's ε, step (the balance drift), width and start (fidelity's reduced-gd, the model that
  // matches gradient descent most often at ε ≤ 1e−40: docs/limit.md, Fidelity).
  const reduced = () => predictReduced(ds, { maxSteps: o.modelSteps, eps: o.initScale, lr: o.lr, width: o.width, init: o.init });
  // The ε → 0 populations predictor (1-D). Against discrete gradient descent at a usable step the
  // flip level is ℓ_flip ≈ −1 for both starts (the O(η²) balance drift swamps the balanced start's
  // rounding-level mode; docs/limit.md), so it takes the independent rule whatever the start.
  const populations = () => predictLimit(ds, { maxSteps: o.modelSteps, init: "independent", eps: o.initScale });
  try {
    const use = o.limit === "auto" ? (ds.d === 1 ? "populations" : "reduced") : o.limit;
    return use === "populations" ? populations() : reduced();
  } catch (e) {
    // A secondary column: what the predictor refuses (its dimension, its stated limits) leaves the
    // rest of the report standing; anything else is a bug and is not hidden.
    if (e instanceof InputError) return { unavailable: e.message };
    throw e;
  }
}

const asFloat = (x: Fraction | number) => (typeof x === "number" ? x : toFloat(x));

/** The kink −a_1/a_0 of a 1-D neuron: exact when a is, else float; none for a constant (a_0 = 0). */
function kinkOf(a: readonly Fraction[] | null, aFloat: readonly number[]): (Fraction | number)[] {
  if (a) return a[0]!.n === 0n ? [] : [a[1]!.neg().div(a[0]!)];
  return aFloat[0] === 0 ? [] : [-aFloat[1]! / aFloat[0]!];
}

export function runVerify(ds: DataSet, o: VerifyOptions): VerifyReport {
  const notes: string[] = [];
  const data = toGdData(ds);
  const t0 = performance.now();
  const res: TrainResult = train(data, {
    width: o.width,
    initScale: o.initScale,
    lr: o.lr,
    steps: o.steps,
    seed: o.seed,
    init: o.init,
    leaky: o.leaky,
    face: { tol: o.faceTol },
    onProgress: o.onProgress,
  });
  const trainSeconds = (performance.now() - t0) / 1000;
  if (res.diverged) notes.push(`gradient descent diverged at step ${res.diverged.step}: lower --lr`);
  if (o.leaky) notes.push(`leaky α = ${o.leaky}: the greedy and the limit predictor model the ReLU (α = 0)`);
  const rep = trainingReport(res, data, { clusters: { tol: o.faceTol, carryRelative: o.carry } });
  const plateaus = gdSaddles(rep.plateaus.map((p) => ({ kind: p.kind, tau: p.tauStart, step: p.stepStart, loss: p.loss, open: p.open })));
  const slow = rep.plateaus.filter((p) => p.kind === "slow").length;
  if (slow) notes.push(`${slow} slow-descent stretch(es) of gradient descent left out of the saddle sequence`);

  const t1 = performance.now();
  // Item 1.
  const snap = res.alignment;
  const at = snap
    ? { step: snap.step, tau: snap.tau, loss: snap.loss, when: "first growth event" as const }
    : { step: res.stepsRun, tau: (res.stepsRun * o.lr) / res.logInvEps, loss: res.finalLoss, when: "end of run (no group grew)" as const };
  const ext = extremalVectors(ds, ds.y.map((y) => y.neg()));
  const clusters = alignedClusters(snap?.net ?? res.net, data, o.initScale, at.step * o.lr, { faceTol: o.faceTol, angleTol: o.angleTol });
  const alignment = { at, method: ext.method, match: matchAlignment(clusters, extremalRefs(ds, ext.extremal), (s, f) => whyNotExtremal(ds, s, f)) };

  // Item 2.
  const g = greedy(ds, { maxNeurons: o.modelSteps });
  const L0 = halfSquares(ds.y);
  const gSteps = [exactStep(L0), ...g.steps.map((s) => exactStep(s.loss))];
  const tol = { relTol: o.relTol };
  const greedyPart = { result: g, steps: gSteps, match: matchSteps(plateaus, gSteps, tol) };

  // Item 4.
  const lim = limitRun(ds, o);
  const limitPart =
    "unavailable" in lim
      ? lim
      : (() => {
          const steps = lim.plateaus.map((p) => ({ loss: p.loss, lossFloat: p.lossFloat, tau: Number(p.tau) }));
          return { result: lim, steps, match: matchSteps(plateaus, steps, tol) };
        })();

  // Item 3.
  const final = finalPart(ds, rep.final.clusters, res, g, "unavailable" in lim ? null : lim, o);
  const modelSeconds = (performance.now() - t1) / 1000;
  return {
    source: ds.source,
    n: ds.n,
    d: ds.d,
    settings: { ...stripProgress(o), logInvEps: res.logInvEps, stepsRun: res.stepsRun },
    seconds: { train: trainSeconds, models: modelSeconds },
    gd: { plateaus, finalLoss: res.finalLoss },
    alignment,
    greedy: greedyPart,
    limit: limitPart,
    final,
    notes,
  };
}

function stripProgress(o: VerifyOptions): Omit<VerifyOptions, "onProgress"> {
  const { onProgress: _p, ...rest } = o;
  return rest;
}

/** `gdClusters`: the training report's final clusters (same face tolerance and carry threshold). */
function finalPart(ds: DataSet, gdClusters: readonly ClusterRow[], res: TrainResult, g: GreedyResult, lim: LimitResult | ReducedResult | null, o: VerifyOptions): VerifyReport["final"] {
  const last = lim?.plateaus.at(-1);
  const losses = { gd: res.finalLoss, greedy: g.loss, limit: last ? (last.loss ?? last.lossFloat) : null };
  const kinks =
    ds.d === 1
      ? {
          gd: gdClusters.flatMap((c) => (c.kink === undefined || c.kink === null ? [] : [c.kink])).sort((a, b) => a - b),
          greedy: g.function.terms.flatMap((t) => (t.dir[0] === 0n ? [] : [new Fraction(-t.dir[1]!, t.dir[0]!)])).sort((a, b) => a.compare(b)),
          limit: last ? last.neurons.flatMap((nu) => kinkOf(nu.a, nu.aFloat)).sort((a, b) => asFloat(a) - asFloat(b)) : null,
        }
      : null;
  if (ds.d !== 1 && ds.d !== 2) {
    return { losses, exact: { unavailable: `the function comparison is implemented for d = 1 and 2, the data has d = ${ds.d}` }, grid: null, distances: [], kinks, verdict: "not compared (d > 2)" };
  }
  const T = delaunay(ds.x, ds.source);
  if (T.degenerate) {
    return { losses, exact: { unavailable: T.degenerate.message }, grid: null, distances: [], kinks, verdict: "not compared (degenerate hull)" };
  }
  const exact = compareFunction(ds, g.function, { heldOut: 0 });
  const grid: HullGrid = hullGrid(ds, T, o.grid);
  const gdValues = predict(res.net, gdDataOf(grid.points, grid.points.map(() => 0)));
  const ys = ds.y.map(toFloat);
  const range = Math.max(...ys) - Math.min(...ys) || Math.max(...ys.map(Math.abs)) || 1;
  const tolerance = o.funcTol * range;
  const against = (name: FunctionDistance["against"], values: Float64Array): FunctionDistance => {
    const distance = gridDistance(grid, gdValues, values);
    return { against: name, distance, equal: distance.sup <= tolerance };
  };
  const distances = [against("greedy", valuesOn(grid, (x) => evalRidgesFloat(g.function, x)))];
  if (last) {
    const nus = last.neurons.map((nu) => ({ s: nu.sign, a: nu.aFloat }));
    distances.push(
      against(
        "limit",
        valuesOn(grid, (x) => nus.reduce((acc, nu) => acc + nu.s * Math.max(0, nu.a.reduce((z, ak, k) => z + ak * (k < ds.d ? x[k]! : 1), 0)), 0)),
      ),
    );
  }
  distances.push(against("interpolant", valuesOn(grid, interpolantFloat(ds, T))));
  const eq = distances.filter((x) => x.equal).map((x) => x.against);
  const closest = [...distances].sort((a, b) => a.distance.sup - b.distance.sup)[0]!;
  const verdict = eq.length
    ? `gradient descent's final function equals the ${eq.join(" and the ")} (float sup ≤ ${tolerance.toPrecision(3)})`
    : `gradient descent's final function differs from all (closest: the ${closest.against}, float sup ${closest.distance.sup.toPrecision(3)})`;
  return { losses, exact, grid: { points: grid.points.length, tolerance }, distances, kinks, verdict };
}
