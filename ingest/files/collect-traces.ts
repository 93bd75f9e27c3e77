// Drains a stream of TraceLines into an array under the strict / skip-invalid policy: strict
// (default) throws one InvalidInputError listing every bad record (file, line, field) and
// returns nothing; skipInvalid returns the good traces and every skipped record's issues —
// except after a fatal problem (XML or CSV syntax error, missing column), which always throws.
import { InvalidInputError, formatIssues, type InputIssue } from "../../src/errors.js";
import type { Trace } from "../../src/model/index.js";
import type { TraceLine } from "../jsonl/read-traces.js";
import { unreadableTraceFileError } from "./read-grounded-traces.js";

export interface CollectedTraces {
  traces: Trace[];
  /** One entry per skipped record (only with skipInvalid). */
  skipped: { line: number; issues: InputIssue[]; fatal?: boolean }[];
}

/** Issues kept in the error (and its message) at most; `details` counts them all. */
const MAX_LISTED = 200;

export function invalidTracesError(file: string, bad: readonly { issues: InputIssue[]; fatal?: boolean }[]): InvalidInputError {
  // A problem that stops the reading (a missing CSV column, an XML error) is the whole story:
  // --skip-invalid cannot help, so the message does not suggest it.
  const fatal = bad.find((b) => b.fatal === true);
  if (fatal !== undefined) return unreadableTraceFileError(file, fatal.issues[0] ?? { file, path: [], message: "unreadable" });
  const all = bad.flatMap((b) => b.issues);
  const issues = all.slice(0, MAX_LISTED);
  const more = all.length > MAX_LISTED ? `\n(and ${all.length - MAX_LISTED} more issues)` : "";
  return new InvalidInputError(
    "invalid_trace",
    `${bad.length} invalid record(s) in ${file}; nothing was imported (use --skip-invalid to import the rest):\n${formatIssues(issues)}${more}`,
    issues,
    { file, invalidRecords: bad.length, issueCount: all.length },
  );
}

export async function collectTraces(
  file: string,
  lines: AsyncIterable<TraceLine>,
  options: { skipInvalid?: boolean } = {},
): Promise<CollectedTraces> {
  const traces: Trace[] = [];
  const skipped: CollectedTraces["skipped"] = [];
  let fatal = false;
  for await (const r of lines) {
    if (r.ok) traces.push(r.trace);
    else {
      skipped.push({ line: r.line, issues: r.issues, ...(r.fatal ? { fatal: true } : {}) });
      if (r.fatal) fatal = true;
    }
  }
  // A fatal problem (XML/CSV syntax, missing column) cuts the file short: never skippable.
  if (skipped.length > 0 && (!options.skipInvalid || fatal)) throw invalidTracesError(file, skipped);
  return { traces, skipped };
}
