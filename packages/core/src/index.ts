export * from "./rational";
export * from "./bigint";
export * from "./errors";
export * from "./data";
export * from "./examples";
export * from "./linalg/index";
