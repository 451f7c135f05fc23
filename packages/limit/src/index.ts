/** @qrelu/limit: the saddle-to-saddle limit predictor of MODEL.md §10. */
export * from "./faces";
export * from "./rest";
export * from "./circle";
export * from "./clock";
export * from "./populations";
export * from "./flow";
export * from "./jump";
export * from "./predict";
export * from "./fidelity";
export * from "./curve-match";
export * from "./fidelity-models";
export * from "./fidelity-gd";
export * from "./reduced";
export { steepShare } from "./reduced-split";
