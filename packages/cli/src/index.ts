export { buildProgram, main } from "./program";
