// Reads a trace file in a worker thread (trace-reader-worker.ts) and yields its TraceLines in
// file order, exactly as readTracesInThread would: gunzip, parsing and validation run on the
// worker while the caller consumes (counts, validates against the store) on its own thread.
// Each batch is acknowledged once the caller has taken all its lines, so at most
// `maxInFlight` batches wait at any time (backpressure up to the file read). Leaving the loop
// early (break, throw) terminates the worker. An error thrown in the worker is rethrown here
// with its class (worker-errors.ts); a worker that dies without a word is an Error.
import type { ReadTracesFileOptions, TraceFileFormat, TraceLine } from "../read-traces-file.js";
import { startModuleWorker } from "./start-module-worker.js";
import { TraceBatchUnpacker } from "./trace-batch.js";
import type { TraceReaderMessage, TraceReaderWorkerData } from "./trace-reader-worker.js";
import { reviveError } from "./worker-errors.js";

export interface WorkerReadOptions {
  /** Records per batch (default 2048). */
  batchRecords?: number;
  /** Int32 slots per batch, steps included (default 1 << 16). */
  batchInts?: number;
  /** Unacknowledged batches at most (default 4). */
  maxInFlight?: number;
  /** The worker's young-generation heap in MB (V8's maxYoungGenerationSizeMb; default 32). */
  youngGenerationMb?: number;
  /** Called with the number of batches waiting here each time one arrives (tests, benches). */
  onQueue?: (waiting: number) => void;
}

export async function* readTracesInWorker(
  file: string,
  format: TraceFileFormat,
  options: ReadTracesFileOptions,
  tuning: WorkerReadOptions = {},
): AsyncGenerator<TraceLine> {
  const { onBytes, worker: _worker, ...rest } = options;
  const workerData: TraceReaderWorkerData = {
    file,
    format,
    options: rest,
    progress: onBytes !== undefined,
    batchRecords: tuning.batchRecords ?? 2048,
    batchInts: tuning.batchInts ?? 1 << 16,
    maxInFlight: tuning.maxInFlight ?? 4,
  };
  // NOTE: the parser allocates a short-lived string per attribute; with V8's small default young
  // generation for workers the worker spent ~20 % of its time in scavenges.
  const youngGenerationMb = tuning.youngGenerationMb ?? 32;
  const worker = startModuleWorker(import.meta.url, "./trace-reader-worker.js", { workerData, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb } });
  const queue: TraceReaderMessage[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const wakeUp = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on("message", (m: TraceReaderMessage) => {
    queue.push(m);
    if (tuning.onQueue && m.type === "batch") tuning.onQueue(queue.filter((x) => x.type === "batch").length);
    wakeUp();
  });
  worker.on("error", (e: Error) => {
    failure ??= e;
    wakeUp();
  });
  worker.on("exit", (code) => {
    failure ??= new Error(`the trace reader worker for ${file} stopped (exit code ${code}) before the end of the file`);
    wakeUp();
  });

  const unpacker = new TraceBatchUnpacker();
  try {
    for (;;) {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift();
      if (m === undefined) throw failure as Error;
      if (m.type === "end") return;
      if (m.type === "error") throw reviveError(m.error);
      if (onBytes) onBytes(m.batch.bytesRead);
      yield* unpacker.lines(m.batch);
      worker.postMessage("ack");
    }
  } finally {
    worker.removeAllListeners("exit");
    await worker.terminate();
  }
}
