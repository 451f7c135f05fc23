/**
 * `qrelu table`: run the experiment of a spec file and write the table as Markdown, CSV and
 * LaTeX (and the plots, when the spec asks), all files written whole and atomically.
 */
import type { Command } from "commander";
import { join } from "node:path";
import { formatQ, InputError, toFloat } from "@qrelu/core";
import { readTableSpec, runTable, tableCsv, tableFileNames, tableMarkdown, tableTex, type TableResult } from "@qrelu/compare";
import { printJson, printText, writeFileAtomic } from "../io";

const FORMATS = ["md", "csv", "tex"] as const;
type Format = (typeof FORMATS)[number];

export function tableJson(t: TableResult, written: string[]) {
  const num = (v: { exact: boolean; value: unknown } | null) =>
    v === null ? null : v.exact ? { exact: formatQ(v.value as never), float: toFloat(v.value as never) } : { exact: null, float: v.value as number };
  return {
    name: t.spec.name,
    title: t.spec.title,
    seed: t.spec.seed,
    limits: t.spec.limits,
    rows: t.rows.map((r) => ({
      ...r,
      loss: formatQ(r.loss),
      lossFloat: toFloat(r.loss),
      sup: formatQ(r.sup),
      supFloat: toFloat(r.sup),
      l2squared: formatQ(r.l2squared),
      l2squaredFloat: toFloat(r.l2squared),
      mseGreedy: num(r.mseGreedy),
      mseInterpolant: num(r.mseInterpolant),
    })),
    errors: t.errors,
    written,
  };
}

export function register(program: Command): void {
  program
    .command("table")
    .description("run an experiment from a JSON spec (docs/compare.md) and write the table as Markdown, CSV and LaTeX")
    .option("--spec <file>", "the table spec (JSON)")
    .option("--format <fmt>", "what to print on stdout: md, csv or tex", "md")
    .option("--out <dir>", "write <name>.md, <name>.csv, <name>.tex (and the SVGs, if the spec has plots) into this folder")
    .option("--json", "machine-readable output (rows with exact values)")
    .action((opts: { spec?: string; format: string; out?: string; json?: boolean }) => {
      if (opts.spec === undefined) throw new InputError("missing --spec FILE");
      if (!(FORMATS as readonly string[]).includes(opts.format)) {
        throw new InputError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(opts.format)}`);
      }
      const spec = readTableSpec(opts.spec);
      const t = runTable(spec, (i, total, name) => {
        if (process.stderr.isTTY) process.stderr.write(`\r[${i + 1}/${total}] ${name}`.padEnd(60));
      });
      if (process.stderr.isTTY) process.stderr.write("\r".padEnd(61) + "\r");
      const text: Record<Format, string> = { md: tableMarkdown(t), csv: tableCsv(t), tex: tableTex(t) };
      const written: string[] = [];
      if (opts.out !== undefined) {
        // Everything is computed before the first file is written.
        const names = tableFileNames(spec, opts.out);
        for (const f of FORMATS) {
          writeFileAtomic(names[f], text[f]);
          written.push(names[f]);
        }
        for (const [name, svg] of t.svgs) {
          writeFileAtomic(join(opts.out, name), svg);
          written.push(join(opts.out, name));
        }
      }
      if (opts.json) return printJson(tableJson(t, written));
      printText(text[opts.format as Format]);
      if (written.length) process.stderr.write(`wrote ${written.length} file(s) to ${opts.out}\n`);
    });
}
