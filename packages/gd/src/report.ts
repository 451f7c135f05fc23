/**
 * The training report: plain JSON-able data (numbers, strings, arrays) built from a TrainResult.
 * `qrelu train --json` prints it; `verify` reads the same fields.
 */
import { carriers, clusterByFace, type Cluster, type ClusterOptions } from "./clusters";
import { curveRows, seriesOf } from "./curve";
import type { GdData, Network } from "./network";
import { detectPlateaus, type Jump, type Plateau, type PlateauOptions } from "./plateaus";
import type { GrowthEvent, TrainResult, TrainSettings } from "./train";

export interface ReportOptions {
  plateaus?: PlateauOptions;
  clusters?: ClusterOptions;
  /** Most neurons listed in `final.neurons`, largest |c|·|w| first (default 100). */
  maxNeurons?: number;
  /** Include the thinned loss curve (default false). */
  curve?: boolean;
}

export interface NeuronRow {
  index: number;
  sign: 1 | -1;
  /** w / |w| (bias last). */
  direction: number[];
  /** |w|². */
  mass: number;
  c: number;
}

export type ClusterRow = Omit<Cluster, "members">;

export interface TrainingReport {
  settings: Required<TrainSettings> & { n: number; d: number; logInvEps: number; tauPerStep: number; stepsRun: number };
  diverged: { step: number } | null;
  plateaus: (Plateau & { step: number; tau: number })[];
  jumps: Jump[];
  growth: (Omit<GrowthEvent, "members"> & { count: number })[];
  growthMass: number;
  /** Clusters at the requested τ (TrainOptions.snapshotTaus). */
  snapshots: { step: number; tau: number; loss: number; clusters: ClusterRow[] }[];
  /** Clusters at the first growth event (end of the first alignment phase). */
  alignment: { step: number; tau: number; loss: number; clusters: ClusterRow[] } | null;
  final: {
    loss: number;
    /** Neurons that carry weight (ClusterOptions.carryRelative), and how many of them are listed. */
    carrying: number;
    listed: number;
    neurons: NeuronRow[];
    clusters: ClusterRow[];
  };
  curve?: ReturnType<typeof curveRows>;
}

const withoutMembers = (cs: Cluster[]): ClusterRow[] => cs.map(({ members: _members, ...rest }) => rest);

/** Carrying neurons, largest |c|·|w| first, at most `max`. */
export function neuronRows(net: Network, opts: ClusterOptions, max: number): { carrying: number; rows: NeuronRow[] } {
  const { d1, w, c } = net;
  const idx = carriers(net, opts);
  const rows = idx.map((i) => {
    let m2 = 0;
    for (let k = 0; k < d1; k++) m2 += w[i * d1 + k]! ** 2;
    const norm = Math.sqrt(m2);
    return {
      index: i,
      sign: (c[i]! > 0 ? 1 : -1) as 1 | -1,
      direction: Array.from({ length: d1 }, (_, k) => (norm > 0 ? w[i * d1 + k]! / norm : 0)),
      mass: m2,
      c: c[i]!,
    };
  });
  rows.sort((a, b) => Math.abs(b.c) * Math.sqrt(b.mass) - Math.abs(a.c) * Math.sqrt(a.mass) || a.index - b.index);
  return { carrying: rows.length, rows: rows.slice(0, max) };
}

export function trainingReport(res: TrainResult, data: GdData, opts: ReportOptions = {}): TrainingReport {
  const copts = opts.clusters ?? {};
  const analysis = detectPlateaus(seriesOf(res.curve), opts.plateaus);
  const { carrying, rows } = neuronRows(res.net, copts, opts.maxNeurons ?? 100);
  const report: TrainingReport = {
    settings: {
      ...res.settings,
      n: data.n,
      d: data.d,
      logInvEps: res.logInvEps,
      tauPerStep: res.settings.lr / res.logInvEps,
      stepsRun: res.stepsRun,
    },
    diverged: res.diverged ?? null,
    plateaus: analysis.plateaus.map((p) => ({ step: p.stepStart, tau: p.tauStart, ...p })),
    jumps: analysis.jumps,
    growth: res.growth.map(({ members, ...g }) => ({ ...g, count: members.length })),
    growthMass: res.growthMass,
    snapshots: res.snapshots.map((sn) => ({
      step: sn.step,
      tau: sn.tau,
      loss: sn.loss,
      clusters: withoutMembers(clusterByFace(sn.net, data, copts)),
    })),
    alignment: res.alignment
      ? {
          step: res.alignment.step,
          tau: res.alignment.tau,
          loss: res.alignment.loss,
          clusters: withoutMembers(clusterByFace(res.alignment.net, data, copts)),
        }
      : null,
    final: {
      loss: res.finalLoss,
      carrying,
      listed: rows.length,
      neurons: rows,
      clusters: withoutMembers(clusterByFace(res.net, data, copts)),
    },
  };
  if (opts.curve) report.curve = curveRows(res.curve);
  return report;
}
