/**
 * SVG plots of a comparison, built as strings (no browser). Floats only here: positions
 * and colours are display; every number printed in a title comes from the exact result.
 *
 * 1-D: data points, the ridge sum f over a box around the hull, the interpolant on the
 * hull, the target if given, kinks marked (on a data point: filled square; elsewhere:
 * open circle), axes with ticks, a legend.
 * 2-D: the refinement cells filled by f − I at their vertex average (diverging colours,
 * symmetric in ±sup), the triangulation, the kink lines clipped to the box (solid when
 * through a data point, dashed otherwise), the data, a colour bar.
 */
import { Fraction, toFloat, type DataSet, type ReluSum } from "@qrelu/core";
import type { Comparison } from "./compare";
import { targetFloat, type Target } from "./expr";
import { evalRidgesFloat, kinkPoint1d } from "./ridges";
import { axes, diverging, esc, fmt, legend, px, svgDocument, sx, sy, type Frame } from "./svg";

export interface PlotOptions {
  title?: string;
  target?: Target;
  width?: number;
  height?: number;
}

const C = { greedy: "#d62728", interp: "#1f77b4", target: "#7f7f7f", data: "#111", kink: "#2ca02c" };

export function plotSvg(ds: DataSet, f: ReluSum, cmp: Comparison, opts: PlotOptions = {}): string {
  return ds.d === 1 ? plot1d(ds, f, cmp, opts) : plot2d(ds, f, cmp, opts);
}

function titleOf(ds: DataSet, cmp: Comparison, opts: PlotOptions): string {
  const t = opts.title ?? ds.source;
  return `${t} — sup|f−I| = ${fmt(toFloat(cmp.sup))}, ‖f−I‖₂² = ${fmt(toFloat(cmp.l2squared))} on the hull`;
}

