/**
 * Plateaus (saddles) and jumps on a loss curve, in τ (MODEL.md §10).
 *
 * A plateau is a band, not a flat run: discrete gradient descent chatters where a neuron sits on a
 * data point's ray (≈ 0.4 % at step 2e−3), and some saddles are passed as slow slopes (ε = 1e−7 on
 * the worked example). The rule:
 *
 * 1. Trend. At each record k, δ_k = (m_left − m_right) / L_k: the relative drop between the medians
 *    of the records in [τ_k − W, τ_k] and in [τ_k, τ_k + W]. Medians of block means ignore chatter.
 * 2. Flat runs. Records with |δ_k| ≤ flatTol form runs, each ended also where the loss leaves
 *    the band around the run's running mean; consecutive runs whose median losses agree
 *    within `band` (relative) merge, with what lies between them, when that stays inside the band.
 *    Runs shorter than minDuration (in τ) are dropped. Kind "flat"; a run that begins where the
 *    previous one left its band (no jump between) is kind "slow": a slow descent, not a saddle.
 * 3. Slopes. Between two plateaus the curve descends; a local minimum δ_min of δ there is a saddle
 *    passed without stopping when the jumps beside it (the largest δ on each side within the gap)
 *    are, the larger one ≥ δ_min / slopeRatio and the smaller one ≥ prominence · δ_min. Kind
 *    "slope"; its τ-range is where δ stays below halfway from δ_min to the smaller jump, its loss
 *    the loss at the minimum (the curve is still descending there: an estimate from below).
 * 4. Losses at or below zeroLoss (absolute) count as zero and are flat.
 * Jumps are the stretches between consecutive plateaus, with the τ of the steepest descent.
 */

export interface Series {
  tau: ArrayLike<number>;
  step: ArrayLike<number>;
  /** Representative loss per record (block mean for a thinned curve). */
  loss: ArrayLike<number>;
  /** Band per record (block min and max); default: the loss itself. */
  min?: ArrayLike<number>;
  max?: ArrayLike<number>;
  /** Number of records (default loss.length). */
  length?: number;
}

export interface PlateauOptions {
  /** Half-window W in τ (default 0.02). */
  window?: number;
  /** Largest |δ| (relative drop over W) that counts as flat (default 0.005). */
  flatTol?: number;
  /** Relative band within which two flat runs are one plateau (default 0.01). */
  band?: number;
  /** Shortest plateau in τ (default 0.01). */
  minDuration?: number;
  /** A slope saddle's δ is at most this fraction of the larger jump beside it (default 0.2)… */
  slopeRatio?: number;
  /** …and the smaller jump beside it is at least this multiple of it (default 1.5). */
  prominence?: number;
  /** Absolute loss counted as zero (default 1e−9 × the first loss). */
  zeroLoss?: number;
}

export interface Plateau {
  kind: "flat" | "slope" | "slow";
  tauStart: number;
  tauEnd: number;
  stepStart: number;
  stepEnd: number;
  /** Median loss in the band (flat) or the loss at the slowest point (slope). */
  loss: number;
  /** Lowest and highest loss seen in it. */
  lossMin: number;
  lossMax: number;
  /** Relative drop per unit τ across it (0 for a perfectly flat band). */
  slope: number;
  /** Starts at the first record (the saddle at the origin) / reaches the last record (run ended on it). */
  initial: boolean;
  open: boolean;
}

export interface Jump {
  tauStart: number;
  tauEnd: number;
  stepStart: number;
  stepEnd: number;
  lossBefore: number;
  lossAfter: number;
  /** τ and step of the steepest relative descent. */
  tauSteepest: number;
  stepSteepest: number;
}

export interface PlateauAnalysis {
  plateaus: Plateau[];
  jumps: Jump[];
  /** δ per record, for plots and debugging. */
  trend: Float64Array;
}

function median(xs: number[]): number {
  xs.sort((a, b) => a - b);
  const h = xs.length >> 1;
  return xs.length % 2 ? xs[h]! : 0.5 * (xs[h - 1]! + xs[h]!);
}

/** δ_k of rule 1. */
export function trendOf(s: Series, window: number, zeroLoss: number): Float64Array {
  const N = s.length ?? s.loss.length;
  const out = new Float64Array(N);
  const buf: number[] = [];
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < N; k++) {
    const t = s.tau[k]!;
    while (s.tau[lo]! < t - window) lo++;
    while (hi + 1 < N && s.tau[hi + 1]! <= t + window) hi++;
    buf.length = 0;
    for (let q = lo; q <= k; q++) buf.push(s.loss[q]!);
    const left = median(buf);
    buf.length = 0;
    for (let q = k; q <= hi; q++) buf.push(s.loss[q]!);
    const right = median(buf);
    const level = s.loss[k]!;
    out[k] = level <= zeroLoss && left <= zeroLoss ? 0 : (left - right) / Math.max(level, zeroLoss);
  }
  return out;
}

