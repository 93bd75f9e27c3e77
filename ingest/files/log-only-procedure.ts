// The "log-only" procedure of an event log: a procedure with no written steps, whose id and
// title come from the log's file name, so that a log can be induced without a written
// procedure (induce takes steps from the traces then, with no written prior).
import path from "node:path";
import { ProcedureSchema, type Procedure } from "../../src/model/index.js";
import { slugify } from "./slug.js";

const LOG_EXTENSIONS = /\.(xes\.gz|xes|csv|jsonl\.gz|jsonl|json)$/i;

/** The file name without folder and log extension ("logs/synth_100000.xes.gz" → "synth_100000"). */
export function logName(file: string): string {
  return path.basename(file).replace(LOG_EXTENSIONS, "");
}

/** Procedure id derived from a log file name: its slug, or "log" when nothing is left. */
export function procedureIdFromFile(file: string): string {
  return slugify(logName(file), 120) || "log";
}

export function logOnlyProcedure(file: string, options: { id?: string; title?: string; version?: number } = {}): Procedure {
  return ProcedureSchema.parse({
    id: options.id ?? procedureIdFromFile(file),
    version: options.version ?? 1,
    title: options.title ?? logName(file),
    source: path.basename(file),
    steps: [],
  });
}
