/**
 * Normal equations of an integer least-squares problem: `G = AᵀA` and `h = Aᵀb`.
 * This is the hot part for tall matrices (m·n²/2 products), so when every partial sum is
 * provably below 2^53 the products are taken in float64, which is then still exact integer
 * arithmetic; otherwise bigint.
 */
import { absB } from "../bigint";
import type { IntMatrix } from "./matrix";

const SAFE = 2n ** 53n;

function maxAbs(xs: Iterable<bigint>): bigint {
  let m = 0n;
  for (const x of xs) {
    const a = absB(x);
    if (a > m) m = a;
  }
  return m;
}

function* entries(A: IntMatrix): Iterable<bigint> {
  for (const row of A) yield* row;
}

/** Columns of A as float64 arrays (column-major, for contiguous dot products). */
function columnsF64(A: IntMatrix, n: number): Float64Array[] {
  const m = A.length;
  const cols = Array.from({ length: n }, () => new Float64Array(m));
  for (let i = 0; i < m; i++) {
    const row = A[i]!;
    for (let j = 0; j < n; j++) cols[j]![i] = Number(row[j]!);
  }
  return cols;
}

function dotF64(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** `[AᵀA, Aᵀb]` exactly, for an m×n integer A and integer b. */
export function normalEquations(A: IntMatrix, b: readonly bigint[], n: number): { G: bigint[][]; h: bigint[] } {
  const m = A.length;
  const a = maxAbs(entries(A));
  const bb = maxAbs(b);
  const G: bigint[][] = Array.from({ length: n }, () => new Array<bigint>(n).fill(0n));
  const h = new Array<bigint>(n).fill(0n);
  const big = BigInt(Math.max(m, 1));
  if (big * a * a < SAFE && big * a * bb < SAFE) {
    const cols = columnsF64(A, n);
    const bf = Float64Array.from(b, Number);
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = BigInt(dotF64(cols[i]!, cols[j]!));
        G[i]![j] = v;
        G[j]![i] = v;
      }
      h[i] = BigInt(dotF64(cols[i]!, bf));
    }
    return { G, h };
  }
  for (let k = 0; k < m; k++) {
    const row = A[k]!;
    const bk = b[k]!;
    for (let i = 0; i < n; i++) {
      const ai = row[i]!;
      if (ai === 0n) continue;
      const Gi = G[i]!;
      for (let j = i; j < n; j++) Gi[j] = Gi[j]! + ai * row[j]!;
      h[i] = h[i]! + ai * bk;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) G[i]![j] = G[j]![i]!;
  return { G, h };
}
