/**
 * Every subcommand registers itself here: one module per command.
 */
import type { Command } from "commander";
import { register as demo } from "./demo";
import { register as inspect } from "./inspect";
import { register as interpolate } from "./interpolate";
import { register as delaunay } from "./delaunay";

export const COMMANDS: ((program: Command) => void)[] = [demo, inspect, interpolate, delaunay];
