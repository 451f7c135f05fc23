/** `qrelu verify`: the human report, side-by-side tables. */
import { formatQ, toFloat, type Fraction } from "@qrelu/core";
import type { AlignmentRow } from "./alignment";
import type { VerifyReport } from "./run";
import type { StepMatch } from "./steps";

const f5 = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6 ? v.toFixed(5) : v.toExponential(3));
const sgn = (s: number) => (s > 0 ? "+" : "−");
const pad = (s: string, w: number) => (s.length >= w ? s : s + " ".repeat(w - s.length));
const exactF = (x: Fraction) => {
  const t = formatQ(x);
  return t.length > 18 ? `${f5(toFloat(x))} (exact, long)` : `${t} (${f5(toFloat(x))})`;
};

function table(head: string[], rows: string[][]): string[] {
  const w = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => "  " + r.map((v, c) => pad(v, w[c]!)).join(" │ ").trimEnd();
  return [line(head), "  " + w.map((x) => "─".repeat(x)).join("─┼─"), ...rows.map(line)];
}

function faceText(r: AlignmentRow): string {
  const e = r.extremal;
  if (e?.kink) return `${r.face} (kink ${formatQ(e.kink)} ${e.active === "right" ? "→" : "←"})`;
  return r.face;
}

function alignmentLines(r: VerifyReport): string[] {
  const a = r.alignment;
  const rows = a.match.rows.map((x) => [
    x.status,
    sgn(x.sign),
    faceText(x),
    x.extremal ? `${formatQ(x.extremal.rate2)} (${Math.sqrt(toFloat(x.extremal.rate2)).toFixed(4)})` : "—",
    x.cluster ? String(x.cluster.count) : "—",
    x.cluster ? f5(x.cluster.mass) : "—",
    x.cluster?.rate !== undefined ? x.cluster.rate.toFixed(4) : "—",
    x.angle !== null ? `${x.angle.toFixed(3)}°` : "—",
  ]);
  return [
    `1. alignment: aligned neurons at the ${a.at.when} (step ${a.at.step}, τ = ${a.at.tau.toFixed(3)}, loss ${f5(a.at.loss)}) vs the extremal vectors of −y (${a.method})`,
    ...table(["status", "sign", "face", "rate² (rate)", "neurons", "mass", "GD rate", "angle"], rows),
    ...a.match.rows.filter((x) => x.reason).map((x) => `  extra ${sgn(x.sign)} ${x.face}: ${x.reason}`),
    `  verdict: ${a.match.verdict}`,
  ];
}

function stepsLines(r: VerifyReport): string[] {
  const gm = r.greedy.match;
  const lm: StepMatch | null = "unavailable" in r.limit ? null : r.limit.match;
  const n = Math.max(gm.rows.length, lm?.rows.length ?? 0);
  const rows: string[][] = [];
  const mark = (a: boolean | null) => (a === null ? "" : a ? "✓" : "✗");
  const rel = (x: number | null) => (x === null ? "" : `${(100 * x).toFixed(2)}%`);
  for (let k = 0; k < n; k++) {
    const g = gm.rows[k];
    const l = lm?.rows[k];
    const gd = g?.gd ?? l?.gd ?? null;
    rows.push([
      String(k),
      gd ? `${gd.kind}${gd.open ? " (open)" : ""}` : "—",
      gd ? gd.tau.toFixed(3) : "—",
      gd ? f5(gd.loss) : "—",
      g?.model ? exactF(g.model.loss!) : "—",
      g ? `${rel(g.relDiff)} ${mark(g.agree)}`.trim() : "",
      ...(lm
        ? [
            l?.model ? (l.model.loss ? exactF(l.model.loss) : `${f5(l.model.lossFloat)} (float)`) : "—",
            l?.model?.tau !== undefined ? l.model.tau.toFixed(3) : "—",
            l ? `${rel(l.relDiff)} ${mark(l.agree)}`.trim() : "",
          ]
        : []),
    ]);
  }
  const head = ["k", "GD saddle", "τ", "GD loss", "greedy loss", "Δ"];
  if (lm) head.push("limit loss", "limit τ", "Δ");
  return [
    `2. plateaus: gradient descent against the greedy (MODEL.md §5)${lm ? " and the limit predictor (§10)" : ""}; match within ${(100 * r.settings.relTol).toFixed(2)}% of the model's loss`,
    ...table(head, rows),
    `  greedy: ${gm.verdict} (stopped: ${r.greedy.result.stopped})`,
    lm ? `  limit:  ${lm.verdict}` : `  limit:  unavailable — ${"unavailable" in r.limit ? r.limit.unavailable : ""}`,
  ];
}

