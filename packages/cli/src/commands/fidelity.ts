/**
 * `qrelu fidelity --sets SPEC`: gradient descent on a seeded family of data sets against the
 * frozen greedy (MODEL.md §5) and the saddle-to-saddle limit (§10); one line per model.
 */
import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { InputError } from "@qrelu/core";
import { parseSpec, runFidelity, trainerSteps, type FidelityReport } from "@qrelu/limit";
import { printJson, printText } from "../io";

function fidelityText(rep: FidelityReport): string {
  const tr = rep.spec.trainer;
  const lines = [
    `fidelity: ${rep.sets.length} seeded 1-D sets (n ${rep.spec.sizes[0]}–${rep.spec.sizes[1]}, seed ${rep.spec.seed}); gradient descent: width ${tr.width}, ε ${tr.eps}, η ${tr.lr}, ${tr.init} start, to τ ${rep.sets[0]?.horizon.toFixed(3) ?? tr.tau} (${trainerSteps(rep.spec)} steps); match within ${rep.spec.tol * 100} %`,
    "",
    " set |  n | GD plateau losses                          | greedy | limit | ties | why not (limit-ties)",
    "-----+----+--------------------------------------------+--------+-------+------+------------------------------",
  ];
  for (const s of rep.sets) {
    const gd = s.gd.map((p) => p.loss.toPrecision(4)).join(" → ");
    lines.push(
      `${String(s.index).padStart(4)} | ${String(s.n).padStart(2)} | ${gd.slice(0, 42).padEnd(42)} | ${(s.models.greedy.ok ? "yes" : "no").padEnd(6)} | ${(s.models.limit.ok ? "yes" : "no").padEnd(5)} | ${(s.models["limit-ties"].ok ? "yes" : "no").padEnd(4)} | ${s.models["limit-ties"].ok ? "" : s.models["limit-ties"].reason}`,
    );
  }
  lines.push("", " model      | matched | of | %", "-----------+---------+----+------");
  for (const m of rep.summary) {
    lines.push(`${m.model.padEnd(10)} | ${String(m.matched).padStart(7)} | ${String(m.of).padStart(2)} | ${((100 * m.matched) / m.of).toFixed(0).padStart(4)}`);
  }
  return lines.join("\n");
}

export function register(program: Command): void {
  program
    .command("fidelity")
    .description("train gradient descent on a seeded family of data sets and count how often each model predicts its plateau sequence")
    .requiredOption(
      "--sets <spec>",
      `JSON file or inline JSON: {"d":1,"sizes":[5,8],"count":20,"seed":1,"grid":"1/4","xRange":2,"yRange":2,"trainer":{"width":500,"eps":1e-40,"lr":0.002,"tau":8,"init":"balanced","seed":1},"tol":0.01,"predictorInit":"independent"}; omitted fields take these defaults ("{}" for all)`,
    )
    .option("--json", "machine-readable output (every set's verdicts)")
    .action((opts: { sets: string; json?: boolean }) => {
      const text = opts.sets.trimStart().startsWith("{") ? opts.sets : existsSync(opts.sets) ? readFileSync(opts.sets, "utf8") : null;
      if (text === null) throw new InputError("cannot read the spec file (does it exist?)", { file: opts.sets });
      const spec = parseSpec(text, opts.sets.trimStart().startsWith("{") ? "--sets" : opts.sets);
      const rep = runFidelity(spec, {
        onSet: (s) =>
          process.stderr.write(
            `set ${s.index + 1}/${spec.count} (n ${s.n}): greedy ${s.models.greedy.ok ? "match" : "miss"}, limit ${s.models.limit.ok ? "match" : "miss"}, limit-ties ${s.models["limit-ties"].ok ? "match" : "miss"} (${s.seconds.toFixed(1)} s)\n`,
          ),
      });
      if (opts.json) return printJson(rep);
      printText(fidelityText(rep));
    });
}

