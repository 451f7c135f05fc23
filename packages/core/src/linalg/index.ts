export { columnCount, toIntMatrix, clearRows, type RationalMatrix, type RationalVector, type IntMatrix } from "./matrix";
export * from "./elimination";
export { normalEquations } from "./gram";
export type { Fit } from "./problem";
export * from "./lsq";
export * from "./nnls";
export { IncrementalGram } from "./incremental";
