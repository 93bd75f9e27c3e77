// Writes procedures and traces from files into a GraphStore (`stepgraph ingest`).
// Returns what was written and, with skipInvalid, every skipped record.
//
// Order of work, so that bad input never leaves anything half-written:
// 1. read and validate the procedures file (every field) and decide each procedure's version
//    as the store will (decideVersion), failing on a version conflict;
// 2. read and validate every trace: its procedure version must be in the file or the store
//    ("unknown procedure" otherwise), every event a step id of that version (or, with `ground`,
//    a written step number or a text grounded to one), no trace id twice;
// 3. refuse trace ids the store already holds for that version;
// 4. only then write: procedures, then traces per procedure version in batches.
// Strict by default: any problem in step 2 throws InvalidInputError listing every bad record
// (file, line, field) before anything is written; skipInvalid writes the rest, unless the file
// could not be read to its end (XML or CSV syntax error, missing column).
// NOTE: the validated traces (step ids only) are held in memory until written, so that nothing
// is written before the whole file is known to be good: 100k traces / 1.2 M events peak at
// ~234 MB RSS. For logs larger than memory, split the file.
// NOTE: traces are written in batches (one store transaction each) so that a progress bar can
// move; every check that can fail on the input runs before the first write, so a failure
// between batches needs a store fault (disk full, lost connection).
import { stat } from "node:fs/promises";
import { readTextFile } from "./files/read-text-file.js";
import { ConflictError, InvalidInputError, formatIssues, type InputIssue } from "../src/errors.js";
import { assertSubprocedureLinks } from "../src/hierarchy/assert-subprocedure-links.js";
import { createGrounder, groundTrace, type Grounder, type GroundingOptions } from "../src/grounding/ground.js";
import { writtenNumberHint } from "../src/grounding/written-number.js";
import { eventStepId, RESERVED_STEP_IDS, type GroundedTrace, type Procedure } from "../src/model/index.js";
import type { GraphStore } from "../src/store/graph-store.js";
import { decideVersion, procedureContent } from "../src/store/store-rules.js";
import { invalidTracesError } from "./files/collect-traces.js";
import { logOnlyProcedure } from "./files/log-only-procedure.js";
import { parseProcedures } from "./json/read-procedures.js";
import { readTracesFile, type ReadTracesFileOptions } from "./read-traces-file.js";

export interface IngestOptions {
  proceduresFile?: string;
  tracesFile?: string;
  /** How to read the traces file (format, CSV columns, procedure id for CSV/XES). */
  read?: ReadTracesFileOptions;
  /** Build a procedure from the log itself (steps = distinct activities in order of first appearance). */
  logOnly?: boolean;
  /** Ground events that are not step ids (free text, labels) instead of rejecting them. */
  ground?: boolean | GroundingOptions;
  skipInvalid?: boolean;
  /** Traces per store write. */
  batchSize?: number;
}

export interface IngestProgress {
  /** "read": done/total are bytes of the traces file; "write": traces. */
  phase: "read" | "write";
  done: number;
  total?: number;
  /** Traces read or written so far. */
  traces: number;
}

export interface IngestSummary {
  procedures: { id: string; version: number; created: boolean }[];
  traces: { procedure: string; version: number; appended: number }[];
  tracesWritten: number;
  eventsWritten: number;
  skipped: { file: string; line: number; issues: InputIssue[] }[];
}

interface FileProcedure {
  procedure: Procedure;
  explicitVersion: number | undefined;
}

async function readProceduresWithVersions(file: string): Promise<FileProcedure[]> {
  const text = await readTextFile(file, "procedures");
  const procedures = parseProcedures(text, file); // throws on any error, naming file and field
  const raw = JSON.parse(text) as unknown;
  const items = Array.isArray(raw) ? raw : [raw];
  return procedures.map((procedure, i) => {
    const v = (items[i] as { version?: unknown } | undefined)?.version;
    return { procedure, explicitVersion: typeof v === "number" ? v : undefined };
  });
}

/**
 * The log-only procedure of a trace file: no written steps (`steps: []`), so its steps come from
 * the traces and no written order is implied (induction's log-only mode; the store takes any
 * valid step id for it).
 */
function logProcedure(file: string, read: ReadTracesFileOptions): Procedure {
  const base = logOnlyProcedure(file, read.procedure !== undefined ? { id: read.procedure } : {});
  return { ...base, description: "A log without a written procedure: its steps come from the traces; there is no written order." };
}

