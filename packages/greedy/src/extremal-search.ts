import type { ExtremalVector } from "./extremal-types";
import type { Weighted } from "./extremal-weights";
export function extremalSearch(_w: Weighted, _o: { seeds?: number; seed?: number }): ExtremalVector[] {
  return [];
}
