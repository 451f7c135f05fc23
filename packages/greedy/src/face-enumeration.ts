import type { ExtremalVector } from "./extremal-types";
import type { Weighted } from "./extremal-weights";
export const FACE_LIMITS = { maxRays: 400_000 };
export function faceEnumerationFits(_w: Weighted): boolean {
  return false;
}
export function extremalByFaces(_w: Weighted): ExtremalVector[] {
  throw new Error("not yet");
}
