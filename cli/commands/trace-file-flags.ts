// The trace-file flags shared by `induce`, `ingest` and `import xes|csv` (--format, the CSV
// column names, the XES classifier and lifecycle filter), turned into readTracesFile's options.
// An unknown --format is an InvalidInputError naming the flag.
import { TRACE_FILE_FORMATS, type ReadTracesFileOptions, type TraceFileFormat } from "../../ingest/read-traces-file.js";
import { InvalidInputError } from "../../src/errors.js";

export interface TraceFileFlagValues {
  format?: string;
  caseColumn?: string;
  activityColumn?: string;
  timestampColumn?: string;
  delimiter?: string;
  classifier?: string;
  lifecycle?: string[];
}

/** readTracesFile options from the flags, on top of `base` (procedure, version). */
export function traceFileOptionsFromFlags(o: TraceFileFlagValues, base: ReadTracesFileOptions = {}): ReadTracesFileOptions {
  if (o.format !== undefined && !(TRACE_FILE_FORMATS as readonly string[]).includes(o.format)) {
    throw new InvalidInputError("invalid_option", `--format must be one of ${TRACE_FILE_FORMATS.join(", ")}, got ${JSON.stringify(o.format)}`, [{ path: ["--format"], message: "unknown format" }]);
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
