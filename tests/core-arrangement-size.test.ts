import test from "ava";
import { arrangementSize, makeDataSet } from "@qrelu/core";

test("d = 1: n distinct inputs give 2n rays and 2n arcs", (t) => {
  const a = arrangementSize(makeDataSet([[-2], [-1], [0], [1], [2]], [1, -1, "1/2", 2, 0]));
  t.deepEqual(a, { d: 1, hyperplanes: 5, rays: 10, arcs: 10, exact: true });
});

test("d = 2, general position: three points give the octant arrangement", (t) => {
  // Three independent planes through the origin of R³ are the coordinate octants after a linear
  // change of variables: 6 vertices, 12 edges, 8 cells.
  const a = arrangementSize(makeDataSet([[0, 0], [1, 0], [0, 1]], [0, 0, 0]));
  t.deepEqual(a, { d: 2, hyperplanes: 3, vertices: 6, edges: 12, cells: 8, exact: true });
});

test("d = 2, four points in general position: 2·(1 + 3 + 3) = 14 cells", (t) => {
  // General position: sectors = 2·Σ_{i≤2} C(3, i) = 14; vertices 2·C(4,2) = 12; edges 4 circles × 6.
  const a = arrangementSize(makeDataSet([[0, 0], [1, 0], [0, 1], [3, 5]], [0, 0, 0, 0]));
  t.deepEqual(a, { d: 2, hyperplanes: 4, vertices: 12, edges: 24, cells: 14, exact: true });
});

test("d = 2, collinear inputs: all circles through one antipodal pair, 2n cells", (t) => {
  // Points on the line x2 = x1 lift to span{(1, 1, 0), (0, 0, 1)}; every plane h_j contains its
  // normal line, spanned by (1, −1, 0): one antipodal vertex pair, 2n edges and 2n cells.
  const a = arrangementSize(makeDataSet([[0, 0], [1, 1], [2, 2], ["1/2", "1/2"]], [0, 0, 0, 0]));
  t.deepEqual(a, { d: 2, hyperplanes: 4, vertices: 2, edges: 8, cells: 8, exact: true });
});

test("d = 3: labelled as the general-position bound", (t) => {
  const a = arrangementSize(makeDataSet([[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]], [0, 0, 0, 0, 0]));
  t.false(a.exact);
  // 2·(C(4,0) + C(4,1) + C(4,2) + C(4,3)) = 2·(1 + 4 + 6 + 4) = 30
  t.is((a as { sectorsAtMost: string }).sectorsAtMost, "30");
});
