// Streams a trace file of any format (readTracesFile: JSONL, CSV, XES, by extension or
// `read.format`) and hands each trace to `each` as step ids of its procedure, the one way every
// command that reads traces for a procedure does it (induce, next/check/complete --traces,
// the eval commands):
// - JSONL traces name their procedure (and maybe version); CSV and XES traces belong to `only`
//   (or the procedure named by `read.procedure`). Traces of other procedures are skipped and
//   counted when `only` is given, and are an error otherwise when no procedure matches;
// - every event must be a step id of the procedure; a procedure with no written steps (log
//   only) takes any valid step id; with `ground`, events that are not step ids are written step
//   numbers ("3": the third written step) or are grounded to steps by their text (free text, or
//   labels such as a CSV activity "Thaw the reagents")
//   (src/grounding/ground.ts, at its threshold), and an event that matches no step is an error
//   naming its best candidates — never dropped or guessed.
// Bad records are collected (file, line, field; at most `maxIssues`) and thrown together as one
// InvalidInputError after the file, so `each` may have seen good traces before the throw;
// callers that write must wait for the return. A fatal problem (XML/CSV syntax, missing CSV
// column) is thrown as soon as it is read, with its own message.
// The file is streamed: memory is bounded by one trace plus the grounders.
import { InvalidInputError, formatIssues, type InputIssue } from "../../src/errors.js";
import { createGrounder, groundTrace, type Grounder, type GroundingOptions } from "../../src/grounding/ground.js";
import { writtenNumberHint } from "../../src/grounding/written-number.js";
import { eventStepId, RESERVED_STEP_IDS, StepIdSchema, type GroundedTrace, type Procedure, type TraceEvent } from "../../src/model/index.js";
import { readTracesFile, type ReadTracesFileOptions } from "../read-traces-file.js";

export interface GroundedTraceReadOptions {
  /** The procedures traces may belong to (JSONL traces name theirs; the latest version when they give none). */
  procedures: readonly Procedure[];
  /** Keep only the traces of this procedure (CSV and XES traces belong to it); others are skipped and counted. */
  only?: Procedure;
  read?: ReadTracesFileOptions;
  /** Ground events that are not step ids to steps by their text. */
  ground?: boolean | GroundingOptions;
  /** Issues collected before giving up (default 100). */
  maxIssues?: number;
}

export interface GroundedTraceAt {
  trace: GroundedTrace;
  line: number;
  /** Events grounded from text (not given as step ids). */
  grounded: number;
}

export interface GroundedTraceReadSummary {
  traces: number;
  events: number;
  /** Traces of other procedures (with `only`). */
  skipped: number;
  /** The procedures those traces belong to (ids, first seen first, at most 20). */
  skippedProcedures: string[];
  /** Events grounded from text. */
  grounded: number;
  /** Events that named a step by its written number (with `ground`). */
  numbered: number;
}

/** The error for a problem after which the rest of the file cannot be read. */
export function unreadableTraceFileError(file: string, issue: InputIssue): InvalidInputError {
  return new InvalidInputError("invalid_trace", `cannot read ${file}: ${formatIssues([issue])}`, [issue], { file });
}

