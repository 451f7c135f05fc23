export * from "./extremal-types";
export { extremalVectors } from "./extremal";
export { isExtremal } from "./extremal-test";
export { defaultResidual, checkResidual } from "./extremal-weights";
export * from "./network";
export * from "./refit";
export * from "./greedy";
export * from "./kinks";
