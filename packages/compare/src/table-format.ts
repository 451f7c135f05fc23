/**
 * The table as Markdown, CSV and LaTeX. Markdown and LaTeX show a rational as written when
 * it is short and as a 4-digit float otherwise; CSV carries every exact value beside its float.
 */
import { formatQ, toFloat, type Fraction } from "@qrelu/core";
import type { TableResult, TableRow } from "./table";
import type { Num } from "./target";

const short = (x: Fraction): string => {
  const e = formatQ(x);
  return e.length <= 9 ? e : fmtF(toFloat(x));
};
const fmtF = (v: number): string => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3));
const numShort = (v: Num | null): string => (v === null ? "" : v.exact ? short(v.value) : `≈${fmtF(v.value)}`);
const reach = (r: TableRow): string => (r.reachable === null ? "" : `${r.reachable}${r.reachableComplete ? "" : "+"}`);

interface Col {
  head: string;
  tex: string;
  cell: (r: TableRow) => string;
}

const COLS: Col[] = [
  { head: "data set", tex: "data set", cell: (r) => r.name },
  { head: "d", tex: "$d$", cell: (r) => String(r.d) },
  { head: "n", tex: "$n$", cell: (r) => String(r.n) },
  { head: "neurons", tex: "neurons", cell: (r) => String(r.neurons) },
  { head: "loss", tex: "loss", cell: (r) => short(r.loss) },
  { head: "reachable", tex: "reachable", cell: reach },
  { head: "sup\\|f−I\\|", tex: "$\\sup|f-I|$", cell: (r) => short(r.sup) },
  { head: "‖f−I‖₂²", tex: "$\\|f-I\\|_2^2$", cell: (r) => short(r.l2squared) },
  { head: "kinks", tex: "kinks", cell: (r) => String(r.kinks) },
  { head: "on data", tex: "on data", cell: (r) => String(r.kinksOnData) },
  { head: "pieces", tex: "pieces", cell: (r) => String(r.pieces) },
  { head: "= some I_T", tex: "$=I_T$", cell: (r) => r.equalsTriangulation },
  { head: "target", tex: "target", cell: (r) => r.target ?? "" },
  { head: "MSE f", tex: "MSE $f$", cell: (r) => numShort(r.mseGreedy) },
  { head: "MSE I", tex: "MSE $I$", cell: (r) => numShort(r.mseInterpolant) },
];

const NOTES = (t: TableResult): string[] => {
  const L = t.spec.limits;
  return [
    `Greedy: frozen refit, at most ${L.maxNeurons} neurons. Reachable: distinct functions over all extremal choices (MODEL.md §6), depth ≤ ${L.enumerate.maxDepth}, ≤ ${L.enumerate.maxNodes} states, ≤ ${L.enumerate.maxSeconds} s; "+" = enumeration cut by a limit.`,
    `sup and L2² of f − I are exact on the convex hull of the inputs (I = Delaunay interpolant); "= some I_T": f equals the interpolant of some triangulation (≤ ${L.maxTriangulations} tried in 2-D; "unknown" = search cut).`,
    `MSE: mean squared error against the target at ${L.heldOut} seeded held-out points in the hull (seed ${t.spec.seed}); exact unless marked ≈.`,
  ];
};

export function tableMarkdown(t: TableResult): string {
  const cells = (r: TableRow) => COLS.map((c) => c.cell(r).replace(/\|/g, "\\|"));
  const lines = [
    `# ${t.spec.title}`,
    "",
    `| ${COLS.map((c) => c.head).join(" | ")} |`,
    `|${COLS.map((c, i) => (i === 0 || c.head === "target" || c.head === "= some I_T" ? "---" : "--:")).join("|")}|`,
    ...t.rows.map((r) => `| ${cells(r).join(" | ")} |`),
    "",
    ...NOTES(t).map((s) => `- ${s}`),
  ];
  if (t.errors.length) lines.push("", "Not computed:", ...t.errors.map((e) => `- ${e.name}: ${e.message}`));
  return lines.join("\n") + "\n";
}

const csvCell = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const numExact = (v: Num | null): [string, string] => (v === null ? ["", ""] : v.exact ? [formatQ(v.value), String(toFloat(v.value))] : ["", String(v.value)]);

export function tableCsv(t: TableResult): string {
  const head = [
    "name", "d", "n", "neurons", "loss", "loss_float", "stopped", "reachable", "reachable_complete",
    "sup", "sup_float", "l2squared", "l2squared_float", "kinks", "kinks_on_data", "pieces", "equals_triangulation",
    "target", "mse_greedy", "mse_greedy_float", "mse_interpolant", "mse_interpolant_float", "svg",
  ];
  const rows = t.rows.map((r) =>
    [
      r.name, String(r.d), String(r.n), String(r.neurons), formatQ(r.loss), String(toFloat(r.loss)), r.stopped,
      r.reachable === null ? "" : String(r.reachable), r.reachableComplete === null ? "" : String(r.reachableComplete),
      formatQ(r.sup), String(toFloat(r.sup)), formatQ(r.l2squared), String(toFloat(r.l2squared)),
      String(r.kinks), String(r.kinksOnData), String(r.pieces), r.equalsTriangulation, r.target ?? "",
      ...numExact(r.mseGreedy), ...numExact(r.mseInterpolant), r.svg ?? "",
    ].map(csvCell).join(","),
  );
  return [head.join(","), ...rows].join("\n") + "\n";
}

const texEsc = (s: string): string => s.replace(/\\/g, "\\textbackslash{}").replace(/([#$%&_{}])/g, "\\$1").replace(/\^/g, "\\^{}").replace(/~/g, "\\~{}");

export function tableTex(t: TableResult): string {
  const texCell = (c: Col, r: TableRow): string => {
    const v = c.cell(r);
    if (c.head === "target") return v === "" ? "" : `\\texttt{${texEsc(v)}}`;
    if (/^-?\d+\/\d+$/.test(v)) {
      const [p, q] = v.split("/");
      return `$${p!.startsWith("-") ? "-" : ""}\\frac{${p!.replace("-", "")}}{${q}}$`;
    }
    return texEsc(v.replace("≈", "~")).replace("\\~{}", "$\\approx$");
  };
  const lines = [
    "% Generated by qrelu table; requires \\usepackage{booktabs}.",
    "\\begin{table}[ht]",
    "\\centering\\small",
    `\\caption{${texEsc(t.spec.title)}}`,
    `\\begin{tabular}{${COLS.map((c, i) => (i === 0 || c.head === "target" ? "l" : "r")).join("")}}`,
    "\\toprule",
    COLS.map((c) => c.tex).join(" & ") + " \\\\",
    "\\midrule",
    ...t.rows.map((r) => COLS.map((c) => texCell(c, r)).join(" & ") + " \\\\"),
    "\\bottomrule",
    "\\end{tabular}",
    "",
    ...NOTES(t).map((s) => `% ${s}`),
    "\\end{table}",
  ];
  return lines.join("\n") + "\n";
}
