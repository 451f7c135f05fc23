/**
 * `qrelu fidelity --sets SPEC`: gradient descent on a seeded family of data sets against the
 * models of the fidelity registry (frozen greedy of MODEL.md §5, the saddle-to-saddle limit of
 * §10, …), under §10's curve rule; one line per set and per model.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { InputError } from "@qrelu/core";
import { DEFAULT_SPEC, DEFAULT_SIZES_2D, FIDELITY_LIMITS, parseSpec, ranked, runFidelity, type FidelityReport, type ModelVerdict, type SetReport } from "@qrelu/limit";
import { intOption, printJson, printText } from "../io";

const MARK: Record<ModelVerdict["status"], string> = { match: "yes", miss: "no", "n/a": "n/a", error: "err" };

function mark(s: SetReport, model: string): string {
  const v = s.models[model]!;
  return v.status !== "n/a" && !s.resolved ? `(${MARK[v.status]})` : MARK[v.status];
}

/** Why the set does not count, or why the best-ranked model misses it ("" when it matches). */
function whyNot(s: SetReport, best: string | undefined): string {
  if (!s.resolved) {
    const a = s.agreement.find((g) => !g.ok)!;
    return `unresolved: run ${"ABCD"[a.of]} vs run ${"ABCD"[a.ref]}: ${a.reason}`;
  }
  const v = best === undefined ? undefined : s.models[best];
  return !v || v.status === "match" || v.status === "n/a" ? "" : `${best}: ${v.reason}`;
}

function fidelityText(rep: FidelityReport): string {
  const sp = rep.spec;
  const models = sp.models;
  const best = ranked(rep.summary).find((m) => m.resolved > 0)?.model;
  const runs = sp.runs.map((r, k) => {
    const run = rep.sets[0]?.runs[k];
    return `run ${"ABCD"[k]} ε ${r.eps}, η ${r.lr}${run ? ` (${run.steps} steps, to τ ${run.horizon.toFixed(3)})` : ""}`;
  });
  const lines = [
    `fidelity: ${rep.sets.length} seeded ${sp.d}-D sets (n ${sp.sizes[0]}–${sp.sizes[1]}, seed ${sp.seed}); gradient descent width ${sp.width}, ${sp.init} start: ${runs.join("; ")}`,
    `match: loss within ${sp.tol * 100} % (+ ${sp.zeroFloor}·½|y|²) somewhere within ${sp.window[0]} + ${sp.window[1]}·τ, on ≥ ${sp.coverage * 100} % of the run and > ${sp.plateauCoverage * 100} % of every plateau of run A (${sp.plateauKinds.join(" and ") || "none"}); resolved: the runs match each other both ways`,
    `resolved: ${rep.resolved} of ${rep.sets.length}; (…): verdict on an unresolved set, not counted`,
    "",
  ];
  const widths = models.map((m) => Math.max(m.length, 5));
  const head = [" set", " n", "resolved", "GD plateau losses (run A)".padEnd(40), ...models.map((m, k) => m.padEnd(widths[k]!)), `why not${best ? ` (${best})` : ""}`];
  lines.push(head.join(" | "), head.map((h) => "-".repeat(h.length)).join("-+-"));
  for (const s of rep.sets) {
    const gd = s.runs[0]!.plateaus.map((p) => p.loss.toPrecision(4)).join(" → ");
    lines.push(
      [
        String(s.index).padStart(4),
        String(s.n).padStart(2),
        (s.resolved ? "yes" : "no").padEnd(8),
        (gd.length > 40 ? gd.slice(0, 39) + "…" : gd).padEnd(40),
        ...models.map((m, k) => mark(s, m).padEnd(widths[k]!)),
        whyNot(s, best),
      ].join(" | "),
    );
  }
  lines.push("", " model        | matched / resolved |    % | sequence rule | notes", "--------------+--------------------+------+---------------+------");
  for (const m of rep.summary) {
    const pc = m.resolved > 0 ? ((100 * m.matched) / m.resolved).toFixed(0) : "–";
    const notes = [m.about, m.na > 0 ? `n/a on ${m.na} sets` : "", m.errors > 0 ? `threw on ${m.errors} sets` : ""].filter(Boolean).join("; ");
    lines.push(`${m.model.padEnd(13)} | ${`${m.matched} / ${m.resolved}`.padStart(18)} | ${pc.padStart(4)} | ${`${m.sequence} / ${m.resolved}`.padStart(13)} | ${notes}`);
  }
  return lines.join("\n");
}

export function register(program: Command): void {
  program
    .command("fidelity")
    .description(
      "train gradient descent (two runs per set) on a seeded family of data sets and count how often each model's loss curve matches it (MODEL.md §10; docs/limit.md, Fidelity)",
    )
    .requiredOption(
      "--sets <spec>",
      `JSON file or inline JSON; omitted fields take these defaults ("{}" for all): ${JSON.stringify(DEFAULT_SPEC)}; with "d":2 the default sizes are ${JSON.stringify(DEFAULT_SIZES_2D)}`,
    )
    .option("--cache <dir>", "store gradient-descent curves in this folder (keyed by data, run settings and trainer version); a hit skips training, the report is the same")
    .option("--jobs <n>", `sets in parallel on n worker threads (1..${FIDELITY_LIMITS.maxJobs}, default 1); the report is the same`, intOption("jobs", 1, FIDELITY_LIMITS.maxJobs), 1)
    .option("--json", "machine-readable output (every set's runs, agreement and verdicts)")
    .action(async (opts: { sets: string; json?: boolean; cache?: string; jobs: number }) => {
      const inline = opts.sets.trimStart().startsWith("{");
      const text = inline ? opts.sets : existsSync(opts.sets) ? readFileSync(opts.sets, "utf8") : null;
      if (text === null) throw new InputError("cannot read the spec file (does it exist?)", { file: opts.sets });
      const spec = parseSpec(text, inline ? "--sets" : opts.sets);
      const t0 = Date.now();
      let done = 0;
      const rep = await runFidelity(spec, {
        jobs: opts.jobs,
        cacheDir: opts.cache,
        onProgress: (line) => process.stderr.write(`  ${line}\n`),
        onSet: (s) => {
          const verdicts = spec.models.map((m) => `${m} ${s.models[m]!.status}`).join(", ");
          process.stderr.write(`set ${s.index} (n ${s.n}, ${++done} of ${spec.count} done): ${s.resolved ? "resolved" : "unresolved"}; ${verdicts} (${((Date.now() - t0) / 1000).toFixed(1)} s elapsed)\n`);
        },
      });
      if (opts.json) return printJson(rep);
      printText(fidelityText(rep));
    });
}
