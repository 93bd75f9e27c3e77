// The one set of trace-file flags of every command that reads traces (induce, ingest, ground,
// stats, next/check/complete --traces, import xes|csv): --format, the CSV column names and
// delimiter, the XES classifier and lifecycle filter, and (where events may be free text)
// --ground with --threshold. `addTraceFileFlags` declares them the same way everywhere;
// `traceFileOptionsFromFlags` turns them into readTracesFile's options and `groundingFromFlags`
// into grounding options. Bad values are InvalidInputErrors naming the flag.
import type { Command } from "commander";
import { TRACE_FILE_FORMATS, type ReadTracesFileOptions, type TraceFileFormat } from "../../ingest/read-traces-file.js";
import { InvalidInputError } from "../../src/errors.js";
import type { GroundingOptions } from "../../src/grounding/ground.js";

export interface TraceFileFlagValues {
  format?: string;
  caseColumn?: string;
  activityColumn?: string;
  timestampColumn?: string;
  delimiter?: string;
  classifier?: string;
  lifecycle?: string[];
  ground?: boolean;
  threshold?: string;
}

export interface TraceFileFlagChoice {
  /** Only one format is read (import xes / import csv): leave out --format and the other format's flags. */
  only?: "csv" | "xes";
  /** Add --ground and --threshold (written step numbers and free-text events matched to the steps of a written procedure). */
  ground?: boolean;
}

/** Declares the trace-file flags on `cmd`. */
export function addTraceFileFlags(cmd: Command, choice: TraceFileFlagChoice = {}): Command {
  if (choice.only === undefined) cmd.option("--format <format>", `trace format when the extension does not tell: ${TRACE_FILE_FORMATS.join(", ")}`);
  if (choice.only !== "xes") {
    cmd
      .option("--case-column <name>", "CSV: case id column (default case:concept:name)")
      .option("--activity-column <name>", "CSV: activity column (default concept:name)")
      .option("--timestamp-column <name>", "CSV: timestamp column (default time:timestamp; events are sorted by it)")
      .option("--delimiter <char>", "CSV: field delimiter (default ,)");
  }
  if (choice.only !== "csv") {
    cmd
      .option("--classifier <keys>", 'XES: event attribute keys naming the activity, space-separated (default "concept:name")')
      .option("--lifecycle <transition...>", "XES: keep only events with these lifecycle:transition values (e.g. complete)");
  }
  if (choice.ground) {
    cmd
      .option("--ground", "read events that are not step ids as written step numbers (\"3\") or match them to steps by their text (free text, e.g. a CSV activity \"Thaw the reagents\"); unmatched ones are errors")
      .option("--threshold <score>", "with --ground: minimum score to accept a step (default 0.5)");
  }
  return cmd;
}

/** readTracesFile options from the flags, on top of `base` (procedure, version). */
export function traceFileOptionsFromFlags(o: TraceFileFlagValues, base: ReadTracesFileOptions = {}): ReadTracesFileOptions {
  if (o.format !== undefined && !(TRACE_FILE_FORMATS as readonly string[]).includes(o.format)) {
    throw new InvalidInputError("invalid_option", `--format must be one of ${TRACE_FILE_FORMATS.join(", ")}, got ${JSON.stringify(o.format)}`, [{ path: ["--format"], message: "unknown format" }]);
  }
  if (o.delimiter !== undefined && o.delimiter.length !== 1) {
    throw new InvalidInputError("invalid_option", `--delimiter must be one character, got ${JSON.stringify(o.delimiter)}`, [{ path: ["--delimiter"], message: "must be one character" }]);
  }
  const read: ReadTracesFileOptions = { ...base };
  if (o.format !== undefined) read.format = o.format as TraceFileFormat;
  const csv: NonNullable<ReadTracesFileOptions["csv"]> = {};
  if (o.caseColumn !== undefined) csv.caseColumn = o.caseColumn;
  if (o.activityColumn !== undefined) csv.activityColumn = o.activityColumn;
  if (o.timestampColumn !== undefined) csv.timestampColumn = o.timestampColumn;
  if (o.delimiter !== undefined) csv.delimiter = o.delimiter;
  read.csv = csv;
  const xes: NonNullable<ReadTracesFileOptions["xes"]> = {};
  if (o.classifier !== undefined) xes.activityKeys = o.classifier.split(/\s+/).filter(Boolean);
  if (o.lifecycle !== undefined) xes.lifecycle = o.lifecycle;
  read.xes = xes;
  return read;
}

/** The error of --ground without a procedures file (a log-only induction has no written steps to match events to). */
export function groundNeedsProceduresError(): InvalidInputError {
  return new InvalidInputError("invalid_option", "--ground needs --procedures FILE: the written steps that free-text events are matched to", [{ path: ["--ground"], message: "needs --procedures" }]);
}

/** Grounding options of --ground / --threshold; undefined without --ground. */
export function groundingFromFlags(o: TraceFileFlagValues): true | GroundingOptions | undefined {
  if (o.threshold !== undefined && !o.ground) {
    throw new InvalidInputError("invalid_option", "--threshold needs --ground", [{ path: ["--threshold"], message: "needs --ground" }]);
  }
  if (!o.ground) return undefined;
  if (o.threshold === undefined) return true;
  const threshold = Number(o.threshold);
  if (o.threshold.trim() === "" || !(threshold >= 0 && threshold <= 1)) {
    throw new InvalidInputError("invalid_option", `--threshold must be a number in [0, 1], got ${JSON.stringify(o.threshold)}`, [{ path: ["--threshold"], message: "out of range" }]);
  }
  return { threshold };
}