function plot1d(ds: DataSet, f: ReluSum, cmp: Comparison, opts: PlotOptions): string {
  const W = opts.width ?? 760;
  const H = (opts.height ?? 440) + 18 * (opts.target ? 6 : 5) + 20;
  const xs = ds.x.map((p) => toFloat(p[0]!));
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = (hi - lo) * 0.08 || 1;
  const X0 = lo - pad;
  const X1 = hi + pad;
  // f is linear between its kinks: a polyline through the box ends and the kinks inside is exact.
  const kinks = cmp.kinks.map((k, i) => ({ x: toFloat(kinkPoint1d(k)), onData: cmp.structure.kinks[i]!.onData.length > 0 }));
  const fx = [X0, ...kinks.map((k) => k.x).filter((x) => x > X0 && x < X1), X1];
  const fy = fx.map((x) => evalRidgesFloat(f, [x]));
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]!);
  const ys = ds.y.map(toFloat);
  const tpts: [number, number][] = [];
  if (opts.target) for (let i = 0; i <= 400; i++) {
    const x = X0 + ((X1 - X0) * i) / 400;
    const y = targetFloat(opts.target, [x]);
    if (Number.isFinite(y)) tpts.push([x, y]);
  }
  const allY = [...ys, ...fy, ...tpts.map((p) => p[1])];
  let y0 = Math.min(...allY);
  let y1 = Math.max(...allY);
  const ypad = (y1 - y0) * 0.08 || 1;
  y0 -= ypad;
  y1 += ypad;
  const F: Frame = { left: 70, top: 40, width: W - 100, height: (opts.height ?? 440) - 100, x0: X0, x1: X1, y0, y1 };
  const line = (pts: [number, number][]) => pts.map(([x, y]) => `${px(sx(F, x))},${px(sy(F, y))}`).join(" ");
  const body: string[] = [];
  body.push(`<text x="${px(W / 2)}" y="22" text-anchor="middle" font-size="13">${esc(titleOf(ds, cmp, opts))}</text>`);
  body.push(`<defs><clipPath id="plot"><rect x="${px(F.left)}" y="${px(F.top)}" width="${px(F.width)}" height="${px(F.height)}"/></clipPath></defs>`);
  body.push(axes(F, "x", "y"));
  // Hull shading, so the reader sees where the comparison is taken.
  body.push(`<rect x="${px(sx(F, lo))}" y="${px(F.top)}" width="${px(sx(F, hi) - sx(F, lo))}" height="${px(F.height)}" fill="#f2f2f2"/>`);
  const g: string[] = [];
  for (const k of kinks) {
    if (k.x < X0 || k.x > X1) continue;
    g.push(`<line x1="${px(sx(F, k.x))}" y1="${px(F.top)}" x2="${px(sx(F, k.x))}" y2="${px(F.top + F.height)}" stroke="${C.kink}" stroke-width="0.8" stroke-dasharray="2,3"/>`);
  }
  if (tpts.length) g.push(`<polyline points="${line(tpts)}" fill="none" stroke="${C.target}" stroke-width="1.5" stroke-dasharray="1,2"/>`);
  g.push(`<polyline points="${line(order.map((i) => [xs[i]!, ys[i]!]))}" fill="none" stroke="${C.interp}" stroke-width="2" stroke-dasharray="7,4"/>`);
  g.push(`<polyline points="${line(fx.map((x, i) => [x, fy[i]!]))}" fill="none" stroke="${C.greedy}" stroke-width="2"/>`);
  for (const k of kinks) {
    if (k.x < X0 || k.x > X1) continue;
    const X = sx(F, k.x);
    const Y = sy(F, evalRidgesFloat(f, [k.x]));
    g.push(
      k.onData
        ? `<rect x="${px(X - 5)}" y="${px(Y - 5)}" width="10" height="10" fill="${C.kink}"/>`
        : `<circle cx="${px(X)}" cy="${px(Y)}" r="5" fill="white" stroke="${C.kink}" stroke-width="2"/>`,
    );
  }
  for (let i = 0; i < xs.length; i++) g.push(`<circle cx="${px(sx(F, xs[i]!))}" cy="${px(sy(F, ys[i]!))}" r="3.5" fill="${C.data}"/>`);
  body.push(`<g clip-path="url(#plot)">${g.join("\n")}</g>`);
  const entries = [
    { glyph: `<circle cx="11" cy="0" r="3.5" fill="${C.data}"/>`, label: "data" },
    { glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="${C.greedy}" stroke-width="2"/>`, label: `greedy f (${f.terms.length} neurons)` },
    { glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="${C.interp}" stroke-width="2" stroke-dasharray="7,4"/>`, label: "interpolant I" },
    { glyph: `<rect x="6" y="-5" width="10" height="10" fill="${C.kink}"/>`, label: "kink on a data point" },
    { glyph: `<circle cx="11" cy="0" r="5" fill="white" stroke="${C.kink}" stroke-width="2"/>`, label: "kink between data" },
  ];
  if (opts.target) entries.push({ glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="${C.target}" stroke-width="1.5" stroke-dasharray="1,2"/>`, label: `target ${opts.target.text}` });
  body.push(legend(F.left, F.top + F.height + 46, entries));
  return svgDocument(W, H, body);
}

/** Clip the line a x + b y + c = 0 to the frame's box; null when it misses. */
function clipLine(F: Frame, n: readonly number[]): [number, number, number, number] | null {
  const [a, b, c] = n as [number, number, number];
  const pts: [number, number][] = [];
  if (b !== 0) for (const x of [F.x0, F.x1]) {
    const y = -(a * x + c) / b;
    if (y >= F.y0 && y <= F.y1) pts.push([x, y]);
  }
  if (a !== 0) for (const y of [F.y0, F.y1]) {
    const x = -(b * y + c) / a;
    if (x >= F.x0 && x <= F.x1) pts.push([x, y]);
  }
  if (pts.length < 2) return null;
  // The two farthest apart (corners may repeat).
  let best: [number, number, number, number] = [...pts[0]!, ...pts[1]!];
  let dist = -1;
  for (const p of pts) for (const q of pts) {
    const dd = (p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2;
    if (dd > dist) {
      dist = dd;
      best = [p[0], p[1], q[0], q[1]];
    }
  }
  return best;
}

function plot2d(ds: DataSet, _f: ReluSum, cmp: Comparison, opts: PlotOptions): string {
  const W = opts.width ?? 760;
  const side = Math.min(W - 190, 560);
  const H = opts.height ?? side + 40 + 50 + 90;
  const xs = ds.x.map((p) => [toFloat(p[0]!), toFloat(p[1]!)] as [number, number]);
  const lo = [Math.min(...xs.map((p) => p[0])), Math.min(...xs.map((p) => p[1]))];
  const hi = [Math.max(...xs.map((p) => p[0])), Math.max(...xs.map((p) => p[1]))];
  const span = Math.max(hi[0]! - lo[0]!, hi[1]! - lo[1]!) || 1;
  const pad = span * 0.08;
  // Equal scales on both axes: the box is a square around the data.
  const cx = (lo[0]! + hi[0]!) / 2;
  const cy = (lo[1]! + hi[1]!) / 2;
  const half = span / 2 + pad;
  const F: Frame = { left: 70, top: 40, width: side, height: side, x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
  const sup = toFloat(cmp.sup);
  const body: string[] = [];
  body.push(`<text x="${px(W / 2)}" y="22" text-anchor="middle" font-size="13">${esc(titleOf(ds, cmp, opts))}</text>`);
  body.push(`<defs><clipPath id="plot"><rect x="${px(F.left)}" y="${px(F.top)}" width="${px(F.width)}" height="${px(F.height)}"/></clipPath></defs>`);
  const g: string[] = [];
  for (const c of cmp.refinement.cells) {
    // f − I is affine on the cell: its value at the vertex average is the average of the vertex values.
    const diff = c.f.reduce((acc, v, i) => acc + toFloat(v.sub(c.I[i]!)), 0) / c.f.length;
    const pts = c.verts.map((v) => `${px(sx(F, toFloat(v[0]!)))},${px(sy(F, toFloat(v[1]!)))}`).join(" ");
    const col = diverging(sup > 0 ? diff / sup : 0);
    g.push(`<polygon points="${pts}" fill="${col}" stroke="${col}" stroke-width="0.3"/>`);
  }
  for (const s of cmp.delaunay.simplices) {
    const pts = s.map((i) => `${px(sx(F, xs[i]![0]))},${px(sy(F, xs[i]![1]))}`).join(" ");
    g.push(`<polygon points="${pts}" fill="none" stroke="#555" stroke-width="0.7"/>`);
  }
  cmp.kinks.forEach((k, i) => {
    // Scale by the largest entry before rounding: greedy normals can exceed the float range.
    const big = k.normal.reduce((m, v) => (v < 0n ? (-v > m ? -v : m) : v > m ? v : m), 1n);
    const seg = clipLine(F, k.normal.map((v) => toFloat(new Fraction(v, big))));
    if (!seg) return;
    const onData = cmp.structure.kinks[i]!.onData.length > 0;
    g.push(
      `<line x1="${px(sx(F, seg[0]))}" y1="${px(sy(F, seg[1]))}" x2="${px(sx(F, seg[2]))}" y2="${px(sy(F, seg[3]))}" stroke="${C.kink}" stroke-width="1.6"${onData ? "" : ' stroke-dasharray="6,4"'}/>`,
    );
  });
  for (const p of xs) g.push(`<circle cx="${px(sx(F, p[0]))}" cy="${px(sy(F, p[1]))}" r="3" fill="${C.data}"/>`);
  body.push(`<g clip-path="url(#plot)">${g.join("\n")}</g>`);
  body.push(axes(F, "x1", "x2"));
  // Colour bar.
  const bx = F.left + F.width + 30;
  const steps = 40;
  for (let i = 0; i < steps; i++) {
    const t = 1 - (2 * (i + 0.5)) / steps;
    body.push(`<rect x="${px(bx)}" y="${px(F.top + (F.height * i) / steps)}" width="18" height="${px(F.height / steps + 0.5)}" fill="${diverging(t)}"/>`);
  }
  body.push(`<rect x="${px(bx)}" y="${px(F.top)}" width="18" height="${px(F.height)}" fill="none" stroke="#333"/>`);
  for (const [t, label] of [[1, fmt(sup)], [0, "0"], [-1, fmt(-sup)]] as const) {
    const Y = F.top + (F.height * (1 - t)) / 2;
    body.push(`<line x1="${px(bx + 18)}" y1="${px(Y)}" x2="${px(bx + 23)}" y2="${px(Y)}" stroke="#333"/><text x="${px(bx + 26)}" y="${px(Y + 4)}">${esc(label)}</text>`);
  }
  body.push(`<text x="${px(bx + 9)}" y="${px(F.top - 8)}" text-anchor="middle">f − I</text>`);
  body.push(
    legend(F.left, F.top + F.height + 44, [
      { glyph: `<circle cx="11" cy="0" r="3" fill="${C.data}"/>`, label: "data" },
      { glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="#555"/>`, label: "Delaunay triangulation" },
      { glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="${C.kink}" stroke-width="1.6"/>`, label: "kink line through a data point" },
      { glyph: `<line x1="0" y1="0" x2="22" y2="0" stroke="${C.kink}" stroke-width="1.6" stroke-dasharray="6,4"/>`, label: "kink line (no data point)" },
    ]),
  );
  return svgDocument(W, H, body);
}
