/**
 * `qrelu limit`: the saddle-to-saddle limit of MODEL.md §10 — the plateau sequence gradient
 * descent from a tiny start follows as ε → 0 (1-D), exact where the mathematics allows.
 */
import type { Command } from "commander";
import { formatQ, InputError, type Fraction } from "@qrelu/core";
import { predictLimit, type FaceInfo, type InitKind, type LimitResult, type LimitNeuron } from "@qrelu/limit";
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

export function limitText(res: LimitResult, source: string): string {
  const lines = [
    `${source}: saddle-to-saddle limit (MODEL.md §10), init ${res.init}${res.ellFlip ? `, ℓ_flip = ${res.ellFlip}` : ", no flips"}, τ to ${res.precision} digits, ${res.nearTies ? `near ties at ε = ${res.nearTies.eps} (window Δτ ≤ ${res.nearTies.window})` : "no near ties (ε → 0)"}, shrink-flip ${res.shrinkFlip}`,
    "",
    " # | τ            | loss            | ≈ loss    | rest        | grown",
    "---+--------------+-----------------+-----------+-------------+------------------------------",
  ];
  res.plateaus.forEach((p, i) => {
    const loss = p.loss ? formatQ(p.loss) : "(float)";
    const rest = i === 0 ? "start" : p.exact ? "exact" : p.pathDependent ? "path-dep." : "float only";
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

interface LimitCliOptions extends DataOptions {
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
    .description("the saddle-to-saddle limit of small-init gradient descent (MODEL.md §10): plateau sequence, exact rest points (1-D)")
    .option(...dataOption("d = 1"))
    .option(...exampleOption())
    .option("--max-steps <k>", "at most K plateaus after the start (limit 1000)", intOption("max-steps", 0, 1000), 20)
    .option("--eps <e>", "near ties at this ε (§10 step 6: populations ride the jumps at their real sizes); also ℓ_flip of --init balanced (default 1e-40 there)", floatOption("eps", 1e-300, 0.5))
    .option("--precision <digits>", "significant digits of jump times τ; closer times are a tie (5–1000)", intOption("precision", 5, 1000), 30)
    .option("--init <kind>", "independent (ℓ_flip = −1), balanced (float64, ℓ_flip = −1 − 8/log10(1/ε)) or exact-balanced (no flips)", "independent")
    .option("--shrink-flip <r>", "a grown neuron driven back below this fraction of its largest size changes sign in place, as discrete GD's do (0: never; default 0.03)", floatOption("shrink-flip", 0, 0.5))
    .option("--json", "machine-readable output")
    .action((opts: LimitCliOptions) => {
      const ds = loadData(opts);
      if (!["independent", "balanced", "exact-balanced"].includes(opts.init ?? "independent")) {
        throw new InputError(`--init must be independent, balanced or exact-balanced, got ${JSON.stringify(opts.init)}`);
      }
      const res = predictLimit(ds, {
        maxSteps: opts.maxSteps,
        precision: opts.precision,
        init: opts.init as InitKind,
        eps: opts.eps,
        nearTies: opts.eps !== undefined,
        shrinkFlip: opts.shrinkFlip,
      });
      if (opts.json) return printJson(limitJson(res));
      printText(limitText(res, ds.source));
    });
}
