// Inputs shared by the query and evaluation commands (next, complete, check, eval next-step,
// eval mistakes, eval order-errors): procedures, grounded traces checked against them with
// file and line, the graph script to query, the steps typed on the command line, and JSON
// option flags.
// The graph script comes from exactly one source:
//   --script FILE                      a graph script JSON (as `stepgraph induce --out` writes it);
//   --procedures FILE [--id ID] [--traces FILE + trace-file flags]   induced on the fly;
//   --traces FILE [--id ID] + trace-file flags   induced on the fly, log only (no written
//                                      procedure: the steps are the logged events), as `induce`;
//   --procedure ID [--version N] [--store [DB]]   from the store (STEPGRAPH_STORE / STEPGRAPH_DB,
//                                      or the SQLite file DB): its stored graph script, or one
//                                      induced from its stored traces (nothing is written).
// Steps typed as arguments are resolved by src/query/resolve-steps.ts (id, written number or
// text); one that names no step is an InvalidInputError `unknown_step` (exit 2) naming it with
// the closest steps.
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { logOnlyProcedure } from "../../ingest/files/log-only-procedure.js";
import { noTracesError, readGroundedTraceFile } from "../../ingest/files/read-grounded-traces.js";
import { readTextFile } from "../../ingest/files/read-text-file.js";
import { createInduction, InductionStateSchema, induce } from "../../src/discovery/induce.js";
import { InvalidInputError, NotFoundError, parseOrThrow } from "../../src/errors.js";
import { GraphScriptSchema, type GraphScript, type GroundedTrace, type Procedure } from "../../src/model/index.js";
import { RankingOptionsSchema, type RankingOptionsInput } from "../../src/model/queries.js";
import { resolveStepsOrThrow, scriptStepResolver, type StepResolution } from "../../src/query/resolve-steps.js";
import { DEFAULT_SQLITE_PATH, openStore, storeConfigFromEnv } from "../../src/store/store-config.js";
import type { z } from "zod";
import { readProgress } from "../progress.js";
import { addInduceFlags, INDUCE_FLAG_KEYS, induceOptionsFromFlags, type InduceFlagValues } from "./induce-flags.js";
import { addTraceFileFlags, groundingFromFlags, groundNeedsProceduresError, traceFileOptionsFromFlags, type TraceFileFlagValues } from "./trace-file-flags.js";

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
 * Reads a trace file (JSONL, CSV or XES) whose every event is a step of its procedure (in
 * `procedures`); with `only`, keeps the traces of that procedure and skips the others. With
 * `flags`, the trace-file flags (CSV columns, --ground...) apply.
 * Throws InvalidInputError naming file, line and field for every bad record; returns nothing then.
 */
export async function readGroundedTraces(file: string, procedures: readonly Procedure[], only?: Procedure, flags: TraceFileFlagValues & { json?: boolean } = {}): Promise<TraceAt[]> {
  const out: TraceAt[] = [];
  const progress = readProgress({ file, enabled: flags.json !== true });
  const read = { ...traceFileOptionsFromFlags(flags), ...progress.readOptions };
  const ground = groundingFromFlags(flags);
  let summary;
  try {
    summary = await readGroundedTraceFile(file, { procedures, ...(only ? { only } : {}), read, ...(ground ? { ground } : {}) }, (t) => {
      out.push({ trace: t.trace, line: t.line });
      progress.events(t.trace.steps.length);
    });
  } finally {
    progress.stop();
  }
  const none = only === undefined ? undefined : noTracesError(file, only, summary);
  if (none !== undefined) throw none;
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

export interface ScriptSourceOptions extends InduceFlagValues, TraceFileFlagValues {
  script?: string;
  procedures?: string;
  id?: string;
  traces?: string;
  procedure?: string;
  version?: string;
  store?: string | boolean;
  json?: boolean;
}

/** --script FILE | --procedures FILE [--id] [--traces + trace-file flags] | --procedure ID [--version] [--store [DB]], with the induce flags. */
export function addScriptSourceOptions(cmd: Command): Command {
  cmd
    .option("--script <file>", "graph script JSON (as `stepgraph induce --out` writes it)")
    .option("--procedures <file>", "procedures JSON: induce the script on the fly")
    .option("--id <procedure>", "which procedure of --procedures (needed when it holds several), or of a JSONL --traces file without --procedures")
    .option("--traces <file>", "traces to induce from (.jsonl, .csv, .xes, .xes.gz); without --procedures, log only (the steps are the logged events)")
    .option("--procedure <id>", "a procedure in the store: its graph script (or one induced from its stored traces)")
    .option("--version <n>", "with --procedure: the procedure version (default: latest)")
    .option("--store [db]", `with --procedure: the store to read (default: STEPGRAPH_STORE / STEPGRAPH_DB, i.e. ${DEFAULT_SQLITE_PATH}); or a SQLite file`);
  addTraceFileFlags(cmd, { ground: true });
  return addInduceFlags(cmd);
}

function sourceCount(o: ScriptSourceOptions): number {
  return [o.script !== undefined, o.procedures !== undefined || o.traces !== undefined, o.procedure !== undefined || o.store !== undefined].filter(Boolean).length;
}

/** The graph script to query, from the one source the flags name. */
export async function loadScript(o: ScriptSourceOptions): Promise<GraphScript> {
  if (sourceCount(o) !== 1) {
    throw new InvalidInputError(
      "missing_option",
      "give one source of the graph script: --script FILE, --procedures FILE (with --traces FILE to induce from traces), --traces FILE alone (log only: the steps are the logged events), or --procedure ID to read it from the store",
      [{ path: ["--script"], message: "exactly one of --script, --procedures / --traces, --procedure" }],
    );
  }
  if (o.traces !== undefined && o.procedures === undefined && groundingFromFlags(o) !== undefined) throw groundNeedsProceduresError();
  if (o.script !== undefined) {
    const file = o.script;
    const text = await readTextFile(file, "graph script");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new InvalidInputError("invalid_json", `${file}: not valid JSON: ${(e as Error).message}`, [{ file, path: [], message: `not valid JSON: ${(e as Error).message}` }]);
    }
    return parseOrThrow(GraphScriptSchema, data, `graph script in ${o.script}`, { file: o.script });
  }
  if (o.procedures !== undefined) return scriptFromFiles(o, o.procedures);
  if (o.traces !== undefined) return scriptFromLog(o, o.traces);
  return scriptFromStore(o);
}

