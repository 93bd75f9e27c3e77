// `stepgraph import xes FILE --out OUT` and `stepgraph import csv FILE --out OUT`: convert an
// event log into stepgraph's files: OUT/traces.jsonl (one trace per case) and
// OUT/procedures.json holding the log's procedure, whose steps are the log's distinct
// activities in order of first appearance (there is no written order; to induce without a
// written prior, run `stepgraph induce --traces OUT/traces.jsonl` without --procedure).
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
import { traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

interface EventLogOptions extends TraceFileFlagValues {
  out: string;
  id?: string;
  skipInvalid?: boolean;
  json?: boolean;
}

async function convert(file: string, format: "xes" | "csv", o: EventLogOptions): Promise<void> {
  const base = logOnlyProcedure(file, o.id !== undefined ? { id: o.id } : {});
  const read = traceFileOptionsFromFlags({ ...o, format }, { procedure: base.id });
  const { traces, skipped } = await collectTraces(file, readTracesFile(file, read), o.skipInvalid ? { skipInvalid: true } : {});
  const activities = new Set<string>();
  for (const t of traces) for (const e of t.steps) activities.add(eventStepId(e) as string);
  const procedure = ProcedureSchema.parse({
    ...base,
    description: "Steps taken from the event log (distinct activities in order of first appearance); there is no written order.",
    steps: [...activities].map((id) => ({ id, text: id })),
  });
  const proceduresFile = path.join(o.out, "procedures.json");
  const tracesFile = path.join(o.out, "traces.jsonl");
  await writeProceduresFile(proceduresFile, [procedure]);
  await writeTracesFile(tracesFile, traces);
  const summary = {
    procedure: procedure.id,
    activities: procedure.steps.length,
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
  importCommand
    .command("xes <file>")
    .description("an XES event log (IEEE 1849, .xes or .xes.gz) → traces.jsonl + procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "procedure id (default: from the file name)")
    .option("--classifier <keys>", 'event attribute keys naming the activity, space-separated (default "concept:name")')
    .option("--lifecycle <transition...>", "keep only events with these lifecycle:transition values (e.g. complete)")
    .option("--skip-invalid", "write the valid traces and report every skipped one")
    .option("--json", "print a JSON summary")
    .action((file: string, o: EventLogOptions) => convert(file, "xes", o));
  importCommand
    .command("csv <file>")
    .description("a CSV event log (one row per event) → traces.jsonl + procedures.json")
    .requiredOption("--out <dir>", "output folder")
    .option("--id <id>", "procedure id (default: from the file name)")
    .option("--case-column <name>", "case id column (default case:concept:name)")
    .option("--activity-column <name>", "activity column (default concept:name)")
    .option("--timestamp-column <name>", "timestamp column (default time:timestamp; events are sorted by it)")
    .option("--delimiter <char>", "field delimiter (default ,)")
    .option("--skip-invalid", "write the valid traces and report every skipped one")
    .option("--json", "print a JSON summary")
    .action((file: string, o: EventLogOptions) => convert(file, "csv", o));
}