export function detectPlateaus(s: Series, opts: PlateauOptions = {}): PlateauAnalysis {
  const N = s.length ?? s.loss.length;
  const W = opts.window ?? 0.02;
  const flatTol = opts.flatTol ?? 0.005;
  const band = opts.band ?? 0.01;
  const minDuration = opts.minDuration ?? 0.01;
  const slopeRatio = opts.slopeRatio ?? 0.2;
  const prominence = opts.prominence ?? 1.5;
  const zeroLoss = opts.zeroLoss ?? 1e-9 * (N > 0 ? s.loss[0]! : 0);
  const lo = s.min ?? s.loss;
  const hi = s.max ?? s.loss;
  const trend = trendOf(s, W, zeroLoss);
  if (N === 0) return { plateaus: [], jumps: [], trend };

  const medianOf = (a: number, b: number) => median(Array.from({ length: b - a + 1 }, (_, q) => s.loss[a + q]!));
  // Rule 2: flat runs, then merges within the band.
  let runs: { a: number; b: number; med: number; slow: boolean }[] = [];
  for (let k = 0; k < N; ) {
    if (Math.abs(trend[k]!) > flatTol) {
      k++;
      continue;
    }
    // Extend while flat and inside the band around the run's running mean (a slow descent
    // that stays flat by δ still ends the plateau once it leaves the band).
    let b = k;
    let sum = s.loss[k]!;
    while (b + 1 < N && Math.abs(trend[b + 1]!) <= flatTol) {
      const mean = sum / (b - k + 1);
      if (Math.abs(s.loss[b + 1]! - mean) > Math.max(band * mean, zeroLoss)) break;
      b++;
      sum += s.loss[b]!;
    }
    // A run that starts where the previous one left the band is a slow descent, not a saddle.
    runs.push({ a: k, b, med: medianOf(k, b), slow: runs.at(-1)?.b === k - 1 });
    k = b + 1;
  }
  const merged: typeof runs = [];
  for (const r of runs) {
    const prev = merged.at(-1);
    if (prev) {
      const tolAbs = Math.max(band * Math.max(prev.med, r.med), zeroLoss);
      let inside = Math.abs(prev.med - r.med) <= tolAbs;
      for (let q = prev.b + 1; inside && q < r.a; q++) inside = Math.abs(s.loss[q]! - prev.med) <= tolAbs;
      if (inside) {
        prev.b = r.b;
        prev.med = medianOf(prev.a, prev.b);
        continue;
      }
    }
    merged.push({ ...r });
  }
  runs = merged.filter((r) => s.tau[r.b]! - s.tau[r.a]! >= minDuration || r.b === N - 1 || r.a === 0);

  const plateauOf = (kind: Plateau["kind"], a: number, b: number, loss: number): Plateau => {
    let mn = Infinity;
    let mx = -Infinity;
    for (let q = a; q <= b; q++) {
      mn = Math.min(mn, lo[q]!);
      mx = Math.max(mx, hi[q]!);
    }
    const dt = s.tau[b]! - s.tau[a]!;
    const drop = (s.loss[a]! - s.loss[b]!) / Math.max(loss, zeroLoss);
    return {
      kind,
      tauStart: s.tau[a]!,
      tauEnd: s.tau[b]!,
      stepStart: s.step[a]!,
      stepEnd: s.step[b]!,
      loss,
      lossMin: mn,
      lossMax: mx,
      slope: dt > 0 ? drop / dt : 0,
      initial: a === 0,
      open: b === N - 1,
    };
  };
  const spans: { a: number; b: number; p: Plateau }[] = runs.map((r) => ({
    a: r.a,
    b: r.b,
    p: plateauOf(r.slow ? "slow" : "flat", r.a, r.b, r.med),
  }));

  // Rule 3: slow points between plateaus (and before the first / after the last one).
  const slopes: typeof spans = [];
  const bounds = [-1, ...spans.flatMap((sp) => [sp.a, sp.b]), N].sort((x, y) => x - y);
  for (let g = 0; g + 1 < bounds.length; g += 2) {
    const ga = bounds[g]! + 1;
    const gb = bounds[g + 1]! - 1;
    for (let k = ga + 1; k < gb; k++) {
      const t = trend[k]!;
      if (!(t > flatTol && t <= trend[k - 1]! && t <= trend[k + 1]!)) continue;
      let leftPeak = 0;
      for (let q = ga; q < k; q++) leftPeak = Math.max(leftPeak, trend[q]!);
      let rightPeak = 0;
      for (let q = k + 1; q <= gb; q++) rightPeak = Math.max(rightPeak, trend[q]!);
      if (t > slopeRatio * Math.max(leftPeak, rightPeak) || t * prominence > Math.min(leftPeak, rightPeak)) continue;
      const cut = 0.5 * (t + Math.min(leftPeak, rightPeak));
      let a = k;
      while (a > ga && trend[a - 1]! <= cut) a--;
      let b = k;
      while (b < gb && trend[b + 1]! <= cut) b++;
      if (slopes.some((sp) => sp.b >= a)) continue; // same slow stretch, already taken
      slopes.push({ a, b, p: plateauOf("slope", a, b, s.loss[k]!) });
    }
  }
  const all = [...spans, ...slopes].sort((x, y) => x.a - y.a);

  const jumps: Jump[] = [];
  for (let q = 0; q + 1 < all.length; q++) {
    const from = all[q]!;
    const to = all[q + 1]!;
    let steep = from.b;
    for (let k = from.b; k <= to.a; k++) if (trend[k]! > trend[steep]!) steep = k;
    jumps.push({
      tauStart: s.tau[from.b]!,
      tauEnd: s.tau[to.a]!,
      stepStart: s.step[from.b]!,
      stepEnd: s.step[to.a]!,
      lossBefore: from.p.loss,
      lossAfter: to.p.loss,
      tauSteepest: s.tau[steep]!,
      stepSteepest: s.step[steep]!,
    });
  }
  return { plateaus: all.map((x) => x.p), jumps, trend };
}
