/** The JSON form of a comparison: rationals as "p/q" strings with a float beside them. */
import { formatQ, toFloat, type Fraction } from "@qrelu/core";
import type { GreedyResult } from "@qrelu/greedy";
import type { Comparison } from "./compare";
import type { Num, TargetReport, HullNorms } from "./target";

const q = (x: Fraction) => formatQ(x);
const numJson = (v: Num) => (v.exact ? { exact: true, value: q(v.value), float: toFloat(v.value) } : { exact: false, value: null, float: v.value });

function normsJson(h: HullNorms) {
  return { l2squared: numJson(h.l2squared), sup: numJson(h.sup), supMethod: h.supMethod, argsup: h.argsup };
}

export function targetJson(t: TargetReport) {
  return {
    expression: t.expression,
    polynomial: t.polynomial,
    degree: t.degree,
    hull: { greedy: normsJson(t.hull.greedy), interpolant: normsJson(t.hull.interpolant) },
    heldOut: { points: t.heldOut.points, seed: t.heldOut.seed, mseGreedy: numJson(t.heldOut.greedy), mseInterpolant: numJson(t.heldOut.interpolant) },
  };
}

export function comparisonJson(c: Comparison) {
  const st = c.structure;
  return {
    d: c.d,
    n: c.n,
    sup: q(c.sup),
    supFloat: toFloat(c.sup),
    argsup: c.argsup.map(q),
    l2squared: q(c.l2squared),
    l2squaredFloat: toFloat(c.l2squared),
    hullMeasure: q(c.hullMeasure),
    kinks: st.kinks.length,
    kinksInHull: st.kinks.filter((k) => k.inHull).length,
    kinksOnData: st.kinks.filter((k) => k.onData.length > 0).length,
    pieces: st.pieces,
    kinkList: st.kinks.map((k) =>
      c.d === 1
        ? { x: q(k.at as Fraction), xFloat: toFloat(k.at as Fraction), onData: k.onData, inHull: k.inHull }
        : { line: (k.at as bigint[]).map(String), onData: k.onData, inHull: k.inHull },
    ),
    interpolatesAt: st.interpolates,
    triangulation: c.triangulation,
    triangulationSearch: c.search,
    delaunay: { simplices: c.delaunay.simplices, cells: c.delaunay.cells.length },
    refinementCells: c.refinement.cells.length,
    target: c.target ? targetJson(c.target) : null,
  };
}

export function greedyJson(g: GreedyResult) {
  return {
    neurons: g.neurons.length,
    live: g.function.terms.length,
    loss: q(g.loss),
    lossFloat: toFloat(g.loss),
    stopped: g.stopped,
    method: g.method,
    function: g.function.terms.map((t) => ({ coef: q(t.coef), dir: t.dir.map(String) })),
  };
}
