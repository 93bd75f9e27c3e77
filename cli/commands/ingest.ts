// `stepgraph ingest [--procedures P] [--traces T] [--format F] [...]`: writes procedures and
// traces into the configured store (STEPGRAPH_STORE / STEPGRAPH_DB / NEO4J_*, see
// src/store/store-config.ts) through ingest/ingest-into-store.ts. Strict by default: a file
// with any error imports nothing; --skip-invalid imports the rest and reports every skipped
// record. A progress bar with rate and ETA is drawn on a terminal (stderr) only, never with
// --json or when stderr is not a TTY.
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { ingestIntoStore, type IngestOptions, type IngestProgress } from "../../ingest/ingest-into-store.js";
import { formatIssues } from "../../src/errors.js";
import { openStore, storeConfigFromEnv } from "../../src/store/store-config.js";
import { printJson, printText } from "../output.js";
import { addTraceFileFlags, groundingFromFlags, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

interface IngestCommandOptions extends TraceFileFlagValues {
  procedures?: string;
  traces?: string;
  id?: string;
  logOnly?: boolean;
  skipInvalid?: boolean;
  json?: boolean;
}

function progressReporter(enabled: boolean): { update: (p: IngestProgress) => void; stop: () => void } {
  if (!enabled) return { update: () => {}, stop: () => {} };
  let bar: cliProgress.SingleBar | undefined;
  let phase: IngestProgress["phase"] | undefined;
  const started = Date.now();
  return {
    update(p) {
      if (p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format:
              p.phase === "read"
                ? "reading   [{bar}] {percentage}% | {traces} traces | {rate} traces/s | ETA {eta_formatted}"
                : "writing   [{bar}] {percentage}% | {value}/{total} traces | {rate} traces/s | ETA {eta_formatted}",
            etaBuffer: 20,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total ?? 0, p.done, { rate: "0", traces: 0 });
      }
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      if (p.total !== undefined) bar?.setTotal(p.total);
      bar?.update(p.done, { rate: Math.round(p.traces / seconds).toString(), traces: p.traces });
    },
    stop() {
      bar?.stop();
    },
  };
}

export function registerIngest(program: Command): void {
  const cmd = program
    .command("ingest")
    .description("write procedures and traces into the store (strict: a file with any error imports nothing)")
    .option("--procedures <file>", "procedures JSON (one object or an array)")
    .option("--traces <file>", "traces: .jsonl, .csv or .xes (optionally .gz)")
    .option("--id <id>", "CSV/XES: procedure id of the traces (default: from the file name)");
  addTraceFileFlags(cmd, { ground: true })
    .option("--log-only", "create a log-only procedure: steps come from the log itself, no written order is implied")
    .option("--skip-invalid", "import the valid records and report every skipped one")
    .option("--json", "print one JSON summary")
    .action(async (o: IngestCommandOptions) => {
      const read = traceFileOptionsFromFlags(o, o.id !== undefined ? { procedure: o.id } : {});
      const options: IngestOptions = { read };
      if (o.procedures !== undefined) options.proceduresFile = o.procedures;
      if (o.traces !== undefined) options.tracesFile = o.traces;
      if (o.logOnly) options.logOnly = true;
      if (o.skipInvalid) options.skipInvalid = true;
      const ground = groundingFromFlags(o);
      if (ground !== undefined) options.ground = ground;

      const store = await openStore(storeConfigFromEnv(process.env));
      const progress = progressReporter(!o.json && process.stderr.isTTY === true);
      try {
        const summary = await ingestIntoStore(store, options, progress.update);
        progress.stop();
        if (o.json) {
          printJson({ store: store.kind, ...summary });
          return;
        }
        const lines = [
          ...summary.procedures.map((p) => `procedure ${p.id}@${p.version} ${p.created ? "stored" : "already stored, unchanged"}`),
          ...summary.traces.map((t) => `${t.appended} traces appended to ${t.procedure}@${t.version}`),
          `${summary.tracesWritten} traces, ${summary.eventsWritten} events written to the ${store.kind} store`,
        ];
        if (summary.skipped.length > 0) {
          lines.push(`${summary.skipped.length} invalid record(s) skipped:`, formatIssues(summary.skipped.flatMap((s) => s.issues)));
        }
        printText(lines.join("\n"));
      } finally {
        progress.stop();
        await store.close();
      }
    });
}
