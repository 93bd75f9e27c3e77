// Reads traces in stepgraph's JSONL format, one trace object per line, streaming (the file is
// never held in memory whole). Blank lines are skipped. Each bad line is an InputIssue with
// the file, the 1-based line and the field.
import { createInterface } from "node:readline";
import { InvalidInputError, issuesFromZod, formatIssues, type InputIssue } from "../../src/errors.js";
import { TraceSchema, type Trace } from "../../src/model/index.js";
import { openInput, type BytesRead } from "../files/open-input.js";

/**
 * One record of a trace file: a trace, or the issues of a bad record. `fatal` marks a problem
 * after which the rest of the file cannot be read (XML or CSV syntax error, missing column):
 * it is the last item, and skipping it would silently drop the rest of the file.
 */
export type TraceLine = { ok: true; line: number; trace: Trace } | { ok: false; line: number; issues: InputIssue[]; fatal?: true };

/** Yields each line's trace or its issues; never throws for a bad line. */
export async function* readTraceLines(file: string, options: { onBytes?: BytesRead } = {}): AsyncGenerator<TraceLine> {
  const stream = openInput(file, options.onBytes);
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  for await (const raw of rl) {
    line++;
    if (raw.trim() === "") continue;
    let data: unknown;
    try {
      data = JSON.parse(raw);
    } catch (e) {
      yield { ok: false, line, issues: [{ file, line, path: [], message: `not valid JSON: ${(e as Error).message}` }] };
      continue;
    }
    const r = TraceSchema.safeParse(data);
    if (r.success) yield { ok: true, line, trace: r.data };
    else yield { ok: false, line, issues: issuesFromZod(r.error, { file, line }) };
  }
}

/** All traces of a file; throws InvalidInputError listing every bad line when any is bad. */
export async function readTraces(file: string): Promise<Trace[]> {
  const out: Trace[] = [];
  const issues: InputIssue[] = [];
  for await (const r of readTraceLines(file)) {
    if (r.ok) out.push(r.trace);
    else issues.push(...r.issues);
  }
  if (issues.length > 0) throw new InvalidInputError("invalid_trace", `invalid traces in ${file}:\n${formatIssues(issues)}`, issues);
  return out;
}
