// `stepgraph import xes FILE --out OUT` and `stepgraph import csv FILE --out OUT`: convert an
// event log into stepgraph's files: OUT/traces.jsonl (one trace per case) and
// OUT/procedures.json holding the log's procedure, log-only: no written steps (a log has no
// written order, and the order in which activities first appear is not one), so induction takes
// the steps from the traces with no written prior.
// Strict: a log with any bad record writes nothing; --skip-invalid writes the rest and lists
// every skipped record.
import path from "node:path";
import type { Command } from "commander";
import { collectTraces } from "../../ingest/files/collect-traces.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { writeProceduresFile, writeTracesFile } from "../../ingest/files/write-output.js";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { formatIssues } from "../../src/errors.js";
import { eventStepId, ProcedureSchema } from "../../src/model/index.js";
import { printJson, printText } from "../output.js";
import { readProgress } from "../progress.js";
import { addTraceFileFlags, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";
import { checkOutFolder } from "./out-folder.js";

interface EventLogOptions extends TraceFileFlagValues {
  out: string;
  id?: string;
  skipInvalid?: boolean;
  json?: boolean;
}

async function convert(file: string, format: "xes" | "csv", o: EventLogOptions): Promise<void> {
  await checkOutFolder(o.out);
  const base = logOnlyProcedure(file, o.id !== undefined ? { id: o.id } : {});
  const progress = readProgress({ file, enabled: o.json !== true });
  const read = { ...traceFileOptionsFromFlags({ ...o, format }, { procedure: base.id }), ...progress.readOptions };
  async function* counted() {
    for await (const r of readTracesFile(file, read)) {
      if (r.ok) progress.events(r.trace.steps.length);
      yield r;
    }
  }
  let collected;
  try {
    collected = await collectTraces(file, counted(), o.skipInvalid ? { skipInvalid: true } : {});
  } finally {
    progress.stop();
  }
  const { traces, skipped } = collected;
  const activities = new Set<string>();
  for (const t of traces) for (const e of t.steps) activities.add(eventStepId(e) as string);
  const procedure = ProcedureSchema.parse({
    ...base,
    description: `Log only: the ${activities.size} activities of the event log are its steps; there is no written order.`,
  });
  const proceduresFile = path.join(o.out, "procedures.json");
  const tracesFile = path.join(o.out, "traces.jsonl");
  await writeProceduresFile(proceduresFile, [procedure]);
  await writeTracesFile(tracesFile, traces);
  const summary = {
    procedure: procedure.id,
    activities: activities.size,
    traces: traces.length,
    events: traces.reduce((n, t) => n + t.steps.length, 0),
    skipped,
    files: { procedures: proceduresFile, traces: tracesFile },
  };
  if (o.json) printJson(summary);
  else {
    const lines = [`${summary.traces} traces, ${summary.events} events, ${summary.activities} activities → ${tracesFile}, ${proceduresFile} (procedure ${procedure.id})`];
    if (skipped.length > 0) lines.push(`${skipped.length} invalid record(s) skipped:`, formatIssues(skipped.flatMap((s) => s.issues)));
    printText(lines.join("\n"));
  }
}

export function registerImportEventLogs(importCommand: Command): void {
  const xes = importCommand
    .command("xes <file>")
    .description("an XES event log (IEEE 1849, .xes or .xes.gz) → traces.jsonl + procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "procedure id (default: from the file name)");
  addTraceFileFlags(xes, { only: "xes" })
    .option("--skip-invalid", "write the valid traces and report every skipped one")
    .option("--json", "print a JSON summary")
    .action((file: string, o: EventLogOptions) => convert(file, "xes", o));
  const csv = importCommand
    .command("csv <file>")
    .description("a CSV event log (one row per event) → traces.jsonl + procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "procedure id (default: from the file name)");
  addTraceFileFlags(csv, { only: "csv" })
    .option("--skip-invalid", "write the valid traces and report every skipped one")
    .option("--json", "print a JSON summary")
    .action((file: string, o: EventLogOptions) => convert(file, "csv", o));
}
