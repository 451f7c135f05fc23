#!/usr/bin/env node
/** Entry point of `qrelu` (see program.ts). */
import { main } from "./program";

process.exitCode = await main(process.argv.slice(2));
