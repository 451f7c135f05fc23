/** Small SVG-building helpers: escaping, number formatting, axis ticks, a diverging colour map. */

export const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Coordinates in the SVG: two decimals are plenty and keep files small and deterministic. */
export const px = (v: number): string => (Math.round(v * 100) / 100).toString();

/** A short human label for a float (display only). */
export function fmt(v: number, digits = 4): string {
  if (v === 0) return "0";
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1e-3 && a < 1e5) return String(Number(v.toPrecision(digits)));
  return v.toExponential(digits - 1);
}

/** "Nice" tick positions (1-2-5 steps) covering [lo, hi]. */
export function ticks(lo: number, hi: number, target = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/** Diverging colour map for t ∈ [−1, 1]: blue (−1) through white (0) to red (+1). */
export function diverging(t: number): string {
  const c = Math.max(-1, Math.min(1, Number.isFinite(t) ? t : 0));
  const lerp = (a: number, b: number, u: number) => Math.round(a + (b - a) * u);
  const [r, g, b] = c < 0 ? [lerp(247, 33, -c), lerp(247, 102, -c), lerp(247, 172, -c)] : [lerp(247, 178, c), lerp(247, 24, c), lerp(247, 43, c)];
  return `rgb(${r},${g},${b})`;
}

export interface Frame {
  /** Plot area in SVG pixels. */
  left: number;
  top: number;
  width: number;
  height: number;
  /** Data range shown. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export const sx = (F: Frame, x: number): number => F.left + ((x - F.x0) / (F.x1 - F.x0)) * F.width;
export const sy = (F: Frame, y: number): number => F.top + F.height - ((y - F.y0) / (F.y1 - F.y0)) * F.height;

/** Axes with ticks and labels (the frame is drawn as a box). */
export function axes(F: Frame, xLabel: string, yLabel: string): string {
  const parts: string[] = [];
  parts.push(`<rect x="${px(F.left)}" y="${px(F.top)}" width="${px(F.width)}" height="${px(F.height)}" fill="none" stroke="#333" stroke-width="1"/>`);
  for (const t of ticks(F.x0, F.x1)) {
    const X = sx(F, t);
    parts.push(`<line x1="${px(X)}" y1="${px(F.top + F.height)}" x2="${px(X)}" y2="${px(F.top + F.height + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${px(X)}" y="${px(F.top + F.height + 18)}" text-anchor="middle">${esc(fmt(t))}</text>`);
  }
  for (const t of ticks(F.y0, F.y1)) {
    const Y = sy(F, t);
    parts.push(`<line x1="${px(F.left - 5)}" y1="${px(Y)}" x2="${px(F.left)}" y2="${px(Y)}" stroke="#333"/>`);
    parts.push(`<text x="${px(F.left - 8)}" y="${px(Y + 4)}" text-anchor="end">${esc(fmt(t))}</text>`);
  }
  parts.push(`<text x="${px(F.left + F.width / 2)}" y="${px(F.top + F.height + 36)}" text-anchor="middle">${esc(xLabel)}</text>`);
  parts.push(
    `<text x="${px(F.left - 44)}" y="${px(F.top + F.height / 2)}" text-anchor="middle" transform="rotate(-90 ${px(F.left - 44)} ${px(F.top + F.height / 2)})">${esc(yLabel)}</text>`,
  );
  return parts.join("\n");
}

export function svgDocument(width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    "</svg>",
    "",
  ].join("\n");
}

/** Legend entries: a sample glyph (SVG fragment drawn at the origin) and a label. */
export function legend(x: number, y: number, entries: { glyph: string; label: string }[]): string {
  const h = 18 * entries.length + 8;
  const w = 12 + 30 + Math.max(...entries.map((e) => e.label.length)) * 6.6;
  const rows = entries.map(
    (e, i) => `<g transform="translate(${px(x + 8)},${px(y + 14 + 18 * i)})">${e.glyph}<text x="30" y="4">${esc(e.label)}</text></g>`,
  );
  return [`<rect x="${px(x)}" y="${px(y)}" width="${px(w)}" height="${px(h)}" fill="white" fill-opacity="0.9" stroke="#999"/>`, ...rows].join("\n");
}
