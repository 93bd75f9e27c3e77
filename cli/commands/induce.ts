// `stepgraph induce --procedure P --traces T [--id ID] [--out F] [--json] [induce flags]`:
// streams a trace file (JSONL, CSV or XES, by extension or --format) into one induction and
// writes the graph script (GraphScript JSON) to --out, or prints it with --json. Without
// --procedure the procedure is "log only" (steps taken from the traces, no written prior),
// named after the trace file. Traces of other procedures in a JSONL file are skipped and
// counted. Bad lines are collected and reported together; nothing is written then.
import path from "node:path";
import { rename, rm, writeFile, mkdir } from "node:fs/promises";
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { readTracesFile, TRACE_FILE_FORMATS, type ReadTracesFileOptions } from "../../ingest/read-traces-file.js";
import { createInduction } from "../../src/discovery/induce.js";
import { InvalidInputError, formatIssues, StepgraphError, type InputIssue } from "../../src/errors.js";
import { eventStepId, type Procedure } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { addInduceFlags, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

interface InduceCommandOptions extends InduceFlagValues, TraceFileFlagValues {
  procedure?: string;
  id?: string;
  traces: string;
  out?: string;
  json?: boolean;
}

/** The one procedure to induce: from --procedure (selected by --id when it holds several), else log only. */
async function chooseProcedure(o: InduceCommandOptions): Promise<Procedure> {
  if (o.procedure === undefined) return logOnlyProcedure(o.traces, o.id === undefined ? {} : { id: o.id });
  const all = await readProcedures(o.procedure);
  const matches = o.id === undefined ? all : all.filter((p) => p.id === o.id);
  const latest = matches.filter((p) => !matches.some((q) => q.id === p.id && q.version > p.version));
  if (latest.length === 1) return latest[0]!;
  const ids = [...new Set(all.map((p) => p.id))].map((s) => JSON.stringify(s)).join(", ");
  if (latest.length === 0) throw new InvalidInputError("unknown_procedure", `${o.procedure}: no procedure ${JSON.stringify(o.id)} (has ${ids})`, [{ file: o.procedure, path: ["id"], message: `no procedure ${JSON.stringify(o.id)}` }]);
  throw new InvalidInputError("ambiguous_procedure", `${o.procedure} holds several procedures (${ids}): choose one with --id`, [{ file: o.procedure, path: [], message: "several procedures: use --id" }]);
}

export function registerInduce(program: Command): void {
  addInduceFlags(
    program
      .command("induce")
      .description("induce a graph script from a written procedure and execution traces")
      .option("--procedure <file>", "procedures JSON (one object or an array); omit for a log-only induction")
      .option("--id <id>", "which procedure of --procedure (needed when it holds several)")
      .requiredOption("--traces <file>", "traces: .jsonl, .csv or .xes (optionally .gz)")
      .option("--format <format>", `trace format when the extension does not tell: ${TRACE_FILE_FORMATS.join(", ")}`)
      .option("--case-column <name>", "CSV: case id column")
      .option("--activity-column <name>", "CSV: activity column")
      .option("--timestamp-column <name>", "CSV: timestamp column")
      .option("--out <file>", "write the graph script JSON here"),
  )
    .option("--json", "print the graph script JSON (or, with --out, a JSON summary)")
    .action(async (o: InduceCommandOptions) => {
      const started = process.hrtime.bigint();
      const options = induceOptionsFromFlags(o);
      const fileOptions = traceFileOptionsFromFlags(o); // an unknown --format fails before any file is read
      const procedure = await chooseProcedure(o);
      // Induction ignores trace ids: the reader need not remember them (memory stays flat).
      const readOptions: ReadTracesFileOptions = { ...fileOptions, procedure: procedure.id, version: procedure.version, dedupeTraceIds: false };

      const induction = createInduction(procedure, options);
      const issues: InputIssue[] = [];
      let skipped = 0;
      let events = 0;
      const steps: string[] = [];
      for await (const r of readTracesFile(o.traces, readOptions)) {
        if (!r.ok) {
          issues.push(...r.issues);
          if (issues.length >= 100) break;
          continue;
        }
        const t = r.trace;
        if (t.procedure !== procedure.id || (t.version !== undefined && t.version !== procedure.version)) {
          skipped++;
          continue;
        }
        steps.length = 0;
        let ok = true;
        t.steps.forEach((e, i) => {
          const id = eventStepId(e);
          if (id === undefined) {
            issues.push({ file: o.traces, line: r.line, path: ["steps", i], message: "free-text event: ground the trace first (stepgraph ground)" });
            ok = false;
          } else steps.push(id);
        });
        if (!ok || issues.length > 0) continue;
        try {
          induction.add(steps);
          events += steps.length;
        } catch (e) {
          if (!(e instanceof StepgraphError)) throw e;
          const inner = e instanceof InvalidInputError ? e.issues : [];
          if (inner.length === 0) issues.push({ file: o.traces, line: r.line, path: [], message: e.message });
          for (const i of inner) issues.push({ ...i, file: o.traces, line: r.line });
        }
      }
      if (issues.length > 0) {
        throw new InvalidInputError("invalid_trace", `invalid traces in ${o.traces}${issues.length >= 100 ? " (first 100 problems)" : ""}:\n${formatIssues(issues)}`, issues);
      }
      const script = induction.script();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const summary = {
        procedure: script.procedure,
        version: script.version,
        traces: script.traceCount,
        events,
        skippedTraces: skipped,
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
        if (o.json) return printJson(summary);
      } else if (o.json) return printJson(script);
      printText(
        `induced ${script.procedure}@${script.version} from ${summary.traces} traces (${events} events` +
          `${skipped > 0 ? `, ${skipped} traces of other procedures skipped` : ""}): ` +
          `${summary.steps} steps, ${summary.edges} precedence edges in ${seconds.toFixed(2)} s` +
          (o.out === undefined ? "\n(use --out FILE or --json to get the graph script)" : `\nwrote ${o.out}`),
      );
    });
}