export async function ingestIntoStore(
  store: GraphStore,
  options: IngestOptions,
  onProgress: (p: IngestProgress) => void = () => {},
): Promise<IngestSummary> {
  if (options.proceduresFile === undefined && options.tracesFile === undefined) {
    throw new InvalidInputError("invalid_option", "nothing to ingest: give a procedures file, a traces file, or both", [{ path: ["--procedures"], message: "missing" }]);
  }
  const read: ReadTracesFileOptions = { ...options.read };
  const fromFile = options.proceduresFile !== undefined ? await readProceduresWithVersions(options.proceduresFile) : [];
  if (options.logOnly) {
    if (options.tracesFile === undefined) throw new InvalidInputError("invalid_option", "--log-only needs --traces", [{ path: ["--log-only"], message: "needs --traces" }]);
    if (options.ground) throw new InvalidInputError("invalid_option", "--ground needs a written procedure (--procedures): a log-only procedure has no written steps to match events to", [{ path: ["--ground"], message: "not with --log-only" }]);
    const p = logProcedure(options.tracesFile, read);
    read.procedure = p.id;
    fromFile.push({ procedure: p, explicitVersion: undefined });
  }

  // 1. Decide versions as the store will (a conflict throws before anything is written).
  const planned = new Map<FileProcedure, number>();
  for (const f of fromFile) {
    const latest = await store.getProcedure(f.procedure.id);
    const atExplicit = f.explicitVersion !== undefined ? await store.getProcedure(f.procedure.id, f.explicitVersion) : undefined;
    const d = decideVersion(
      f.procedure.id,
      procedureContent(f.procedure),
      f.explicitVersion,
      latest ? { version: latest.version, content: procedureContent(latest) } : undefined,
      atExplicit ? procedureContent(atExplicit) : undefined,
    ); // throws ConflictError before anything is written
    planned.set(f, d.version);
  }
  // 1b. Sub-procedure links must resolve and close no cycle, against the store plus the whole
  //     file (a file may bring a parent and its sub-procedures together).
  const pending = fromFile.map((f) => ({ id: f.procedure.id, version: planned.get(f), steps: f.procedure.steps }));
  for (const f of fromFile) {
    await assertSubprocedureLinks(store, { ...f.procedure, version: planned.get(f) as number }, { pending });
  }
  // 2. Read and validate every trace against the procedure version it will belong to.
  const storeCache = new Map<string, Procedure | undefined>();
  const fromStore = async (id: string, version?: number): Promise<Procedure | undefined> => {
    const key = `${id}@${version ?? "latest"}`;
    if (!storeCache.has(key)) storeCache.set(key, await store.getProcedure(id, version));
    return storeCache.get(key);
  };
  const resolve = async (id: string, version: number | undefined): Promise<{ procedure: Procedure; fromFile?: FileProcedure } | undefined> => {
    let v = version;
    if (v === undefined) {
      const inFile = fromFile.filter((f) => f.procedure.id === id).map((f) => planned.get(f) as number);
      const latest = Math.max(0, ...inFile, (await fromStore(id))?.version ?? 0);
      if (latest === 0) return undefined;
      v = latest;
    }
    const f = fromFile.find((x) => x.procedure.id === id && planned.get(x) === v);
    if (f) return { procedure: f.procedure, fromFile: f };
    const p = await fromStore(id, v);
    return p ? { procedure: p } : undefined;
  };
  const grounders = new Map<Procedure, Grounder>();
  const groundingOptions = typeof options.ground === "object" ? options.ground : {};

  interface Group {
    procedure: Procedure;
    fromFile?: FileProcedure;
    traces: GroundedTrace[];
    ids: Set<string>;
  }
  const groups = new Map<Procedure, Group>();
  const bad: { file: string; line: number; issues: InputIssue[]; fatal?: boolean }[] = [];
  let fatal = false;
  let readCount = 0;
  if (options.tracesFile !== undefined) {
    const file = options.tracesFile;
    const size = await stat(file).then((st) => st.size, () => undefined);
    let bytes = 0;
    const reading: ReadTracesFileOptions = { ...read, onBytes: (b) => (bytes = b) };
    for await (const r of readTracesFile(file, reading)) {
      readCount++;
      if (readCount % 1000 === 0) onProgress({ phase: "read", done: bytes, ...(size !== undefined ? { total: size } : {}), traces: readCount });
      if (!r.ok) {
        bad.push({ file, line: r.line, issues: r.issues, ...(r.fatal ? { fatal: true } : {}) });
        if (r.fatal) fatal = true;
        continue;
      }
      const t = r.trace;
      const target = await resolve(t.procedure, t.version);
      if (!target) {
        const v = t.version !== undefined ? ` version ${t.version}` : "";
        bad.push({ file, line: r.line, issues: [{ file, line: r.line, path: ["procedure"], message: `unknown procedure ${JSON.stringify(t.procedure)}${v}: not in the procedures file nor in the store` }] });
        continue;
      }
      const p = target.procedure;
      const issues: InputIssue[] = [];
      let steps: string[];
      if (options.ground) {
        let g = grounders.get(p);
        if (!g) grounders.set(p, (g = createGrounder(p, groundingOptions)));
        const grounded = groundTrace(g, t);
        steps = grounded.trace.steps;
        for (const u of grounded.unknown) {
          const cands = u.candidates.map((c) => `${c.step} ${c.score.toFixed(2)}`).join(", ") || "none";
          issues.push({ file, line: r.line, path: ["steps", u.index], message: `${JSON.stringify(u.text)} matches no step of ${p.id}@${p.version} (best: ${cands})` });
        }
      } else {
        const ids = new Set(p.steps.map((s) => s.id));
        const logOnly = p.steps.length === 0; // steps come from the traces: any valid step id
        steps = [];
        t.steps.forEach((e, i) => {
          const id = eventStepId(e);
          if (id !== undefined && (ids.has(id) || (logOnly && !RESERVED_STEP_IDS.includes(id)))) steps.push(id);
          else {
            const what = id === undefined ? `text event ${JSON.stringify((e as { text: string }).text)} (use --ground)` : `${JSON.stringify(id)}`;
            const hint = id === undefined || logOnly ? "" : writtenNumberHint(id, p.steps.map((s) => s.id));
            issues.push({ file, line: r.line, path: ["steps", i], message: `unknown step ${what}: not a step of ${p.id}@${p.version}${hint === "" ? "" : ` (${hint})`}` });
          }
        });
      }
      let group = groups.get(p);
      if (!group) groups.set(p, (group = { procedure: p, ...(target.fromFile ? { fromFile: target.fromFile } : {}), traces: [], ids: new Set() }));
      if (group.ids.has(t.id)) issues.push({ file, line: r.line, path: ["id"], message: `trace id ${JSON.stringify(t.id)} appears twice for ${p.id}` });
      if (issues.length > 0) {
        bad.push({ file, line: r.line, issues });
        continue;
      }
      group.ids.add(t.id);
      group.traces.push({ id: t.id, procedure: p.id, steps });
    }
  }
  // A fatal problem (XML/CSV syntax, missing column) cuts the file short: never skippable.
  if (bad.length > 0 && (!options.skipInvalid || fatal)) throw invalidTracesError(options.tracesFile ?? "", bad);

  // 3. Refuse trace ids the store already holds.
  const conflicts: InputIssue[] = [];
  for (const g of groups.values()) {
    const version = g.fromFile ? (planned.get(g.fromFile) as number) : g.procedure.version;
    const stored = await store.getProcedure(g.procedure.id, version);
    if (!stored || (await store.countTraces(g.procedure.id, version)) === 0) continue;
    for await (const t of store.streamTraces(g.procedure.id, version)) {
      if (g.ids.has(t.id)) conflicts.push({ file: options.tracesFile ?? "", path: ["id"], message: `trace ${JSON.stringify(t.id)} of ${g.procedure.id}@${version} is already in the store` });
    }
  }
  if (conflicts.length > 0) {
    throw new ConflictError("duplicate_trace", `${conflicts.length} trace(s) already stored; nothing was imported:\n${formatIssues(conflicts.slice(0, 200))}`, { issues: conflicts.slice(0, 200) });
  }

  // 4. Write.
  const summary: IngestSummary = { procedures: [], traces: [], tracesWritten: 0, eventsWritten: 0, skipped: bad };
  const actual = new Map<FileProcedure, number>();
  for (const f of fromFile) {
    const input = f.explicitVersion !== undefined ? f.procedure : (({ version: _v, ...rest }) => rest)(f.procedure);
    const r = await store.saveProcedure(input);
    actual.set(f, r.procedure.version);
    summary.procedures.push({ id: r.procedure.id, version: r.procedure.version, created: r.created });
  }
  const total = [...groups.values()].reduce((n, g) => n + g.traces.length, 0);
  const batchSize = options.batchSize ?? 5000;
  let done = 0;
  onProgress({ phase: "write", done, total, traces: done });
  for (const g of groups.values()) {
    const version = g.fromFile ? (actual.get(g.fromFile) as number) : g.procedure.version;
    let appended = 0;
    for (let i = 0; i < g.traces.length; i += batchSize) {
      const batch = g.traces.slice(i, i + batchSize).map((t) => ({ ...t, version }));
      appended += (await store.appendTraces(g.procedure.id, version, batch)).appended;
      done += batch.length;
      summary.eventsWritten += batch.reduce((n, t) => n + t.steps.length, 0);
      onProgress({ phase: "write", done, total, traces: done });
    }
    summary.traces.push({ procedure: g.procedure.id, version, appended });
    summary.tracesWritten += appended;
  }
  return summary;
}
