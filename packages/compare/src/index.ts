export * from "./poly";
export * from "./expr";
export * from "./ridges";
export * from "./refine";
export * from "./distances";
export * from "./structure";
export * from "./target";
export * from "./compare";
