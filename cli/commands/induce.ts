// `stepgraph induce --procedures P --traces T [--id ID] [--out F] [--json] [flags]`: streams a
// trace file (JSONL, CSV or XES, by extension or --format, with the trace-file flags shared by
// every command: CSV columns, XES classifier and lifecycle filter) into one induction and writes
// the graph script (GraphScript JSON) to --out, or prints it with --json. Without --procedures
// the procedure is "log only" (steps taken from the traces, no written prior), named after the
// trace file. With --ground, events that are not step ids are read as written step numbers
// ("3": the third written step) or matched to the written steps by their text (a CSV log of
// free-text activities such as "Thaw the reagents"), as `stepgraph ground` does; an event that
// matches none is an error. Traces of other procedures in a JSONL
// file are skipped and counted. Bad records are collected and reported together; nothing is
// written then. A progress bar appears on a terminal for logs of more than 100,000 events.
import path from "node:path";
import { rename, rm, writeFile, mkdir } from "node:fs/promises";
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { noTracesError, readGroundedTraceFile } from "../../ingest/files/read-grounded-traces.js";
import { createInduction } from "../../src/discovery/induce.js";
import { InvalidInputError, NotFoundError, StepgraphError, type InputIssue } from "../../src/errors.js";
import type { Procedure } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { readProgress } from "../progress.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { scriptOutline } from "./script-outline.js";
import { addProceduresFileFlag, proceduresFileFrom, type ProceduresFileFlagValues } from "./procedures-file-flag.js";
import { addTraceFileFlags, groundingFromFlags, groundNeedsProceduresError, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

interface InduceCommandOptions extends InduceFlagValues, TraceFileFlagValues, ProceduresFileFlagValues {
  id?: string;
  traces: string;
  out?: string;
  json?: boolean;
}

/** The one procedure to induce: from --procedures (selected by --id when it holds several), else log only. */
async function chooseProcedure(o: InduceCommandOptions): Promise<Procedure> {
  const file = proceduresFileFrom(o);
  if (file === undefined) return logOnlyProcedure(o.traces, o.id === undefined ? {} : { id: o.id });
  const all = await readProcedures(file);
  const matches = o.id === undefined ? all : all.filter((p) => p.id === o.id);
  const latest = matches.filter((p) => !matches.some((q) => q.id === p.id && q.version > p.version));
  if (latest.length === 1) return latest[0]!;
  const ids = [...new Set(all.map((p) => p.id))].map((s) => JSON.stringify(s)).join(", ");
  if (latest.length === 0) throw new NotFoundError("procedure_not_found", `${file}: no procedure ${JSON.stringify(o.id)} (has ${ids})`, { file, procedure: o.id });
  throw new InvalidInputError("ambiguous_procedure", `${file} holds several procedures (${ids}): choose one with --id`, [{ file, path: [], message: "several procedures: use --id" }]);
}

export function registerInduce(program: Command): void {
  const cmd = addProceduresFileFlag(
    program.command("induce").description("induce a graph script from a written procedure and execution traces"),
    "procedures JSON (one object or an array); omit for a log-only induction",
  )
    .option("--id <id>", "which procedure of --procedures (needed when it holds several)")
    .requiredOption("--traces <file>", "traces: .jsonl, .csv or .xes (optionally .gz)");
  addTraceFileFlags(cmd, { ground: true });
  addInduceFlags(cmd.option("--out <file>", "write the graph script JSON here"))
    .option("--json", "print the graph script JSON (or, with --out, a JSON summary)")
    .action(async (o: InduceCommandOptions) => {
      const started = process.hrtime.bigint();
      const options = induceOptionsFromFlags(o);
      const read = traceFileOptionsFromFlags(o); // an unknown --format fails before any file is read
      const ground = groundingFromFlags(o);
      if (ground !== undefined && proceduresFileFrom(o) === undefined) throw groundNeedsProceduresError();
      const procedure = await chooseProcedure(o);
      // Induction ignores trace ids: the reader need not remember them (memory stays flat).
      read.dedupeTraceIds = false;
      const induction = createInduction(procedure, options);
      const progress = readProgress({ file: o.traces, enabled: o.json !== true, label: "inducing" });
      if (progress.readOptions.onBytes) read.onBytes = progress.readOptions.onBytes;
      const issues: InputIssue[] = [];
      let summary;
      try {
        summary = await readGroundedTraceFile(o.traces, { procedures: [procedure], only: procedure, read, ...(ground ? { ground } : {}) }, ({ trace, line }) => {
          progress.events(trace.steps.length);
          if (issues.length > 0) return;
          try {
            induction.add(trace.steps);
          } catch (e) {
            if (!(e instanceof StepgraphError)) throw e;
            const inner = e instanceof InvalidInputError ? e.issues : [];
            if (inner.length === 0) issues.push({ file: o.traces, line, path: [], message: e.message });
            for (const i of inner) issues.push({ ...i, file: o.traces, line });
          }
        });
      } finally {
        progress.stop();
      }
      const none = noTracesError(o.traces, procedure, summary);
      if (none !== undefined) throw none;
      if (issues.length > 0) throw new InvalidInputError("invalid_trace", `invalid traces in ${o.traces}:\n${issues.map((i) => `${i.file}:${i.line}: ${i.message}`).join("\n")}`, issues);
      const script = induction.script();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const result = {
        procedure: script.procedure,
        version: script.version,
        traces: script.traceCount,
        events: summary.events,
        groundedEvents: summary.grounded,
        numberedEvents: summary.numbered,
        skippedTraces: summary.skipped,
        steps: script.steps.length,
        edges: script.edges.length,
        seconds,
        ...(o.out === undefined ? {} : { out: o.out }),
      };
      if (o.out !== undefined) {
        await mkdir(path.dirname(path.resolve(o.out)), { recursive: true });
        const tmp = `${o.out}.${process.pid}.tmp`;
        try {
          await writeFile(tmp, `${JSON.stringify(script, null, 2)}\n`);
          await rename(tmp, o.out);
        } catch (e) {
          await rm(tmp, { force: true });
          throw e;
        }
        if (o.json) return printJson(result);
      } else if (o.json) return printJson(script);
      printText(
        `induced ${script.procedure}@${script.version} from ${result.traces} traces (${result.events} events` +
          `${result.numberedEvents > 0 ? `, ${result.numberedEvents} named by written step number` : ""}` +
          `${result.groundedEvents > 0 ? `, ${result.groundedEvents} matched to steps by their text` : ""}` +
          `${result.skippedTraces > 0 ? `, ${result.skippedTraces} traces of other procedures skipped` : ""}): ` +
          `${result.steps} steps, ${result.edges} precedence edges in ${seconds.toFixed(2)} s` +
          `\n${scriptOutline(script)}` +
          (script.calibration === undefined ? "" : `\nestimated from the runs:\n${script.calibration.reasons.map((r) => `  - ${r}`).join("\n")}`) +
          (o.out === undefined ? "\n(use --out FILE or --json to get the graph script)" : `\nwrote ${o.out}`),
      );
    });
}