export async function readGroundedTraceFile(
  file: string,
  options: GroundedTraceReadOptions,
  each: (t: GroundedTraceAt) => void,
): Promise<GroundedTraceReadSummary> {
  const max = options.maxIssues ?? 100;
  const latest = new Map<string, Procedure>();
  const exact = new Map<string, Procedure>();
  for (const p of options.procedures) {
    exact.set(`${p.id}@${p.version}`, p);
    if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
  }
  const only = options.only;
  const read: ReadTracesFileOptions = { ...options.read };
  if (only !== undefined) {
    read.procedure ??= only.id;
    read.version ??= only.version;
  }
  const grounding = options.ground === undefined || options.ground === false ? undefined : options.ground === true ? {} : options.ground;
  if (grounding !== undefined && only !== undefined && only.steps.length === 0) {
    throw new InvalidInputError("invalid_option", "--ground needs a written procedure to match events to (give its procedures file): this one has no written steps", [
      { path: ["--ground"], message: "needs a written procedure" },
    ]);
  }
  const grounders = new Map<Procedure, Grounder>();
  const stepSets = new Map<Procedure, Set<string>>();
  const issues: InputIssue[] = [];
  const summary: GroundedTraceReadSummary = { traces: 0, events: 0, skipped: 0, skippedProcedures: [], grounded: 0, numbered: 0 };

  for await (const r of readTracesFile(file, read)) {
    if (!r.ok) {
      if (r.fatal) throw unreadableTraceFileError(file, r.issues[0] ?? { file, path: [], message: "unreadable" });
      issues.push(...r.issues);
      if (issues.length >= max) break;
      continue;
    }
    const t = r.trace;
    let p: Procedure | undefined;
    if (only !== undefined) {
      if (t.procedure !== only.id || (t.version !== undefined && t.version !== only.version)) {
        summary.skipped++;
        if (summary.skippedProcedures.length < 20 && !summary.skippedProcedures.includes(t.procedure)) summary.skippedProcedures.push(t.procedure);
        continue;
      }
      p = only;
    } else p = t.version === undefined ? latest.get(t.procedure) : exact.get(`${t.procedure}@${t.version}`);
    if (p === undefined) {
      issues.push({ file, line: r.line, path: ["procedure"], message: `no procedure ${JSON.stringify(t.procedure)}${t.version === undefined ? "" : ` version ${t.version}`} in the procedures file` });
      if (issues.length >= max) break;
      continue;
    }
    let steps: string[];
    let grounded = 0;
    let numbered = 0;
    const bad: InputIssue[] = [];
    if (grounding !== undefined && p.steps.length > 0) {
      let g = grounders.get(p);
      if (g === undefined) grounders.set(p, (g = createGrounder(p, grounding)));
      const out = groundTrace(g, t);
      steps = out.trace.steps;
      numbered = out.numbered;
      grounded = t.steps.filter((e) => !g.stepIds.has(eventStepId(e) ?? "")).length - out.unknown.length - numbered;
      for (const u of out.unknown) {
        const best = u.candidates.map((c) => `${c.step} ${c.score.toFixed(2)}`).join(", ") || "none";
        bad.push({ file, line: r.line, path: ["steps", u.index], message: `${JSON.stringify(u.text)} matches no step of procedure ${JSON.stringify(p.id)} (best: ${best})` });
      }
    } else {
      let known = stepSets.get(p);
      if (known === undefined) stepSets.set(p, (known = new Set(p.steps.map((s) => s.id))));
      steps = [];
      t.steps.forEach((e: TraceEvent, i) => {
        const id = eventStepId(e);
        const problem = stepProblem(id, p, known);
        if (problem === undefined) steps.push(id as string);
        else bad.push({ file, line: r.line, path: ["steps", i], message: problem });
      });
    }
    if (bad.length > 0) {
      issues.push(...bad);
      if (issues.length >= max) break;
      continue;
    }
    const trace: GroundedTrace = { id: t.id, procedure: p.id, version: p.version, steps };
    summary.traces++;
    summary.events += steps.length;
    summary.grounded += grounded;
    summary.numbered += numbered;
    each({ trace, line: r.line, grounded });
  }
  if (issues.length > 0) {
    const more = issues.length >= max ? ` (the first ${max} problems)` : "";
    throw new InvalidInputError("invalid_trace", `invalid traces in ${file}${more}:\n${formatIssues(issues)}`, issues, { file });
  }
  return summary;
}

function stepProblem(id: string | undefined, p: Procedure, known: ReadonlySet<string>): string | undefined {
  if (id === undefined) return "free-text event: match it to a step with --ground (or `stepgraph ground`)";
  if (p.steps.length === 0) {
    return RESERVED_STEP_IDS.includes(id) || !StepIdSchema.safeParse(id).success ? `${JSON.stringify(id)} is not a valid step id` : undefined;
  }
  if (known.has(id)) return undefined;
  const hint = writtenNumberHint(id, p.steps.map((s) => s.id)) || "--ground matches free-text events to steps";
  return `${JSON.stringify(id)} is not a step of procedure ${JSON.stringify(p.id)} (${hint})`;
}

/**
 * The error when a trace file gave no trace of `procedure`: empty, or every trace belongs to
 * another procedure (a JSONL file names each trace's procedure); undefined when some trace did.
 * An induction from no traces would answer from the written order alone (or from nothing, log
 * only) without saying that the file was not used.
 */
export function noTracesError(file: string, procedure: Procedure, summary: GroundedTraceReadSummary): InvalidInputError | undefined {
  if (summary.traces > 0) return undefined;
  const others = summary.skippedProcedures.map((id) => JSON.stringify(id)).join(", ");
  const message =
    summary.skipped === 0
      ? `${file} holds no traces`
      : `none of the ${summary.skipped} traces in ${file} belong to procedure ${JSON.stringify(procedure.id)}: they belong to ${others}${summary.skippedProcedures.length >= 20 ? ", ..." : ""} (choose one with --id)`;
  const issue = summary.skipped === 0 ? { file, path: [], message: "no traces" } : { path: ["--id"], message: `choose a procedure the file has traces of (${others})` };
  return new InvalidInputError("no_traces", message, [issue], { file });
}
