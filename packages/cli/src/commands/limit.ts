/**
 * `qrelu limit`: the saddle-to-saddle limit of MODEL.md §10 — the plateau sequence gradient
 * descent from a tiny start follows, exact where the mathematics allows. Two predictors:
 * `populations` (1-D, ε → 0, predict.ts) and `reduced` (the reduced network of §10 step 6 at a
 * finite ε, d = 1 and 2, reduced.ts; the default for d ≥ 2).
 */
import type { Command } from "commander";
import { formatQ, InputError, type Fraction } from "@qrelu/core";
import {
  predictLimit,
  predictReduced,
  REDUCED_DEFAULTS,
  REDUCED_LIMITS,
  type FaceInfo,
  type InitKind,
  type LimitResult,
  type LimitNeuron,
  type ReducedOptions,
  type ReducedResult,
} from "@qrelu/limit";
import { floatOption, intOption, jq, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

const dirJson = (v: readonly bigint[]) => v.map(String);

function faceJson(f: FaceInfo) {
  return {
    zero: f.zero,
    dim: f.dim,
    ...(f.kink !== undefined ? { kink: jq(f.kink), kinkFloat: f.kink.valueOf() } : {}),
    ...(f.active ? { active: f.active } : {}),
    ...(f.liveness ? { liveness: f.liveness } : {}),
  };
}

function neuronJson(n: LimitNeuron) {
  return {
    sign: n.sign,
    a: n.a ? n.a.map(jq) : null,
    aFloat: n.aFloat,
    direction: dirJson(n.direction),
    face: faceJson(n.face),
  };
}

export function limitJson(res: LimitResult) {
  return {
    init: res.init,
    nearTies: res.nearTies,
    shrinkFlip: res.shrinkFlip,
    ellFlip: res.ellFlip,
    precision: res.precision,
    plateaus: res.plateaus.map((p) => ({
      tau: p.tau,
      loss: p.loss && !p.pathDependent ? jq(p.loss) : String(p.lossFloat),
      ...(p.loss && p.pathDependent ? { lossExact: jq(p.loss) } : {}),
      lossFloat: p.lossFloat,
      exact: p.exact,
      pathDependent: p.pathDependent,
      grown: p.grown ? { sign: p.grown[0]!.sign, direction: dirJson(p.grown[0]!.direction), face: faceJson(p.grown[0]!.face) } : null,
      ...(p.grown && p.grown.length > 1
        ? { grownTogether: p.grown.slice(1).map((g) => ({ sign: g.sign, direction: dirJson(g.direction), face: faceJson(g.face) })) }
        : {}),
      neurons: p.neurons.map(neuronJson),
      populations: p.populations.map((q) => ({ sign: q.sign, direction: dirJson(q.direction), face: faceJson(q.face), ell: q.ell, rate: q.rate })),
      flips: p.flips,
      notes: p.notes,
    })),
    stopped: res.stopped,
  };
}

function faceText(f: FaceInfo): string {
  if (f.kink === undefined) return f.zero.length ? "constant ray" : "constant sector";
  const k = formatQ(f.kink as Fraction);
  return `${f.zero.length ? "ray" : "sector"} kink ${k} ${f.active === "right" ? "→" : "←"}`;
}

/** The loss and rest cells of a plateau row (both predictors). */
function restCells(p: { loss: Fraction | null; exact: boolean; pathDependent: boolean }, i: number): { loss: string; rest: string } {
  return {
    loss: p.loss ? formatQ(p.loss) : "(float)",
    rest: i === 0 ? "start" : p.exact ? "exact" : p.pathDependent ? "path-dep." : "float only",
  };
}

export function limitText(res: LimitResult, source: string): string {
  const lines = [
    `${source}: saddle-to-saddle limit (MODEL.md §10), init ${res.init}${res.ellFlip ? `, ℓ_flip = ${res.ellFlip}` : ", no flips"}, τ to ${res.precision} digits, ${res.nearTies ? `near ties at ε = ${res.nearTies.eps} (window Δτ ≤ ${res.nearTies.window})` : "no near ties (ε → 0)"}, shrink-flip ${res.shrinkFlip}`,
    "",
    " # | τ            | loss            | ≈ loss    | rest        | grown",
    "---+--------------+-----------------+-----------+-------------+------------------------------",
  ];
  res.plateaus.forEach((p, i) => {
    const { loss, rest } = restCells(p, i);
    const grown = p.grown ? p.grown.map((g) => `${g.sign > 0 ? "+" : "−"} ${faceText(g.face)}`).join(" & ") : "—";
    lines.push(
      `${String(i).padStart(2)} | ${p.tau.slice(0, 12).padEnd(12)} | ${loss.slice(0, 15).padEnd(15)} | ${p.lossFloat.toPrecision(6).padEnd(9)} | ${rest.padEnd(11)} | ${grown}`,
    );
    for (const note of p.notes) lines.push(`   |   note: ${note}`);
  });
  const last = res.plateaus.at(-1)!;
  lines.push("", `stopped: ${res.stopped}; final neurons:`);
  for (const n of last.neurons) {
    lines.push(`  ${n.sign > 0 ? "+" : "−"} relu(${n.a ? n.a.map(formatQ).join(", ") : n.aFloat.map((v) => v.toPrecision(6)).join(", ")} · (x, 1))  ${faceText(n.face)}`);
  }
  return lines.join("\n");
}

export function reducedJson(res: ReducedResult) {
  return {
    predictor: "reduced",
    eps: res.eps,
    logInvEps: res.logInvEps,
    grid: res.grid,
    neuronsAtStart: res.neuronsAtStart,
    width: res.width,
    init: res.init,
    lr: res.lr,
    precision: res.precision,
    plateaus: res.plateaus.map((p) => ({
      tau: p.tau,
      tauFloat: p.tauFloat,
      tauEnd: p.tauEnd,
      loss: p.loss && p.exact ? jq(p.loss) : String(p.lossFloat),
      ...(p.loss && !p.exact ? { lossExact: jq(p.loss) } : {}),
      lossFloat: p.lossFloat,
      exact: p.exact,
      pathDependent: p.pathDependent,
      grown: p.grown ? p.grown.map((g) => ({ sign: g.sign, aFloat: g.aFloat, face: g.face })) : null,
      neurons: p.neurons.map((n) => ({
        sign: n.sign,
        a: n.a ? n.a.map(jq) : null,
        aFloat: n.aFloat,
        direction: n.direction ? dirJson(n.direction) : null,
        face: n.face,
      })),
      tiny: p.tiny,
      notes: p.notes,
    })),
    curve: res.curve,
    stopped: res.stopped,
    work: res.work,
  };
}

export function reducedText(res: ReducedResult, source: string): string {
  const lines = [
    `${source}: the reduced network (MODEL.md §10 step 6), ${res.init} start at ε = ${res.eps} (τ = t/${res.logInvEps.toPrecision(6)}), ${res.neuronsAtStart} neurons (grid ${res.grid} + faces${res.init === "balanced" ? ", each with both signs" : ""})${res.width ? `, standing for gradient descent of width ${res.width}` : ""}${res.lr > 0 ? `, discrete steps η = ${res.lr}` : ""}`,
    "",
    " # | τ reached | τ next    | loss            | ≈ loss    | rest        | grown",
    "---+-----------+-----------+-----------------+-----------+-------------+------------------------------",
  ];
  res.plateaus.forEach((p, i) => {
    const { loss, rest } = restCells(p, i);
    const grown = p.grown ? p.grown.map((g) => `${g.sign > 0 ? "+" : "−"} ${g.face.signs}`).join(" & ") : "—";
    const next = p.tauEnd === null ? "—" : p.tauEnd.toPrecision(res.precision);
    lines.push(
      `${String(i).padStart(2)} | ${p.tau.slice(0, 9).padEnd(9)} | ${next.slice(0, 9).padEnd(9)} | ${loss.slice(0, 15).padEnd(15)} | ${p.lossFloat.toPrecision(6).padEnd(9)} | ${rest.padEnd(11)} | ${grown}`,
    );
    for (const note of p.notes) lines.push(`   |   note: ${note}`);
  });
  const last = res.plateaus.at(-1)!;
  lines.push("", `stopped: ${res.stopped}; final neurons (face: + active, 0 on the kink, − inactive, per data point):`);
  for (const n of last.neurons) {
    lines.push(`  ${n.sign > 0 ? "+" : "−"} relu(${n.a ? n.a.map(formatQ).join(", ") : n.aFloat.map((v) => v.toPrecision(6)).join(", ")} · (x, 1))  ${n.face.signs}`);
  }
  return lines.join("\n");
}

interface LimitCliOptions extends DataOptions {
  predictor?: string;
  grid?: number;
  width?: number;
  lr?: number;
  maxSteps?: number;
  eps?: number;
  precision?: number;
  init?: string;
  shrinkFlip?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command("limit")
    .description(
      "the saddle-to-saddle limit of small-init gradient descent (MODEL.md §10): plateau sequence, exact rest points (populations: 1-D; reduced network: d = 1, 2)",
    )
    .option(...dataOption("d = 1 (populations) or d = 1, 2 (reduced)"))
    .option(...exampleOption())
    .option("--predictor <kind>", "populations (1-D, ε → 0; the default for d = 1) or reduced (the reduced network of §10 step 6 at ε; the default for d ≥ 2)")
    .option("--grid <k>", `reduced: grid directions on the sphere (default ${REDUCED_DEFAULTS.grid1d} in 1-D, ${REDUCED_DEFAULTS.grid2d} in 2-D; 8–${REDUCED_LIMITS.maxGrid})`, intOption("grid", 8, REDUCED_LIMITS.maxGrid))
    .option("--width <w>", `reduced: the gradient-descent width its K start directions stand for (independent: P² = N² = (w/K)(d + 2)ε²/4 each; balanced: P² = (w/2K)ε² per sign; merged neurons add up), so also how many neurons a population holds, which decides whether it parts at a kink that turns repelling; default none: P = ε, one neuron per direction, merges keep the larger mode (1–${REDUCED_LIMITS.maxWidth})`, intOption("width", 1, REDUCED_LIMITS.maxWidth))
    .option(
      "--lr <eta>",
      `reduced: the step η of the gradient descent to stand for — each neuron's balance drifts as discrete steps make it (d(4PN)/dt = η(c²|D|² − H²), into the smaller mode); default 0: the exact flow (0–${REDUCED_LIMITS.maxLr})`,
      floatOption("lr", 0, REDUCED_LIMITS.maxLr),
    )
    .option("--max-steps <k>", "at most K plateaus after the start (limit 1000)", intOption("max-steps", 0, 1000), 20)
    .option(
      "--eps <e>",
      "populations: near ties at this ε (§10 step 6: populations ride the jumps at their real sizes), also ℓ_flip of --init balanced (default 1e-40 there); reduced: ε of the start (default 1e-40, at least 1e-300, at most 1e-3)",
      floatOption("eps", 1e-300, 0.5),
    )
    .option("--precision <digits>", "significant digits of jump times τ (populations: 5–1000, default 30, closer times are a tie; reduced: 1–17, default 6, τ is a float)", intOption("precision", 1, 1000))
    .option("--init <kind>", "populations: independent (ℓ_flip = −1), balanced (float64, ℓ_flip = −1 − 8/log10(1/ε)) or exact-balanced (no flips); reduced: independent (P = N = ε, the default) or balanced (gradient descent's balanced start: a + and a − neuron per direction, the other mode at 2^−53; with --lr and --width it stands for `qrelu train`'s default run)")
    .option("--shrink-flip <r>", "populations: a grown neuron driven back below this fraction of its largest size changes sign in place, as discrete GD's do (0: never; default 0.03)", floatOption("shrink-flip", 0, 0.5))
    .option("--json", "machine-readable output")
    .action((opts: LimitCliOptions) => {
      const ds = loadData(opts);
      const predictor = opts.predictor ?? (ds.d === 1 ? "populations" : "reduced");
      if (predictor !== "populations" && predictor !== "reduced") {
        throw new InputError(`--predictor must be populations or reduced, got ${JSON.stringify(opts.predictor)}`);
      }
      if (predictor === "reduced") {
        if (opts.shrinkFlip !== undefined) throw new InputError("--shrink-flip applies to --predictor populations only");
        if (opts.precision !== undefined && opts.precision > 17) throw new InputError("--precision: the reduced network's τ is a float, at most 17 digits");
        const res = predictReduced(ds, { eps: opts.eps, maxSteps: opts.maxSteps, grid: opts.grid, precision: opts.precision, width: opts.width, lr: opts.lr, init: opts.init as ReducedOptions["init"] });
        if (opts.json) return printJson(reducedJson(res));
        return printText(reducedText(res, ds.source));
      }
      if (opts.grid !== undefined || opts.width !== undefined || opts.lr !== undefined) throw new InputError("--grid, --width and --lr apply to --predictor reduced only");
      if (!["independent", "balanced", "exact-balanced"].includes(opts.init ?? "independent")) {
        throw new InputError(`--init must be independent, balanced or exact-balanced, got ${JSON.stringify(opts.init)}`);
      }
      if (opts.precision !== undefined && opts.precision < 5) throw new InputError("--precision must be from 5 to 1000 digits for --predictor populations");
      const res = predictLimit(ds, {
        maxSteps: opts.maxSteps,
        precision: opts.precision ?? 30,
        init: (opts.init ?? "independent") as InitKind,
        eps: opts.eps,
        nearTies: opts.eps !== undefined,
        shrinkFlip: opts.shrinkFlip,
      });
      if (opts.json) return printJson(limitJson(res));
      printText(limitText(res, ds.source));
    });
}
