// Streams the traces of a trace file whatever its format, chosen by option or by extension:
// .jsonl / .jsonl.gz (stepgraph's own, one trace per line), .csv / .csv.gz (event log, one
// row per event), .xes / .xes.gz (IEEE 1849). Yields TraceLines: a trace with its line, or
// the issues (file, line, field) of a bad record; a fatal problem (XML or CSV syntax error,
// missing column) is the last item. CSV and XES carry no procedure id: their traces get
// `options.procedure`, by default the log-only procedure id derived from the file name
// (see ingest/files/log-only-procedure.ts). Throws NotFoundError for a missing file and
// InvalidInputError for an unknown extension or a content that is not of the format (saying
// what the file looks like, ingest/files/sniff-format.ts), before yielding anything.
// Large files are read in a worker thread (ingest/pipeline/): gunzip, parsing and validation
// run there while the caller consumes the traces, with backpressure; the TraceLines are the
// same, in the same order, either way (`worker` forces one path, for tests and benches).
// A trace with no events is a bad record (emptyTraceIssue), whatever the format.
import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { InvalidInputError, NotFoundError } from "../src/errors.js";
import type { CsvColumns } from "./csv/read-csv-log.js";
import { formatMismatch } from "./files/sniff-format.js";
import type { TraceLine } from "./jsonl/read-traces.js";
import { readTracesInThread } from "./pipeline/read-traces-in-thread.js";
import { readTracesInWorker } from "./pipeline/read-traces-in-worker.js";

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
  /**
   * XES: give a repeated trace id a "#2", "#3"... suffix (default true). This remembers every
   * trace id; a caller that ignores ids (induction) passes false so that memory does not grow
   * with the number of traces (repeated ids are then kept as they are).
   */
  dedupeTraceIds?: boolean;
  /**
   * Read in a worker thread (true), in this thread (false), or by size (default: files of at
   * least WORKER_MIN_BYTES on disk, WORKER_MIN_GZ_BYTES for .gz, when there are 2 cores or more).
   */
  worker?: boolean;
}

/** Files this large (bytes on disk) are read in a worker thread by default. */
export const WORKER_MIN_BYTES = 64 << 20;
/** The same for gzip-compressed files (XES compresses 10–25×). */
export const WORKER_MIN_GZ_BYTES = 4 << 20;

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
  let size: number;
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error("not a file");
    size = st.size;
  } catch {
    throw new NotFoundError("file_not_found", `trace file ${JSON.stringify(file)} does not exist or is not a file`, { file });
  }
  // A file whose content is not of its format is refused with what it looks like, not a parser error.
  const mismatch = await formatMismatch(file, format);
  if (mismatch !== undefined) throw new InvalidInputError("wrong_format", mismatch, [{ file, path: ["format"], message: mismatch }]);
  // NOTE: a worker pays only with a second core to run on, and only when the consumer's share of
  // the work (~20 % of the parse for induce) outweighs the worker's start-up (0.1–0.2 s compiled:
  // it loads the readers and zod again; ~0.7 s under tsx): from about 1 s of parsing.
  const large = size >= (file.toLowerCase().endsWith(".gz") ? WORKER_MIN_GZ_BYTES : WORKER_MIN_BYTES);
  const lines = options.worker ?? (large && availableParallelism() > 1) ? readTracesInWorker(file, format, options) : readTracesInThread(file, format, options);
  for await (const r of lines) yield r.ok && r.trace.steps.length === 0 ? emptyTraceIssue(file, r) : r;
}

/**
 * An empty trace is a bad record wherever traces are read: it shows no order, and counted as a
 * run it would make every step optional (one empty trace made "tea" valid without a tea bag).
 */
export function emptyTraceIssue(file: string, r: { line: number; trace: { id: string } }): TraceLine {
  const message = `trace ${JSON.stringify(r.trace.id)} has no steps: an empty trace is refused (it shows no order and would make every step optional)`;
  return { ok: false, line: r.line, issues: [{ file, line: r.line, path: ["steps"], message }] };
}
