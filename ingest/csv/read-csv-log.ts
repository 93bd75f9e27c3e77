// Reads the traces of a CSV event log (one row per event), as process-mining tools export
// them: a header row, then rows with a case column, an activity column and optionally a
// timestamp column, named by options (defaults case:concept:name, concept:name,
// time:timestamp, as pm4py writes them). Yields one TraceLine per case, cases in order of
// first appearance, line = the line of the case's first row. Within a case, events are
// sorted by timestamp when the timestamp column exists (stable: ties keep file order), and
// kept in file order otherwise. A missing named column ends the stream with one error naming
// the file, line 1, every missing column and the flag that names it; a bad row (empty activity, unparseable timestamp) makes
// its case an error naming the row's line and column; a CSV syntax error ends the stream.
// NOTE: the rows of one case may be spread through the file, so every event (activity and
// time only) is held until the end; for logs larger than memory, convert to XES or JSONL.
import { parse, CsvError } from "csv-parse";
import type { InputIssue } from "../../src/errors.js";
import { StepIdSchema, TraceIdSchema, type Trace, type TraceEvent } from "../../src/model/index.js";
import type { TraceLine } from "../jsonl/read-traces.js";
import { openInput, type BytesRead } from "../files/open-input.js";

export interface CsvColumns {
  caseColumn?: string;
  activityColumn?: string;
  timestampColumn?: string;
}

export interface CsvLogOptions extends CsvColumns {
  /** Procedure id of every trace. */
  procedure: string;
  version?: number;
  /** Field delimiter, "," by default. */
  delimiter?: string;
  /** Emit {step, start} with the row's timestamp instead of bare step ids. */
  times?: boolean;
  /** Called with the bytes of the file read so far. */
  onBytes?: BytesRead;
}

export const CSV_DEFAULT_COLUMNS = {
  caseColumn: "case:concept:name",
  activityColumn: "concept:name",
  timestampColumn: "time:timestamp",
} as const;

interface CaseEvents {
  line: number;
  events: { activity: string; time: number; raw: string | undefined }[];
  issues: InputIssue[];
}

/** Milliseconds since the epoch of an ISO-like date-time, or seconds given as a number; NaN otherwise. */
export function parseTimestamp(value: string): number {
  const v = value.trim();
  if (v === "") return NaN;
  if (/^[+-]?\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  return Date.parse(v);
}

export async function* readCsvTraces(file: string, options: CsvLogOptions): AsyncGenerator<TraceLine> {
  const caseColumn = options.caseColumn ?? CSV_DEFAULT_COLUMNS.caseColumn;
  const activityColumn = options.activityColumn ?? CSV_DEFAULT_COLUMNS.activityColumn;
  const timestampColumn = options.timestampColumn ?? CSV_DEFAULT_COLUMNS.timestampColumn;
  const parser = openInput(file, options.onBytes).pipe(
    parse({ bom: true, info: true, delimiter: options.delimiter ?? ",", relax_column_count: false, skip_empty_lines: true }),
  );

  const cases = new Map<string, CaseEvents>();
  let caseIndex = -1;
  let activityIndex = -1;
  let timeIndex = -1;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      if (caseIndex < 0) {
        const header = record.map((h) => h.trim());
        // Every missing column at once, each with the flag that names it.
        const missing: string[] = [];
        const find = (name: string, what: string, flag: string, required: boolean): number => {
          const i = header.indexOf(name);
          if (i < 0 && required) missing.push(`${what} column ${JSON.stringify(name)} (${flag})`);
          return i;
        };
        caseIndex = find(caseColumn, "case id", "--case-column", true);
        activityIndex = find(activityColumn, "activity", "--activity-column", true);
        // The timestamp column is optional unless named explicitly.
        timeIndex = find(timestampColumn, "timestamp", "--timestamp-column", options.timestampColumn !== undefined);
        if (missing.length > 0) {
          const message = `the CSV header has no ${missing.join(" and no ")}; its columns are ${header.map((h) => JSON.stringify(h)).join(", ")}: name the right ones with the flags`;
          throw Object.assign(new Error(message), { issue: { file, line: info.lines, path: ["header"], message } satisfies InputIssue });
        }
        continue;
      }
      const caseId = record[caseIndex] ?? "";
      let c = cases.get(caseId);
      if (c === undefined) {
        c = { line: info.lines, events: [], issues: [] };
        cases.set(caseId, c);
      }
      const activity = (record[activityIndex] ?? "").trim();
      const raw = timeIndex >= 0 ? record[timeIndex] : undefined;
      const time = raw === undefined ? 0 : parseTimestamp(raw);
      const bad = StepIdSchema.safeParse(activity);
      if (!bad.success) {
        c.issues.push({ file, line: info.lines, path: [activityColumn], message: `activity ${JSON.stringify(activity)}: ${bad.error.issues[0]?.message ?? "invalid"}` });
      } else if (Number.isNaN(time)) {
        c.issues.push({ file, line: info.lines, path: [timestampColumn], message: `timestamp ${JSON.stringify(raw)} is not a date-time or a number` });
      } else c.events.push({ activity, time, raw });
    }
  } catch (e) {
    const issue: InputIssue =
      (e as { issue?: InputIssue }).issue ??
      (e instanceof CsvError
        ? { file, line: (e as CsvError & { lines?: number }).lines ?? 0, path: ["csv"], message: `CSV error: ${e.message}` }
        : { file, path: ["file"], message: `cannot read: ${(e as Error).message}` });
    yield { ok: false, line: issue.line ?? 0, issues: [issue], fatal: true };
    return;
  }
  if (caseIndex < 0) return; // an empty file holds no traces

  for (const [caseId, c] of cases) {
    const issues = [...c.issues];
    const idCheck = TraceIdSchema.safeParse(caseId);
    if (!idCheck.success) {
      issues.push({ file, line: c.line, path: [caseColumn], message: `case id ${JSON.stringify(caseId)}: ${idCheck.error.issues[0]?.message ?? "invalid"}` });
    }
    if (issues.length > 0) {
      yield { ok: false, line: c.line, issues };
      continue;
    }
    if (timeIndex >= 0) c.events.sort((a, b) => a.time - b.time); // Array.prototype.sort is stable
    const steps: TraceEvent[] = c.events.map((e) =>
      options.times && e.raw !== undefined ? { step: e.activity, start: e.raw } : e.activity,
    );
    const trace: Trace = { id: caseId, procedure: options.procedure, steps };
    if (options.version !== undefined) trace.version = options.version;
    yield { ok: true, line: c.line, trace };
  }
}
