// Progress of a command that reads a trace file: a bar on stderr with the share of the file read,
// the events read, their rate and an ETA. It appears only on a terminal (stderr is a TTY), never
// with --json, and only once the file has given `threshold` events (100,000 by default), so
// small files print nothing at all. `stop()` clears it before the command prints its answer.
import { statSync } from "node:fs";
import cliProgress from "cli-progress";

export interface ReadProgress {
  /** Bytes of the file read so far (readTracesFile's onBytes). */
  bytes(read: number): void;
  /**
   * The reader options that report bytes: `{onBytes}` when a bar may be drawn, `{}` otherwise
   * (a reader that reports bytes reads in smaller blocks, so it is asked to only when needed).
   */
  readonly readOptions: { onBytes?: (read: number) => void };
  /** `n` more events read. */
  events(n: number): void;
  stop(): void;
}

export interface ReadProgressOptions {
  file: string;
  /** False with --json. */
  enabled: boolean;
  stream?: NodeJS.WriteStream;
  threshold?: number;
  label?: string;
}

export const PROGRESS_THRESHOLD = 100_000;

const NONE: ReadProgress = { bytes: () => {}, readOptions: {}, events: () => {}, stop: () => {} };

export function readProgress(o: ReadProgressOptions): ReadProgress {
  const stream = o.stream ?? process.stderr;
  if (!o.enabled || stream.isTTY !== true) return NONE;
  let size = 0;
  try {
    size = statSync(o.file).size;
  } catch {
    size = 0;
  }
  const threshold = o.threshold ?? PROGRESS_THRESHOLD;
  const started = Date.now();
  let read = 0;
  let events = 0;
  let lastDraw = 0;
  let bar: cliProgress.SingleBar | undefined;
  const draw = (): void => {
    if (events < threshold) return;
    const now = Date.now();
    if (bar !== undefined && now - lastDraw < 100) return;
    lastDraw = now;
    const rate = Math.round(events / Math.max(0.001, (now - started) / 1000)).toLocaleString("en-US");
    if (bar === undefined) {
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${o.label ?? "reading"} [{bar}] {percentage}% | {events} events | {rate} events/s | ETA {eta_formatted}`,
          etaBuffer: 20,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(1, size), Math.min(read, size), { events: events.toLocaleString("en-US"), rate });
    } else bar.update(Math.min(read, Math.max(1, size)), { events: events.toLocaleString("en-US"), rate });
  };
  const bytes = (b: number): void => {
    read = b;
  };
  return {
    bytes,
    readOptions: { onBytes: bytes },
    events(n) {
      events += n;
      draw();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
