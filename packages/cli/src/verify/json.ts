/** `qrelu verify --json`: the structured mirror of the report (rationals as "p/q" with floats beside). */
import { reluSumToJson, type Fraction } from "@qrelu/core";
import { jq, jqf } from "../io";
import type { AlignmentRow } from "./alignment";
import type { VerifyReport } from "./run";
import type { ModelStep, StepMatch } from "./steps";

const stepJson = (s: ModelStep | null) => (s ? { loss: s.loss ? jq(s.loss) : null, lossFloat: s.lossFloat, ...(s.tau !== undefined ? { tau: s.tau } : {}) } : null);

function matchJson(m: StepMatch) {
  return {
    verdict: m.verdict,
    followed: m.followed,
    partedAt: m.partedAt,
    rows: m.rows.map((r) => ({ k: r.k, gd: r.gd, model: stepJson(r.model), relDiff: r.relDiff, agree: r.agree })),
  };
}

function alignmentRowJson(r: AlignmentRow) {
  const e = r.extremal;
  return {
    status: r.status,
    sign: r.sign,
    face: r.face,
    extremal: e
      ? {
          u: e.u.map(jq),
          rate2: jqf(e.rate2),
          rate: Math.sqrt(jqf(e.rate2).float),
          ...(e.kink ? { kink: jqf(e.kink), active: e.active } : {}),
        }
      : null,
    cluster: r.cluster,
    angleDegrees: r.angle,
    ...(r.reason ? { reason: r.reason } : {}),
  };
}

const q = (x: Fraction | number | null) => (x === null ? null : typeof x === "number" ? x : jqf(x));

export function verifyJson(r: VerifyReport) {
  const f = r.final;
  return {
    source: r.source,
    n: r.n,
    d: r.d,
    settings: r.settings,
    gd: r.gd,
    alignment: {
      at: r.alignment.at,
      extremalMethod: r.alignment.method,
      verdict: r.alignment.match.verdict,
      matched: r.alignment.match.matched,
      missing: r.alignment.match.missing,
      extra: r.alignment.match.extra,
      rows: r.alignment.match.rows.map(alignmentRowJson),
    },
    greedy: {
      stopped: r.greedy.result.stopped,
      method: r.greedy.result.method,
      steps: r.greedy.result.steps.map((s, k) => ({
        k: k + 1,
        sign: s.chosen.sign,
        direction: s.chosen.direction.map(String),
        rate2: jqf(s.chosen.rate2),
        loss: jqf(s.loss),
        ties: s.ties.length,
      })),
      function: reluSumToJson(r.greedy.result.function),
      plateaus: matchJson(r.greedy.match),
    },
    limit:
      "unavailable" in r.limit
        ? { unavailable: r.limit.unavailable }
        : {
            predictor: "model" in r.limit.result ? "reduced" : "populations",
            stopped: r.limit.result.stopped,
            init: "init" in r.limit.result ? r.limit.result.init : "independent",
            ellFlip: "ellFlip" in r.limit.result ? r.limit.result.ellFlip : null,
            plateaus: matchJson(r.limit.match),
          },
    final: {
      verdict: f.verdict,
      losses: { gd: f.losses.gd, greedy: jqf(f.losses.greedy), limit: q(f.losses.limit) },
      exact:
        "unavailable" in f.exact
          ? f.exact
          : {
              what: "greedy function vs the Delaunay interpolant, exact, on the hull",
              sup: jqf(f.exact.sup),
              argsup: f.exact.argsup.map(jq),
              l2squared: jqf(f.exact.l2squared),
              pieces: f.exact.structure.pieces,
              kinks: f.exact.structure.kinks.length,
              kinksOnData: f.exact.structure.kinks.filter((k) => k.onData.length > 0).length,
              equalsSomeInterpolant: f.exact.triangulation !== null,
            },
      float: f.grid
        ? {
            what: "trained network (float) vs each function on a grid over the hull, float",
            gridPoints: f.grid.points,
            tolerance: f.grid.tolerance,
            distances: f.distances.map((x) => ({ against: x.against, sup: x.distance.sup, argsup: x.distance.argsup, l2: x.distance.l2, equal: x.equal })),
          }
        : null,
      kinks: f.kinks
        ? { gd: f.kinks.gd, greedy: f.kinks.greedy.map((k) => jqf(k)), limit: f.kinks.limit ? f.kinks.limit.map(q) : null }
        : null,
    },
    notes: r.notes,
  };
}
