/**
 * Items 2 and 4 of `qrelu verify`: the plateau losses of gradient descent against a model's exact
 * step losses (the greedy of MODEL.md §5, the limit predictor of §10), step by step.
 *
 * Rule (documented in docs/verify.md): the saddles of gradient descent are its plateaus of kind
 * "flat" and "slope" in order, the start included as step 0 ("slow" stretches are slow descents,
 * not saddles, and are left out). Plateau k is matched to the model's step k (step 0 = the origin,
 * loss ½|y|²) by index. They agree when |L_gd − L_model| ≤ relTol · L_model (default 1 %); a model
 * loss of 0 is matched by L_gd ≤ zeroTol · ½|y|² (default 1e-6). The first k that does not agree is
 * where they part; when one sequence ends first, the verdict says which.
 *
 * `qrelu fidelity` (limit/src/fidelity.ts `compareSequences`) uses a different rule on purpose: a
 * pass/fail over a family, symmetric tolerance with an absolute floor, the model cut at the run's
 * horizon, any extra or missing plateau a failure.
 */
import { toFloat, type Fraction } from "@qrelu/core";

export interface GdSaddle {
  kind: "flat" | "slope" | "slow";
  tau: number;
  step: number;
  loss: number;
  open?: boolean;
}

export interface ModelStep {
  /** Exact loss; null when the model knows only the float (a limit step without an exact rest point). */
  loss: Fraction | null;
  lossFloat: number;
  /** τ of the step, when the model has a clock (the limit predictor). */
  tau?: number;
}

export interface StepRow {
  k: number;
  gd: GdSaddle | null;
  model: ModelStep | null;
  /** (L_gd − L_model) / L_model, null when either is missing or L_model = 0. */
  relDiff: number | null;
  agree: boolean | null;
}

export interface StepMatch {
  rows: StepRow[];
  /** Number of steps after the start that agree before the first disagreement. */
  followed: number;
  /** First step k ≥ 1 where they differ (null: none within the shorter sequence). */
  partedAt: number | null;
  verdict: string;
}

export interface StepMatchOptions {
  relTol?: number;
  zeroTol?: number;
}

/** GD saddles from the detector's plateaus: flat and slope ones, in order. */
export function gdSaddles(plateaus: readonly GdSaddle[]): GdSaddle[] {
  return plateaus.filter((p) => p.kind !== "slow");
}

/** A model step from an exact loss. */
export const exactStep = (loss: Fraction, tau?: number): ModelStep => ({ loss, lossFloat: toFloat(loss), tau });

export function matchSteps(gd: readonly GdSaddle[], model: readonly ModelStep[], opts: StepMatchOptions = {}): StepMatch {
  const relTol = opts.relTol ?? 0.01;
  const zeroTol = opts.zeroTol ?? 1e-6;
  const L0 = model.length ? model[0]!.lossFloat : gd.length ? gd[0]!.loss : 0;
  const rows: StepRow[] = [];
  for (let k = 0; k < Math.max(gd.length, model.length); k++) {
    const g = gd[k] ?? null;
    const m = model[k] ?? null;
    let relDiff: number | null = null;
    let agree: boolean | null = null;
    if (g && m) {
      const lm = m.lossFloat;
      if (lm === 0) agree = g.loss <= zeroTol * L0;
      else {
        relDiff = (g.loss - lm) / lm;
        agree = Math.abs(relDiff) <= relTol;
      }
    }
    rows.push({ k, gd: g, model: m, relDiff, agree });
  }
  const firstBad = rows.findIndex((r) => r.k >= 1 && r.agree === false);
  const common = Math.min(gd.length, model.length);
  let followed: number;
  let partedAt: number | null;
  let verdict: string;
  if (firstBad >= 0) {
    partedAt = firstBad;
    followed = firstBad - 1;
    verdict = `followed for ${followed} plateau(s), parted at step ${firstBad}`;
  } else {
    partedAt = null;
    followed = Math.max(0, common - 1);
    if (gd.length === model.length) verdict = `matched: all ${followed} step(s)`;
    else if (gd.length < model.length) verdict = `matched ${followed} step(s); gradient descent shows no more plateaus (run ended or steps merged)`;
    else verdict = `matched ${followed} step(s); the model stops there, gradient descent goes on`;
  }
  return { rows, followed, partedAt, verdict };
}
