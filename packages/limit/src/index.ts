/** @qrelu/limit: the saddle-to-saddle limit predictor of MODEL.md §10. */
export * from "./faces";
export * from "./rest";
