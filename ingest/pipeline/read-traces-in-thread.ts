// Reads a trace file of a known format in the calling thread: the format readers behind
// readTracesFile, without its checks (the file exists, the format is known), which the caller
// has made. Used by readTracesFile for small files and by the reader worker for large ones.
import { readCsvTraces } from "../csv/read-csv-log.js";
import { procedureIdFromFile } from "../files/log-only-procedure.js";
import { readTraceLines, type TraceLine } from "../jsonl/read-traces.js";
import type { ReadTracesFileOptions, TraceFileFormat } from "../read-traces-file.js";
import { readXesTraces } from "../xes/read-xes.js";

export async function* readTracesInThread(file: string, format: TraceFileFormat, options: ReadTracesFileOptions): AsyncGenerator<TraceLine> {
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
    case "xes": {
      const dedupe = options.dedupeTraceIds !== undefined ? { dedupeTraceIds: options.dedupeTraceIds } : {};
      yield* readXesTraces(file, { procedure, ...version, ...times, ...onBytes, ...dedupe, ...options.xes });
      return;
    }
  }
}
