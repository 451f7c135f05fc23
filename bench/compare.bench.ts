import { makeDataSet, reluSum, q } from "@qrelu/core";
import { compareFunction, parseTableSpec, runTable, type TableSpec } from "@qrelu/compare";
import { defineWorkloads, rng } from "./harness";

/** 200 random rational points in [−5, 5]², random y, and a 20-ridge ReLU sum with small integers. */
function case2d(n: number, ridges: number) {
  const r = rng(7);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const seen = new Set<string>();
  const x: string[][] = [];
  while (x.length < n) {
    const p = [`${int(-500, 500)}/100`, `${int(-500, 500)}/100`];
    if (!seen.has(p.join())) {
      seen.add(p.join());
      x.push(p);
    }
  }
  const ds = makeDataSet(x, x.map(() => `${int(-100, 100)}/10`), "<bench 2-D>");
  const f = reluSum(2, Array.from({ length: ridges }, () => ({ coef: q(`${int(-50, 50)}/${int(1, 9)}`), dir: [int(-9, 9), int(-9, 9), int(-40, 40)].map(BigInt) })));
  return { ds, f };
}

export default defineWorkloads([
  {
    name: "compare d=2 n=200 (20-ridge function vs Delaunay interpolant, exact sup and L2²)",
    setup: () => case2d(200, 20),
    run: (prep) => {
      const { ds, f } = prep as ReturnType<typeof case2d>;
      const c = compareFunction(ds, f, { heldOut: 0, maxTriangulations: 1 });
      return { triangles: c.delaunay.simplices.length, cells: c.refinement.cells.length, pieces: c.structure.pieces, l2digits: c.l2squared.d.toString().length };
    },
  },
  {
    name: "compare d=2 n=200 with target x1^2 + x2^2 (exact L2², exact sup, 200 held-out points)",
    setup: () => case2d(200, 20),
    run: (prep) => {
      const { ds, f } = prep as ReturnType<typeof case2d>;
      const c = compareFunction(ds, f, { target: "x1^2 + x2^2", heldOut: 200, maxTriangulations: 1 });
      return { cells: c.refinement.cells.length, exactSup: c.target!.hull.greedy.sup.exact };
    },
  },
  {
    name: "table: 20 rows (1-D random n=6, target x^2, greedy + reachable ≤ 200 states + compare)",
    setup: (): TableSpec =>
      parseTableSpec(
        JSON.stringify({
          name: "bench",
          seed: 3,
          limits: { maxNeurons: 10, enumerate: { maxDepth: 6, maxNodes: 200, maxSeconds: 600 }, heldOut: 100 },
          datasets: [{ generator: "random", d: 1, sizes: [6], repeat: 20, range: [-2, 2], denominator: 4, target: "x^2" }],
        }),
        "bench-spec.json",
      ),
    run: (spec) => {
      const t = runTable(spec as TableSpec);
      return { rows: t.rows.length, errors: t.errors.length };
    },
  },
]);
