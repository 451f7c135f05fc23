import type { Command } from "commander";
import cliProgress from "cli-progress";
import { enumerateTriangulations, ENUMERATE_MAX_POINTS } from "@qrelu/triangulation";
import { floatOption, intOption, loadData, printJson, printText, type DataOptions, dataOption, exampleOption } from "../io";

/** Stated limits: how many triangulations may be counted, and listed. */
export const MAX_COUNT = 20_000_000;
export const DEFAULT_MAX_COUNT = 1_000_000;
/** Listing is bulkier than counting: a smaller default. */
export const DEFAULT_MAX_LIST = 10_000;

/**
 * A progress bar on stderr that appears only after a second of work, and only on a TTY
 * (or when asked): the total is unknown, so it shows the count and the queue.
 */
function progressReporter(force: boolean) {
  const t0 = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  const enabled = force || process.stderr.isTTY === true;
  return {
    update(count: number, pending: number) {
      if (!enabled) return;
      if (bar === null) {
        if (Date.now() - t0 < 1000) return;
        bar = new cliProgress.SingleBar(
          { stream: process.stderr, format: "triangulations {value} found, {pending} to expand, {duration}s", noTTYOutput: true, notTTYSchedule: 1000 },
          cliProgress.Presets.shades_classic,
        );
        bar.start(0, count, { pending });
      }
      bar.update(count, { pending });
    },
    stop() {
      bar?.stop();
    },
  };
}

export function register(program: Command): void {
  program
    .command("triangulations")
    .description(`all fine triangulations (every point a vertex) of a 2-D point set, by flips (n ≤ ${ENUMERATE_MAX_POINTS})`)
    .option(...dataOption("y is ignored"))
    .option(...exampleOption())
    .option("--count", "count only (do not list the triangulations)")
    .option(
      "--max <n>",
      `stop after N triangulations (complete: false); default ${DEFAULT_MAX_COUNT} with --count, ${DEFAULT_MAX_LIST} when listing; at most ${MAX_COUNT}`,
      intOption("max", 1, MAX_COUNT),
    )
    .option("--time-limit <seconds>", "stop after this many seconds (complete: false)", floatOption("time-limit", 0))
    .option("--progress", "show the progress bar on stderr even when it is not a terminal")
    .option("--json", "machine-readable output")
    .action((opts: DataOptions & { count?: boolean; max?: number; timeLimit?: number; progress?: boolean; json?: boolean }) => {
      const ds = loadData(opts);
      const max = opts.max ?? (opts.count ? DEFAULT_MAX_COUNT : DEFAULT_MAX_LIST);
      const progress = progressReporter(opts.progress === true);
      const r = enumerateTriangulations(ds.x, {
        maxCount: max,
        timeLimitMs: opts.timeLimit === undefined ? undefined : opts.timeLimit * 1000,
        keep: !opts.count,
        onProgress: (c, p) => progress.update(c, p),
        source: ds.source,
      });
      progress.stop();
      const cutBy = r.cut === "max" ? `--max ${max}` : `--time-limit ${opts.timeLimit}`;
      if (opts.json) {
        return printJson({
          source: ds.source,
          n: ds.n,
          count: r.count,
          complete: r.complete,
          ...(r.cut ? { cut: cutBy } : {}),
          ...(r.triangulations ? { triangulations: r.triangulations } : {}),
        });
      }
      const lines = [
        `${ds.source}: n = ${ds.n}: ${r.count} fine triangulation(s)` +
          (r.complete ? " (complete)" : ` (incomplete: stopped by ${cutBy})`),
      ];
      r.triangulations?.forEach((t, k) => lines.push(`  ${k}: ${t.map((s) => s.join(" ")).join(" | ")}`));
      printText(lines.join("\n"));
    });
}
