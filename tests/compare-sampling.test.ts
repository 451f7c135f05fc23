/**
 * Random cases: the exact sup must bound a dense float sampling of |f − I| and be attained
 * (equal, up to float rounding, to the float max over a sampling that includes the refinement
 * vertices); the exact L2² must agree with a float quadrature of the sampled difference.
 */
import test from "ava";
import { makeDataSet, q, reluSum, toFloat, type DataSet } from "@qrelu/core";
import { compareFunction, evalRidgesFloat } from "@qrelu/compare";
import { makeRng } from "@qrelu/gd";

function randomCase(seed: number, d: 1 | 2) {
  const r = makeRng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r.uniform() * (hi - lo + 1));
  const n = d === 1 ? int(3, 8) : int(5, 9);
  const seen = new Set<string>();
  const x: string[][] = [];
  while (x.length < n) {
    const p = Array.from({ length: d }, () => `${int(-20, 20)}/${int(1, 4)}`);
    const key = p.map((v) => q(v).toFraction()).join(",");
    if (!seen.has(key)) {
      seen.add(key);
      x.push(p);
    }
  }
  const y = x.map(() => `${int(-9, 9)}/${int(1, 3)}`);
  const ds = makeDataSet(x, y, `<random ${seed}>`);
  const k = int(1, 5);
  const f = reluSum(
    d,
    Array.from({ length: k }, () => ({
      coef: q(`${int(-9, 9)}/${int(1, 5)}`),
      dir: Array.from({ length: d + 1 }, () => BigInt(int(-6, 6))),
    })),
  );
  return { ds, f };
}

/** The interpolant in floats on a known simplex (barycentric coordinates by Cramer's rule). */
function floatInterp(ds: DataSet, simplices: number[][]) {
  return (s: number, p: number[]): number => {
    const V = simplices[s]!.map((i) => ds.x[i]!.map(toFloat));
    const Y = simplices[s]!.map((i) => toFloat(ds.y[i]!));
    if (V.length === 2) {
      const u = (p[0]! - V[0]![0]!) / (V[1]![0]! - V[0]![0]!);
      return Y[0]! + u * (Y[1]! - Y[0]!);
    }
    const [a, b, c] = V as [number[], number[], number[]];
    const det = (b[0]! - a[0]!) * (c[1]! - a[1]!) - (b[1]! - a[1]!) * (c[0]! - a[0]!);
    const u = ((p[0]! - a[0]!) * (c[1]! - a[1]!) - (p[1]! - a[1]!) * (c[0]! - a[0]!)) / det;
    const v = ((b[0]! - a[0]!) * (p[1]! - a[1]!) - (b[1]! - a[1]!) * (p[0]! - a[0]!)) / det;
    return Y[0]! + u * (Y[1]! - Y[0]!) + v * (Y[2]! - Y[0]!);
  };
}

for (const d of [1, 2] as const) {
  test(`d = ${d}: exact sup bounds and attains sampled |f − I|; L2² matches quadrature`, (t) => {
    let cases = 0;
    for (let seed = 1; cases < 4; seed++) {
      const { ds, f } = randomCase(seed * 7 + d, d);
      let c;
      try {
        c = compareFunction(ds, f);
      } catch {
        continue; // collinear 2-D draws have no hull area
      }
      cases++;
      const evalI = floatInterp(ds, c.delaunay.simplices);
      const sup = toFloat(c.sup);
      // Dense sampling in each simplex of the triangulation (barycentric lattice), plus the refinement vertices.
      const pts: [number, number[]][] = [];
      const K = d === 1 ? 200 : 40;
      for (const [si, s] of c.delaunay.simplices.entries()) {
        const V = s.map((i) => ds.x[i]!.map(toFloat));
        if (d === 1) for (let a = 0; a <= K; a++) pts.push([si, [V[0]![0]! + ((V[1]![0]! - V[0]![0]!) * a) / K]]);
        else
          for (let a = 0; a <= K; a++)
            for (let b = 0; a + b <= K; b++)
              pts.push([si, [0, 1].map((k) => V[0]![k]! + ((V[1]![k]! - V[0]![k]!) * a) / K + ((V[2]![k]! - V[0]![k]!) * b) / K)]);
      }
      const sampled = (P: [number, number[]][]) => {
        let m = 0;
        for (const [s, p] of P) m = Math.max(m, Math.abs(evalRidgesFloat(f, p) - evalI(s, p)));
        return m;
      };
      const tol = 1e-9 * Math.max(1, sup);
      t.true(sampled(pts) <= sup + tol, `seed ${seed}: sampled ${sampled(pts)} > exact ${sup}`);
      const vertices = c.refinement.cells.flatMap((cell) => cell.verts.map((v): [number, number[]] => [cell.simplex, v.map(toFloat)]));
      t.true(Math.abs(sampled(vertices) - sup) <= tol, `seed ${seed}: not attained (${sampled(vertices)} vs ${sup})`);
      // Quadrature of g² by the midpoint rule on each refinement cell's fan, refined: independent of the formula.
      let quad = 0;
      for (const cell of c.refinement.cells) {
        const V = cell.verts.map((v) => v.map(toFloat));
        const tris = d === 1 ? [[V[0]!, V[1]!]] : V.slice(1, -1).map((_, i) => [V[0]!, V[i + 1]!, V[i + 2]!]);
        for (const T of tris) {
          const M = 24;
          const mids: number[][] = [];
          if (d === 1) for (let a = 0; a < M; a++) mids.push([T[0]![0]! + ((T[1]![0]! - T[0]![0]!) * (a + 0.5)) / M]);
          else
            for (let a = 0; a < M; a++)
              for (let b = 0; a + b < M; b++) {
                mids.push([0, 1].map((k) => T[0]![k]! + ((T[1]![k]! - T[0]![k]!) * (a + 1 / 3)) / M + ((T[2]![k]! - T[0]![k]!) * (b + 1 / 3)) / M));
                if (a + b < M - 1) mids.push([0, 1].map((k) => T[0]![k]! + ((T[1]![k]! - T[0]![k]!) * (a + 2 / 3)) / M + ((T[2]![k]! - T[0]![k]!) * (b + 2 / 3)) / M));
              }
          const meas = d === 1 ? Math.abs(T[1]![0]! - T[0]![0]!) : Math.abs((T[1]![0]! - T[0]![0]!) * (T[2]![1]! - T[0]![1]!) - (T[1]![1]! - T[0]![1]!) * (T[2]![0]! - T[0]![0]!)) / 2;
          let acc = 0;
          for (const p of mids) acc += (evalRidgesFloat(f, p) - evalI(cell.simplex, p)) ** 2;
          quad += (acc / (d === 1 ? M : M * M)) * meas;
        }
      }
      const exact = toFloat(c.l2squared);
      t.true(Math.abs(quad - exact) <= 2e-3 * Math.max(exact, 1e-9) + 1e-9, `seed ${seed}: quadrature ${quad} vs exact ${exact}`);
    }
  });
}
