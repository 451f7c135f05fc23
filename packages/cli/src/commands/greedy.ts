/**
 * `qrelu greedy`: the neuron-by-neuron construction of MODEL.md §5, exactly.
 * Also the JSON and text pieces `qrelu enumerate` shares (neurons, kinks, ridges).
 */
import type { Command } from "commander";
import { formatQ, InputError, toFloat, type DataSet, type Fraction, type ReluSum } from "@qrelu/core";
import {
  DEFAULT_MAX_NEURONS,
  faceRefit,
  greedy,
  isLive,
  kinksOf,
  REFIT_RULES,
  type ExtremalOptions,
  type ExtremalVector,
  type GreedyResult,
  type Neuron,
  type RefitRule,
} from "@qrelu/greedy";
import { geometry, solveRestPoint } from "@qrelu/limit";
import { intOption, jq, jqf, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

// ---- shared with enumerate ------------------------------------------------------------------

export interface ExtremalCliOptions {
  mode?: string;
  seeds?: number;
  seed?: number;
}

/** Options of the extremal-vector finder, common to greedy and enumerate. */
export function addExtremalOptions(cmd: Command): Command {
  return cmd
    .option("--mode <mode>", "extremal vectors: auto (exact when small enough), exact, or search", "auto")
    .option("--seeds <n>", "search mode: seeded starts per sign", intOption("seeds", 1, 1_000_000))
    .option("--seed <n>", "search mode: PRNG seed", intOption("seed", 0, 2 ** 31));
}

export function extremalOptions(o: ExtremalCliOptions): ExtremalOptions {
  if (o.mode !== undefined && !["auto", "exact", "search"].includes(o.mode)) {
    throw new InputError(`--mode must be auto, exact or search, got ${JSON.stringify(o.mode)}`);
  }
  return { mode: o.mode as ExtremalOptions["mode"], seeds: o.seeds, seed: o.seed };
}

export const REFIT_NAMES = [...Object.keys(REFIT_RULES), "face"];

/**
 * The refit rule named by --refit. `face` (experimental, MODEL.md §7) is assembled here because
 * its exact per-face solver lives in @qrelu/limit, which itself depends on @qrelu/greedy.
 */
export function refitOption(name: string | undefined, ds: DataSet): RefitRule {
  if (name === "face") {
    const g = geometry(ds);
    return faceRefit((specs) => solveRestPoint(g, specs));
  }
  const rule = REFIT_RULES[name ?? "frozen"];
  if (!rule) throw new InputError(`--refit must be one of ${REFIT_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
  return rule;
}

const dirJson = (v: readonly bigint[]) => v.map(String);

/** "2·x1 − 3·x2 + 5" for a direction over the data's column names (bias last). */
export function linearText(v: readonly bigint[], columns: readonly string[]): string {
  const parts: string[] = [];
  v.forEach((c, i) => {
    if (c === 0n) return;
    const isBias = i === v.length - 1;
    const mag = c < 0n ? -c : c;
    const body = isBias ? `${mag}` : `${mag === 1n ? "" : `${mag}·`}${columns[i] ?? `x${i + 1}`}`;
    parts.push(parts.length === 0 ? (c < 0n ? `−${body}` : body) : `${c < 0n ? "−" : "+"} ${body}`);
  });
  return parts.length ? parts.join(" ") : "0";
}

export function neuronJson(n: Neuron, index?: number) {
  return {
    ...(index !== undefined ? { index } : {}),
    sign: n.sign,
    direction: dirJson(n.direction),
    coefficient: jq(n.coefficient),
    coefficientFloat: toFloat(n.coefficient),
    ...(index !== undefined ? { live: isLive(n) } : {}),
  };
}

export function kinksJson(f: ReluSum, ds: DataSet) {
  const k = kinksOf(f, ds);
  if (k.points) return k.points.map((p) => ({ x: jq(p.x), xFloat: toFloat(p.x), onData: p.onData }));
  return (k.hyperplanes ?? []).map((h) => (ds.d === 2 ? { a: String(h[0]), b: String(h[1]), c: String(h[2]) } : { normal: dirJson(h) }));
}

export function kinksText(f: ReluSum, ds: DataSet): string {
  const k = kinksOf(f, ds);
  if (k.points) {
    if (k.points.length === 0) return "no kinks";
    return `kinks at x = ${k.points.map((p) => `${formatQ(p.x)}${p.onData ? " (data)" : ""}`).join(", ")}`;
  }
  const hs = k.hyperplanes ?? [];
  if (hs.length === 0) return "no kinks";
  return `kink ${ds.d === 2 ? "lines" : "hyperplanes"}: ${hs.map((h) => `${linearText(h, ds.columns)} = 0`).join("; ")}`;
}

export function functionText(neurons: readonly Neuron[], ds: DataSet): string {
  const live = neurons.filter(isLive);
  if (live.length === 0) return "f = 0";
  return (
    "f = " +
    live
      .map((n, i) => {
        const c = n.coefficient;
        const mag = formatQ(c.abs());
        const sep = i === 0 ? (c.s < 0n ? "−" : "") : c.s < 0n ? " − " : " + ";
        return `${sep}${mag}·relu(${linearText(n.direction, ds.columns)})`;
      })
      .join("")
  );
}

const fl = (x: Fraction) => toFloat(x).toPrecision(6);

function extremalJson(e: ExtremalVector) {
  return {
    sign: e.sign,
    direction: dirJson(e.direction),
    rate2: jq(e.rate2),
    ...(e.kink !== undefined ? { kink: jq(e.kink), active: e.active } : {}),
  };
}

function faceText(e: ExtremalVector, ds: DataSet): string {
  if (ds.d === 1 && e.kink !== undefined) return `${e.face.dim === 1 ? "ray" : "sector"}, kink ${formatQ(e.kink)} ${e.active}`;
  if (ds.d === 1) return "constant";
  return `face dim ${e.face.dim}${e.face.zero.length ? ` through rows ${e.face.zero.map((j) => ds.rows[j]).join(",")}` : ""}`;
}

// ---- greedy ---------------------------------------------------------------------------------

export function greedyJson(r: GreedyResult, ds: DataSet, maxNeurons: number) {
  return {
    data: { source: ds.source, n: ds.n, d: ds.d },
    method: r.method,
    refit: r.refit,
    maxNeurons,
    steps: r.steps.map((s, i) => ({
      step: i + 1,
      ...extremalJson(s.chosen),
      // zero: 0-based point indices (after merging duplicates); rows: their rows in the file.
      face: { ...s.chosen.face, rows: s.chosen.face.zero.map((j) => ds.rows[j]) },
      rate2Float: toFloat(s.chosen.rate2),
      loss: jq(s.loss),
      lossFloat: toFloat(s.loss),
      method: s.method,
      ties: s.ties.length > 1 ? s.ties.map(extremalJson) : [],
      died: s.died,
      revived: s.revived,
      independent: s.independent,
      ...(s.note ? { note: s.note } : {}),
    })),
    neurons: r.neurons.map((n, i) => neuronJson(n, i)),
    kinks: kinksJson(r.function, ds),
    values: ds.x.map((x, j) => ({
      row: ds.rows[j],
      x: x.map(jq),
      y: jq(ds.y[j]!),
      f: jqf(ds.y[j]!.add(r.residual[j]!)),
      residual: jq(r.residual[j]!),
    })),
    loss: jq(r.loss),
    lossFloat: toFloat(r.loss),
    stopped: r.stopped,
  };
}

export function greedyText(r: GreedyResult, ds: DataSet): string {
  const lines = [
    `greedy on ${ds.source}: n = ${ds.n}, d = ${ds.d}, refit ${r.refit}, extremal vectors ${r.method === "search" ? "by SEARCH (not proved complete)" : "exact"}`,
    "",
    "step  sign  direction                face                      rate²                loss",
  ];
  r.steps.forEach((s, i) => {
    const e = s.chosen;
    const notes = [
      s.ties.length > 1 ? `tie ×${s.ties.length}` : "",
      s.died.length ? `died ${s.died.map((k) => `#${k + 1}`).join(",")}` : "",
      s.revived.length ? `revived ${s.revived.map((k) => `#${k + 1}`).join(",")}` : "",
      s.note ?? "",
    ].filter(Boolean);
    lines.push(
      [
        String(i + 1).padEnd(5),
        (e.sign > 0 ? "+1" : "−1").padEnd(5),
        `(${e.direction.join(", ")})`.padEnd(24),
        faceText(e, ds).padEnd(25),
        `${formatQ(e.rate2)} (${fl(e.rate2)})`.padEnd(20),
        `${formatQ(s.loss)} (${fl(s.loss)})`,
        notes.length ? `  [${notes.join("; ")}]` : "",
      ]
        .join(" ")
        .trimEnd(),
    );
  });
  const live = r.neurons.filter(isLive).length;
  lines.push(
    "",
    `stopped: ${r.stopped} after ${r.steps.length} step(s), ${live} live neuron(s); loss ${formatQ(r.loss)} (${fl(r.loss)})`,
    functionText(r.neurons, ds),
    kinksText(r.function, ds),
  );
  return lines.join("\n");
}

export function register(program: Command): void {
  const cmd = program
    .command("greedy")
    .description("the greedy neuron-by-neuron construction (MODEL.md §5), exactly: steps, ties, final function and kinks")
    .option(...dataOption())
    .option(...exampleOption())
    .option("--max-neurons <k>", `stop after k neurons (default ${DEFAULT_MAX_NEURONS})`, intOption("max-neurons", 0, 100_000))
    .option("--refit <rule>", "refit rule: frozen (the paper's model) or face (experimental: neurons move within their faces, §7)", "frozen");
  addExtremalOptions(cmd)
    .option("--json", "machine-readable output")
    .action((opts: DataOptions & ExtremalCliOptions & { maxNeurons?: number; refit?: string; json?: boolean }) => {
      const ds = loadData(opts);
      const maxNeurons = opts.maxNeurons ?? DEFAULT_MAX_NEURONS;
      const r = greedy(ds, { maxNeurons, refit: refitOption(opts.refit, ds), extremal: extremalOptions(opts) });
      if (opts.json) return printJson(greedyJson(r, ds, maxNeurons));
      printText(greedyText(r, ds));
    });
}
