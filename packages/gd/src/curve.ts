/**
 * The thinned loss curve: one record per block of `every` steps, holding the loss at the block's
 * first step and the block's min, max and mean. Bounded size (≤ maxRecords + 1 records) and every
 * extremum is kept inside its block's [min, max], so a chattering plateau shows as a band.
 */
export interface Curve {
  /** Steps per block. */
  every: number;
  /** Number of records. */
  length: number;
  /** First step of each block (the last record is the end point: step = steps, one value). */
  step: Float64Array;
  /** τ = step·η / log(1/ε) at `step`. */
  tau: Float64Array;
  loss: Float64Array;
  min: Float64Array;
  max: Float64Array;
  mean: Float64Array;
}

export function makeCurve(steps: number, maxRecords: number): Curve {
  const every = Math.max(1, Math.ceil(steps / maxRecords));
  const cap = Math.ceil(steps / every) + 1;
  return {
    every,
    length: 0,
    step: new Float64Array(cap),
    tau: new Float64Array(cap),
    loss: new Float64Array(cap),
    min: new Float64Array(cap),
    max: new Float64Array(cap),
    mean: new Float64Array(cap),
  };
}

/** Append a block (or the one-value end point). */
export function pushRecord(cv: Curve, step: number, tau: number, first: number, min: number, max: number, mean: number): void {
  const k = cv.length++;
  cv.step[k] = step;
  cv.tau[k] = tau;
  cv.loss[k] = first;
  cv.min[k] = min;
  cv.max[k] = max;
  cv.mean[k] = mean;
}

/** Plain-array view of the curve (for JSON). */
export function curveRows(cv: Curve): { step: number; tau: number; loss: number; min: number; max: number; mean: number }[] {
  return Array.from({ length: cv.length }, (_, k) => ({
    step: cv.step[k]!,
    tau: cv.tau[k]!,
    loss: cv.loss[k]!,
    min: cv.min[k]!,
    max: cv.max[k]!,
    mean: cv.mean[k]!,
  }));
}

/** The curve as a plateau-detector series: block means as the level, block min/max as the band. */
export function seriesOf(cv: Curve): { tau: Float64Array; step: Float64Array; loss: Float64Array; min: Float64Array; max: Float64Array; length: number } {
  return { tau: cv.tau, step: cv.step, loss: cv.mean, min: cv.min, max: cv.max, length: cv.length };
}
