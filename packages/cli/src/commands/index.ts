/**
 * Every subcommand registers itself here: one module per command.
 */
import type { Command } from "commander";
import { register as demo } from "./demo";
import { register as inspect } from "./inspect";
import { register as interpolate } from "./interpolate";
import { register as delaunay } from "./delaunay";
import { register as greedy } from "./greedy";
import { register as enumerate } from "./enumerate";
import { register as triangulations } from "./triangulations";
import { register as trainCmd } from "./train";
import { register as extremal } from "./extremal";
import { register as verify } from "./verify";
import { register as limit } from "./limit";
import { register as fidelity } from "./fidelity";
import { register as compare } from "./compare";
import { register as table } from "./table";
import { register as plot } from "./plot";

export const COMMANDS: ((program: Command) => void)[] = [demo, inspect, interpolate, delaunay, triangulations, greedy, enumerate, trainCmd, extremal, verify, limit, fidelity, compare, table, plot];
