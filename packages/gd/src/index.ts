export * from "./rng";
export * from "./network";
export * from "./init";
export * from "./gradient";
export * from "./curve";
export * from "./clusters";
export * from "./train";
export * from "./plateaus";