function finalLines(r: VerifyReport): string[] {
  const f = r.final;
  const out = [
    `3. final function: loss GD ${f5(f.losses.gd)}, greedy ${exactF(f.losses.greedy)}` +
      (f.losses.limit === null ? "" : `, limit ${typeof f.losses.limit === "number" ? f5(f.losses.limit) + " (float)" : exactF(f.losses.limit)}`),
  ];
  if ("unavailable" in f.exact) out.push(`  exact comparison unavailable: ${f.exact.unavailable}`);
  else {
    const c = f.exact;
    out.push(
      `  exact, greedy vs interpolant on the hull: sup ${exactF(c.sup)}, L2² ${exactF(c.l2squared)}; ${c.structure.kinks.length} kinks ` +
        `(${c.structure.kinks.filter((k) => k.onData.length).length} on data points), ${c.structure.pieces} pieces; ` +
        `equals some interpolant: ${c.triangulation ? "yes" : "no"}`,
    );
  }
  if (f.grid) {
    out.push(`  float, trained network vs each on ${f.grid.points} grid points over the hull (equal: sup ≤ ${f.grid.tolerance.toPrecision(3)}):`);
    out.push(
      ...table(
        ["against", "sup (float)", "at", "L2 (float)", "equal"],
        f.distances.map((x) => [x.against, f5(x.distance.sup), `(${x.distance.argsup.map((v) => v.toFixed(3)).join(", ")})`, f5(x.distance.l2), x.equal ? "yes" : "no"]),
      ),
    );
  }
  if (f.kinks) {
    out.push(`  kinks: GD ${f.kinks.gd.map((k) => k.toFixed(4)).join(", ") || "none"}`);
    out.push(`         greedy ${f.kinks.greedy.map((k) => (formatQ(k).length > 12 ? toFloat(k).toFixed(4) : formatQ(k))).join(", ") || "none"}`);
    if (f.kinks.limit) {
      const k = f.kinks.limit.map((x) => (typeof x === "number" ? `${x.toFixed(4)} (float)` : formatQ(x).length > 12 ? toFloat(x).toFixed(4) : formatQ(x)));
      out.push(`         limit ${k.join(", ") || "none"}`);
    }
  }
  out.push(`  verdict: ${f.verdict}`);
  return out;
}

export function verifyText(r: VerifyReport): string {
  const s = r.settings;
  const lines = [
    `verify ${r.source}: n = ${r.n}, d = ${r.d}; width ${s.width}, ${s.init} start ε = ${s.initScale}, η = ${s.lr}, ${s.stepsRun} steps, seed ${s.seed}` +
      (s.leaky ? `, leaky α = ${s.leaky}` : ""),
    `τ = step·η / log(1/ε) = step·η / ${s.logInvEps.toFixed(3)}`,
    "",
    ...alignmentLines(r),
    "",
    ...stepsLines(r),
    "",
    ...finalLines(r),
  ];
  if (r.notes.length) lines.push("", ...r.notes.map((n) => `note: ${n}`));
  lines.push(
    "",
    "summary:",
    `  1 alignment: ${r.alignment.match.verdict}`,
    `  2 greedy plateaus: ${r.greedy.match.verdict}`,
    `  3 final function: ${r.final.verdict}`,
    `  4 limit plateaus: ${"unavailable" in r.limit ? "unavailable" : r.limit.match.verdict}`,
  );
  return lines.join("\n");
}
