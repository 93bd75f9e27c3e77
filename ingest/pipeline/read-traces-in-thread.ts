// Reads a trace file of a known format in the calling thread: the format readers behind
// readTracesFile, without its checks (the file exists, the format is known), which the caller
// has made. readTracesInThread serves small files; readTraceChunksInThread gives the same
// TraceLines in arrays (XES: the traces each chunk of the file completes), one await per
// array instead of per trace, for the reader worker.
import { readCsvTraces } from "../csv/read-csv-log.js";
import { procedureIdFromFile } from "../files/log-only-procedure.js";
import { readTraceLines, type TraceLine } from "../jsonl/read-traces.js";
import type { ReadTracesFileOptions, TraceFileFormat } from "../read-traces-file.js";
import { readXesTraceChunks, readXesTraces, type XesOptions } from "../xes/read-xes.js";

/** The options every CSV/XES reader takes, from readTracesFile's. */
function logOptions(file: string, options: ReadTracesFileOptions): Omit<XesOptions, "activityKeys" | "lifecycle" | "dedupeTraceIds"> {
  return {
    procedure: options.procedure ?? procedureIdFromFile(file),
    ...(options.version !== undefined ? { version: options.version } : {}),
    ...(options.times !== undefined ? { times: options.times } : {}),
    ...(options.onBytes !== undefined ? { onBytes: options.onBytes } : {}),
  };
}

function xesOptions(file: string, options: ReadTracesFileOptions): XesOptions {
  return { ...logOptions(file, options), ...(options.dedupeTraceIds !== undefined ? { dedupeTraceIds: options.dedupeTraceIds } : {}), ...options.xes };
}

export function readTracesInThread(file: string, format: TraceFileFormat, options: ReadTracesFileOptions): AsyncGenerator<TraceLine> {
  switch (format) {
    case "jsonl":
      return readTraceLines(file, options.onBytes !== undefined ? { onBytes: options.onBytes } : {});
    case "csv":
      return readCsvTraces(file, { ...logOptions(file, options), ...options.csv });
    case "xes":
      return readXesTraces(file, xesOptions(file, options));
  }
}

/** Groups the items of a stream into arrays of up to `size`. */
async function* chunked<T>(items: AsyncIterable<T>, size = 256): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const x of items) {
    chunk.push(x);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export function readTraceChunksInThread(file: string, format: TraceFileFormat, options: ReadTracesFileOptions): AsyncGenerator<TraceLine[]> {
  return format === "xes" ? readXesTraceChunks(file, xesOptions(file, options)) : chunked(readTracesInThread(file, format, options));
}
