// Inputs shared by the query and evaluation commands (next, complete, check, eval next-step,
// eval mistakes, eval order-errors): procedures, grounded traces checked against them with
// file and line, a graph script (from a file, or induced on the fly), and JSON option flags.
import { readFile } from "node:fs/promises";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { readTraceLines } from "../../ingest/jsonl/read-traces.js";
import { induce } from "../../src/discovery/induce.js";
import { InvalidInputError, formatIssues, parseOrThrow, type InputIssue } from "../../src/errors.js";
import { GraphScriptSchema, eventStepId, type GraphScript, type GroundedTrace, type Procedure } from "../../src/model/index.js";
import { RankingOptionsSchema, type RankingOptionsInput } from "../../src/model/queries.js";
import type { z } from "zod";
import { induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";

/** A grounded trace and the line it came from. */
export interface TraceAt {
  trace: GroundedTrace;
  line: number;
}

/** The procedure a trace belongs to: its version, or the latest version of its id. */
export function procedureResolver(procedures: readonly Procedure[]): (id: string, version?: number) => Procedure | undefined {
  const exact = new Map(procedures.map((p) => [`${p.id}@${p.version}`, p]));
  const latest = new Map<string, Procedure>();
  for (const p of procedures) if ((latest.get(p.id)?.version ?? 0) < p.version) latest.set(p.id, p);
  return (id, version) => (version === undefined ? latest.get(id) : exact.get(`${id}@${version}`));
}

/**
 * Reads a JSONL trace file whose every event is a step of its procedure (in `procedures`);
 * with `only`, keeps the traces of that procedure and skips the others.
 * Throws InvalidInputError naming file, line and field for every bad line; returns nothing then.
 */
export async function readGroundedTraces(file: string, procedures: readonly Procedure[], only?: Procedure): Promise<TraceAt[]> {
  const resolve = procedureResolver(procedures);
  const out: TraceAt[] = [];
  const issues: InputIssue[] = [];
  for await (const r of readTraceLines(file)) {
    if (!r.ok) {
      issues.push(...r.issues);
      continue;
    }
    const t = r.trace;
    if (only && t.procedure !== only.id) continue;
    const p = resolve(t.procedure, t.version);
    if (!p) {
      issues.push({ file, line: r.line, path: ["procedure"], message: `no procedure ${JSON.stringify(t.procedure)}${t.version === undefined ? "" : ` version ${t.version}`} in the procedures file` });
      continue;
    }
    const known = new Set(p.steps.map((s) => s.id));
    const steps: string[] = [];
    t.steps.forEach((e, i) => {
      const id = eventStepId(e);
      if (id === undefined) issues.push({ file, line: r.line, path: ["steps", i], message: "free-text event: ground the trace first (stepgraph ground)" });
      else if (known.size > 0 && !known.has(id)) issues.push({ file, line: r.line, path: ["steps", i], message: `${JSON.stringify(id)} is not a step of procedure ${JSON.stringify(p.id)}` });
      else steps.push(id);
    });
    out.push({ trace: { id: t.id, procedure: p.id, version: p.version, steps }, line: r.line });
  }
  if (issues.length > 0) throw new InvalidInputError("invalid_trace", `invalid traces in ${file}:\n${formatIssues(issues)}`, issues);
  return out;
}

/** Parses a JSON object given on the command line against `schema`. */
export function jsonOption<S extends z.ZodType>(schema: S, text: string | undefined, flag: string): z.input<S> {
  if (text === undefined) return {} as z.input<S>;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError("invalid_option", `${flag}: not valid JSON: ${(e as Error).message} in ${JSON.stringify(text)}`, [{ path: [flag], message: "not valid JSON" }]);
  }
  parseOrThrow(schema, data, `${flag} options`, { prefix: [flag] });
  return data as z.input<S>;
}

export const rankingOptions = (text: string | undefined): RankingOptionsInput => jsonOption(RankingOptionsSchema, text, "--ranking");

export interface ScriptSourceOptions extends InduceFlagValues {
  script?: string;
  procedures?: string;
  id?: string;
  traces?: string;
}

/** The graph script to query: `--script FILE`, or induced from `--procedures` (+ `--traces`). */
export async function loadScript(o: ScriptSourceOptions): Promise<GraphScript> {
  if (o.script !== undefined) {
    const file = o.script;
    const text = await readFile(file, "utf8").catch((e: Error) => {
      throw new InvalidInputError("file_not_readable", `${file}: cannot read: ${e.message}`, [{ file, path: [], message: "cannot read" }]);
    });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InvalidInputError("invalid_json", `${file}: not valid JSON: ${(e as Error).message}`, [{ file, path: [], message: `not valid JSON: ${(e as Error).message}` }]);
    }
    return parseOrThrow(GraphScriptSchema, data, `graph script in ${o.script}`, { file: o.script });
  }
  if (o.procedures === undefined) throw new InvalidInputError("missing_option", "give --script FILE or --procedures FILE (with --traces FILE to induce from traces)");
  const procedures = await readProcedures(o.procedures);
  let procedure: Procedure | undefined;
  if (o.id !== undefined) procedure = procedureResolver(procedures)(o.id);
  else if (procedures.length === 1) procedure = procedures[0];
  if (!procedure) {
    const ids = procedures.map((p) => p.id).slice(0, 10).join(", ");
    throw new InvalidInputError(
      "unknown_procedure",
      o.id === undefined
        ? `${o.procedures} holds ${procedures.length} procedures: choose one with --id (${ids})`
        : `${o.procedures}: no procedure ${JSON.stringify(o.id)} (have: ${ids})`,
      [{ file: o.procedures, path: ["id"], message: `no procedure ${JSON.stringify(o.id ?? "")}` }],
    );
  }
  const traces = o.traces === undefined ? [] : await readGroundedTraces(o.traces, procedures, procedure);
  return induce(procedure, traces.map((t) => t.trace.steps), induceOptionsFromFlags(o));
}