async function scriptFromFiles(o: ScriptSourceOptions, file: string): Promise<GraphScript> {
  const options = induceOptionsFromFlags(o);
  const procedures = await readProcedures(file);
  let procedure: Procedure | undefined;
  if (o.id !== undefined) procedure = procedureResolver(procedures)(o.id);
  else if (procedures.length === 1) procedure = procedures[0];
  if (!procedure) {
    const ids = procedures.map((p) => p.id).slice(0, 10).join(", ");
    if (o.id !== undefined) throw new NotFoundError("procedure_not_found", `${file}: no procedure ${JSON.stringify(o.id)} (has ${ids})`, { file, procedure: o.id });
    throw new InvalidInputError("ambiguous_procedure", `${file} holds ${procedures.length} procedures: choose one with --id (${ids})`, [{ file, path: ["id"], message: "choose one with --id" }]);
  }
  const traces = o.traces === undefined ? [] : await readGroundedTraces(o.traces, procedures, procedure, o);
  return induce(procedure, traces.map((t) => t.trace.steps), options);
}

/** Log only, as `stepgraph induce --traces FILE` without --procedures: the steps are the logged events. */
async function scriptFromLog(o: ScriptSourceOptions, file: string): Promise<GraphScript> {
  const options = induceOptionsFromFlags(o);
  const procedure = logOnlyProcedure(file, o.id === undefined ? {} : { id: o.id });
  const traces = await readGroundedTraces(file, [procedure], procedure, o);
  return induce(procedure, traces.map((t) => t.trace.steps), options);
}

async function scriptFromStore(o: ScriptSourceOptions): Promise<GraphScript> {
  if (o.procedure === undefined) throw new InvalidInputError("missing_option", "--store needs --procedure ID (the procedure to query)", [{ path: ["--procedure"], message: "missing" }]);
  let version: number | undefined;
  if (o.version !== undefined) {
    version = Number(o.version);
    if (!/^\d{1,7}$/.test(o.version) || version < 1) throw new InvalidInputError("invalid_option", `--version must be a positive integer, got ${JSON.stringify(o.version)}`, [{ path: ["--version"], message: "must be a positive integer" }]);
  }
  const env: Record<string, string | undefined> = { ...process.env };
  if (typeof o.store === "string") Object.assign(env, { STEPGRAPH_STORE: "sqlite", STEPGRAPH_DB: o.store });
  const config = storeConfigFromEnv(env);
  // NOTE: opening a SQLite file creates it; a query must not leave an empty store behind.
  if (config.kind === "sqlite" && config.path !== ":memory:" && !existsSync(config.path)) {
    throw new NotFoundError("store_not_found", `no store at ${config.path}${typeof o.store === "string" ? "" : " (STEPGRAPH_DB)"}: run \`stepgraph ingest\` first, or name the SQLite file with --store FILE`, { path: config.path });
  }
  const store = await openStore(config);
  try {
    const p = await store.getProcedure(o.procedure, version);
    if (p === undefined) {
      const what = version === undefined ? JSON.stringify(o.procedure) : `${JSON.stringify(o.procedure)} version ${version}`;
      throw new NotFoundError("procedure_not_found", `no procedure ${what} in the ${store.kind} store`, { procedure: o.procedure });
    }
    const stored = await store.loadGraphScript(p.id, p.version);
    if (stored !== undefined && !hasInduceFlags(o)) return stored;
    const state = InductionStateSchema.safeParse(await store.loadInductionState(p.id, p.version));
    const induction = createInduction(p, hasInduceFlags(o) ? induceOptionsFromFlags(o) : state.success ? state.data.options : {});
    for await (const t of store.streamTraces(p.id, p.version)) induction.add(t.steps);
    return induction.script();
  } finally {
    await store.close();
  }
}

/** True when any induce flag (or --induce) was given: the stored script was induced with other options then. */
function hasInduceFlags(o: ScriptSourceOptions): boolean {
  const given = o as Record<string, unknown>;
  return INDUCE_FLAG_KEYS.some((k) => given[k] !== undefined);
}

/** The steps typed as arguments, as step ids of `script`; unknown_step (exit 2) names any that is no step. */
export function resolveArguments(script: GraphScript, args: readonly string[]): StepResolution {
  return resolveStepsOrThrow(scriptStepResolver(script), args, {
    procedure: script.procedure,
    version: script.version,
    path: (i) => ["steps", i],
    label: (i) => `argument ${i + 1}`,
  });
}

/** One line per input that was read as a written number or a text: how it was read. */
export function resolvedLines(r: StepResolution): string[] {
  return r.resolved.map((x) => `read ${JSON.stringify(x.input)} as ${x.step} (${x.by === "number" ? `written step ${x.input.replace(/\D/g, "")}` : `text${x.score !== undefined && x.score < 1 ? `, score ${x.score.toFixed(2)}` : ""}`})`);
}
