// Streams the traces of a trace file whatever its format, chosen by option or by extension:
// .jsonl / .jsonl.gz (stepgraph's own, one trace per line), .csv / .csv.gz (event log, one
// row per event), .xes / .xes.gz (IEEE 1849). Yields TraceLines: a trace with its line, or
// the issues (file, line, field) of a bad record; a fatal problem (XML or CSV syntax error,
// missing column) is the last item. CSV and XES carry no procedure id: their traces get
// `options.procedure`, by default the log-only procedure id derived from the file name
// (see ingest/files/log-only-procedure.ts). Throws NotFoundError for a missing file and
// InvalidInputError for an unknown extension or a content that is not of the format (saying
// what the file looks like, ingest/files/sniff-format.ts), before yielding anything.
import { stat } from "node:fs/promises";
import { InvalidInputError, NotFoundError } from "../src/errors.js";
import { readCsvTraces, type CsvColumns } from "./csv/read-csv-log.js";
import { procedureIdFromFile } from "./files/log-only-procedure.js";
import { formatMismatch } from "./files/sniff-format.js";
import { readTraceLines, type TraceLine } from "./jsonl/read-traces.js";
import { readXesTraces } from "./xes/read-xes.js";

export type { TraceLine } from "./jsonl/read-traces.js";

export const TRACE_FILE_FORMATS = ["jsonl", "csv", "xes"] as const;
export type TraceFileFormat = (typeof TRACE_FILE_FORMATS)[number];

export interface ReadTracesFileOptions {
  format?: TraceFileFormat;
  /** Procedure id given to CSV and XES traces; default: derived from the file name. */
  procedure?: string;
  /** Procedure version given to CSV and XES traces; absent means "latest". */
  version?: number;
  csv?: CsvColumns & { delimiter?: string };
  xes?: { activityKeys?: readonly string[]; lifecycle?: readonly string[] };
  /** CSV/XES: emit {step, start} events with the timestamp instead of bare step ids. */
  times?: boolean;
  /** Called with the bytes of the file read so far (compressed bytes for .gz), for progress. */
  onBytes?: (bytesRead: number) => void;
}

/** The format of a trace file from its extension (.gz ignored); InvalidInputError when unknown. */
export function traceFileFormat(file: string): TraceFileFormat {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) return "jsonl";
  if (name.endsWith(".csv")) return "csv";
  if (name.endsWith(".xes")) return "xes";
  throw new InvalidInputError(
    "unknown_format",
    `${file}: cannot tell the trace format from the extension; use .jsonl, .csv, .xes or .xes.gz, or name the format (${TRACE_FILE_FORMATS.join(", ")})`,
    [{ file, path: ["format"], message: "unknown extension" }],
  );
}

export async function* readTracesFile(file: string, options: ReadTracesFileOptions = {}): AsyncGenerator<TraceLine> {
  const format = options.format ?? traceFileFormat(file);
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
  } catch {
    throw new NotFoundError("file_not_found", `trace file ${JSON.stringify(file)} does not exist or is not a file`, { file });
  }
  // A file whose content is not of its format is refused with what it looks like, not a parser error.
  const mismatch = await formatMismatch(file, format);
  if (mismatch !== undefined) throw new InvalidInputError("wrong_format", mismatch, [{ file, path: ["format"], message: mismatch }]);
  const procedure = options.procedure ?? procedureIdFromFile(file);
  const version = options.version !== undefined ? { version: options.version } : {};
  const times = options.times !== undefined ? { times: options.times } : {};
  const onBytes = options.onBytes !== undefined ? { onBytes: options.onBytes } : {};
  switch (format) {
    case "jsonl":
      yield* readTraceLines(file, onBytes);
      return;
    case "csv":
      yield* readCsvTraces(file, { procedure, ...version, ...times, ...onBytes, ...options.csv });
      return;
    case "xes":
      yield* readXesTraces(file, { procedure, ...version, ...times, ...onBytes, ...options.xes });
      return;
  }
}
