// Worker thread of readTracesFile for large files: reads the file (gunzip, XML / CSV / JSON
// parsing, validation) with readTraceChunksInThread and posts its TraceLines to the starting thread
// in packed batches (trace-batch.ts; the Int32Array's buffer is transferred, not copied).
// Backpressure: at most `maxInFlight` batches are unacknowledged; at that count the worker
// waits for an "ack" before reading on, so the file is read no faster than it is consumed and
// memory stays bounded by the batches in flight, whatever the file size.
// Messages to the parent: {type: "batch", batch} ... then {type: "end"} or {type: "error", error}.
import { parentPort, workerData } from "node:worker_threads";
import type { ReadTracesFileOptions, TraceFileFormat } from "../read-traces-file.js";
import { readTraceChunksInThread } from "./read-traces-in-thread.js";
import { serializeError } from "./worker-errors.js";
import { TraceBatchPacker, type TraceBatch } from "./trace-batch.js";

export interface TraceReaderWorkerData {
  file: string;
  format: TraceFileFormat;
  /** readTracesFile's options without onBytes (functions do not cross threads). */
  options: Omit<ReadTracesFileOptions, "onBytes" | "worker">;
  /** Track bytes read for progress (the parent has an onBytes callback). */
  progress: boolean;
  /** A batch is sent when it holds this many records or this many Int32 slots. */
  batchRecords: number;
  batchInts: number;
  maxInFlight: number;
}

export type TraceReaderMessage = { type: "batch"; batch: TraceBatch } | { type: "end" } | { type: "error"; error: ReturnType<typeof serializeError> };

const port = parentPort;
if (!port) throw new Error("trace-reader-worker runs in a worker thread only");
const data = workerData as TraceReaderWorkerData;

let credits = data.maxInFlight;
let wake: (() => void) | undefined;
port.on("message", (m: unknown) => {
  if (m !== "ack") return;
  credits++;
  const w = wake;
  wake = undefined;
  w?.();
});

const packer = new TraceBatchPacker();
let bytesRead = 0;

async function send(): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
  credits--;
  const batch = packer.take(bytesRead);
  port!.postMessage({ type: "batch", batch } satisfies TraceReaderMessage, [batch.ints.buffer]);
}

try {
  const options: ReadTracesFileOptions = data.progress ? { ...data.options, onBytes: (b) => (bytesRead = b) } : data.options;
  for await (const chunk of readTraceChunksInThread(data.file, data.format, options)) {
    for (const r of chunk) {
      packer.add(r);
      if (packer.records >= data.batchRecords || packer.size >= data.batchInts) await send();
    }
  }
  if (packer.records > 0) await send();
  port.postMessage({ type: "end" } satisfies TraceReaderMessage);
} catch (e) {
  port.postMessage({ type: "error", error: serializeError(e) } satisfies TraceReaderMessage);
}
