// createSqliteStore: the embedded GraphStore (better-sqlite3), the default store. Returns a
// store on one database file (":memory:" allowed; the folder is created) in WAL mode with
// foreign keys on, schema migrations recorded in `schema_migrations`, prepared statements,
// and one IMMEDIATE transaction per write call, so a write is wholly present or wholly absent
// after a crash and several connections or processes may share one file.
// Assumes: better-sqlite3 is synchronous, so each call runs to completion; the async
// signatures only satisfy the port.
// NOTE: synchronous=NORMAL in WAL mode: a committed write survives a killed process; a power
// loss may drop the last commits but never corrupts the file. Pass `synchronous: "FULL"` for
// power-loss durability at the cost of one fsync per write call.
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { GraphScriptSchema, ProcedureSchema, SessionSchema, type GraphScript, type GroundedTrace, type Procedure, type ProcedureInput, type Session } from "../model/index.js";
import type { GraphStore, ListOptions, ProcedureSummary, SaveProcedureResult, SaveSessionOptions, SubprocedureLink } from "./graph-store.js";
import { MIGRATIONS } from "./sqlite-migrations.js";
import {
  assertDeletable,
  closedError,
  decideVersion,
  duplicateTrace,
  inductionStateJson,
  parseGraphScript,
  parseListOptions,
  parsePageOptions,
  parseProcedureInput,
  parseRef,
  assertSessionUnchanged,
  parseSession,
  parseStored,
  procedureContent,
  procedureNotFound,
  validateTraceBatch,
  withVersion,
} from "./store-rules.js";

export interface SqliteStoreOptions {
  /** Database file, or ":memory:". */
  path: string;
  /** Milliseconds a write waits for another connection's lock before failing (default 10 s). */
  busyTimeoutMs?: number;
  synchronous?: "NORMAL" | "FULL";
}

/** Traces read per page while streaming. */
const STREAM_PAGE = 1000;

type Row = Record<string, unknown>;

export function createSqliteStore(options: SqliteStoreOptions): GraphStore & { readonly path: string } {
  const file = options.path;
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 10_000))}`);
  if (file !== ":memory:") db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${options.synchronous ?? "NORMAL"}`);
  db.pragma("foreign_keys = ON");
  // Unicode-aware lower-casing, so search agrees with the other adapters (SQLite's lower() is ASCII
  // only); used by migration 2 to fill the lower-cased columns that search reads.
  db.function("stepgraph_lower", { deterministic: true }, (s: unknown) => (typeof s === "string" ? s.toLowerCase() : s));

  let closed = false;
  let migrated = false;
  const open = (): void => {
    if (closed) throw closedError("sqlite");
    if (!migrated) throw new Error(`sqlite store ${file}: call init() first`);
  };

  // Prepared after migration (the tables must exist).
  let q!: ReturnType<typeof prepare>;
  const prepare = () => ({
    pkOf: db.prepare("SELECT pk FROM procedures WHERE id = ? AND version = ?").pluck(),
    bodyOf: db.prepare("SELECT body FROM procedures WHERE id = ? AND version = ?").pluck(),
    latestOf: db.prepare("SELECT version, content FROM procedures WHERE id = ? ORDER BY version DESC LIMIT 1"),
    latestVersionOf: db.prepare("SELECT MAX(version) FROM procedures WHERE id = ?").pluck(),
    contentAt: db.prepare("SELECT content FROM procedures WHERE id = ? AND version = ?").pluck(),
    versionsOf: db.prepare("SELECT version FROM procedures WHERE id = ? ORDER BY version").pluck(),
    insertProcedure: db.prepare(
      "INSERT INTO procedures (id, version, title, step_count, content, body, created_at, title_lower, id_lower) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    ),
    insertLink: db.prepare("INSERT INTO subprocedure_links (procedure_pk, position, step, target, target_version) VALUES (?, ?, ?, ?, ?)"),
    // Matches are found on the narrow search index first (rows carry JSON), then joined for output.
    list: db.prepare(`
      WITH hits AS (
        SELECT p.id, p.version FROM procedures p INDEXED BY procedures_search
        WHERE (@query IS NULL OR instr(p.title_lower, @query) > 0 OR instr(p.id_lower, @query) > 0)
          AND p.version = (SELECT MAX(m.version) FROM procedures m WHERE m.id = p.id)
        ORDER BY p.id
        LIMIT @limit OFFSET @offset
      )
      SELECT h.id, h.version, p.title, p.step_count AS stepCount,
             (SELECT json_group_array(version) FROM (SELECT v.version FROM procedures v WHERE v.id = h.id ORDER BY v.version)) AS versions
      FROM hits h JOIN procedures p ON p.id = h.id AND p.version = h.version
      ORDER BY h.id`),
    linksTo: db.prepare(`
      SELECT p.id AS procedure, p.version AS version, l.step, l.target, l.target_version AS targetVersion
      FROM subprocedure_links l JOIN procedures p ON p.pk = l.procedure_pk
      WHERE l.target = ?`),
    allLinks: db.prepare(`
      SELECT p.id AS procedure, p.version AS version, l.step, l.target, l.target_version AS targetVersion
      FROM subprocedure_links l JOIN procedures p ON p.pk = l.procedure_pk
      ORDER BY p.id, p.version, l.position`),
    deleteProcedure: db.prepare("DELETE FROM procedures WHERE pk = ?"),
    counters: db.prepare("SELECT trace_count AS traces, event_count AS events FROM procedures WHERE pk = ?"),
    bumpCounters: db.prepare("UPDATE procedures SET trace_count = trace_count + ?, event_count = event_count + ? WHERE pk = ?"),
    insertTrace: db.prepare("INSERT INTO traces (procedure_pk, seq, trace_id, steps) VALUES (?, ?, ?, ?)"),
    traceIdExists: db.prepare("SELECT 1 FROM traces WHERE procedure_pk = ? AND trace_id = ?").pluck(),
    tracesFrom: db.prepare("SELECT seq, trace_id AS id, steps FROM traces WHERE procedure_pk = ? AND seq >= ? ORDER BY seq LIMIT ?"),
    upsertScript: db.prepare(
      "INSERT INTO graph_scripts (procedure_pk, body, saved_at) VALUES (?, ?, ?) ON CONFLICT (procedure_pk) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
    ),
    scriptOf: db.prepare("SELECT g.body FROM graph_scripts g JOIN procedures p ON p.pk = g.procedure_pk WHERE p.id = ? AND p.version = ?").pluck(),
    latestScriptOf: db
      .prepare("SELECT g.body FROM graph_scripts g JOIN procedures p ON p.pk = g.procedure_pk WHERE p.id = ? ORDER BY p.version DESC LIMIT 1")
      .pluck(),
    upsertState: db.prepare(
      "INSERT INTO induction_states (procedure_pk, body, saved_at) VALUES (?, ?, ?) ON CONFLICT (procedure_pk) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
    ),
    stateOf: db.prepare("SELECT s.body FROM induction_states s JOIN procedures p ON p.pk = s.procedure_pk WHERE p.id = ? AND p.version = ?").pluck(),
    upsertSession: db.prepare(
      "INSERT INTO sessions (id, procedure_pk, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET procedure_pk = excluded.procedure_pk, body = excluded.body",
    ),
    sessionOf: db.prepare("SELECT body FROM sessions WHERE id = ?").pluck(),
  });

  /** Parsed procedures by pk (pks are never reused: AUTOINCREMENT; versions are immutable). */
  const procedureCache = new Map<number, Procedure>();
  const procedureAt = (id: string, version: number): { pk: number; procedure: Procedure } => {
    const pk = q.pkOf.get(id, version) as number | undefined;
    if (pk === undefined) throw procedureNotFound(id, version);
    let p = procedureCache.get(pk);
    if (!p) {
      p = parseStored(ProcedureSchema, q.bodyOf.get(id, version) as string, `procedures(${JSON.stringify(id)}, ${version})`);
      if (procedureCache.size >= 1000) procedureCache.delete(procedureCache.keys().next().value!);
      procedureCache.set(pk, p);
    }
    return { pk, procedure: p };
  };
  const resolveVersion = (id: string, version: number | undefined): number => {
    if (version !== undefined) return version;
    const latest = q.latestVersionOf.get(id) as number | null;
    if (latest === null) throw procedureNotFound(id);
    return latest;
  };
  const now = (): string => new Date().toISOString();
  const linkRow = (r: Row): SubprocedureLink => {
    const link: SubprocedureLink = { procedure: r.procedure as string, version: r.version as number, step: r.step as string, target: r.target as string };
    if (r.targetVersion !== null) link.targetVersion = r.targetVersion as number;
    return link;
  };

  const saveProcedureTx = db.transaction((input: unknown): SaveProcedureResult => {
    const { procedure, explicitVersion } = parseProcedureInput(input);
    const content = procedureContent(procedure);
    const latest = q.latestOf.get(procedure.id) as { version: number; content: string } | undefined;
    const atExplicit = explicitVersion === undefined ? undefined : (q.contentAt.get(procedure.id, explicitVersion) as string | undefined);
    const decision = decideVersion(procedure.id, content, explicitVersion, latest, atExplicit);
    if (decision.action === "existing") return { procedure: structuredClone(procedureAt(procedure.id, decision.version).procedure), created: false };
    const final = withVersion(procedure, decision.version);
    const info = q.insertProcedure.run(
      final.id,
      final.version,
      final.title,
      final.steps.length,
      content,
      JSON.stringify(final),
      now(),
      final.title.toLowerCase(),
      final.id.toLowerCase(),
    );
    const pk = Number(info.lastInsertRowid);
    final.steps.forEach((s, position) => {
      if (s.subprocedure !== undefined) q.insertLink.run(pk, position, s.id, s.subprocedure, s.subprocedureVersion ?? null);
    });
    return { procedure: final, created: true };
  });

  const deleteTx = db.transaction((id: string, version: number) => {
    const { pk } = procedureAt(id, version);
    const links = (q.linksTo.all(id) as Row[]).map(linkRow);
    assertDeletable(id, version, q.versionsOf.all(id) as number[], links);
    q.deleteProcedure.run(pk);
    procedureCache.delete(pk);
  });

  const appendTx = db.transaction((id: string, version: number, batch: unknown): { appended: number } => {
    const { pk, procedure } = procedureAt(id, version);
    const valid = validateTraceBatch(procedure, batch);
    const { traces: base } = q.counters.get(pk) as { traces: number; events: number };
    let events = 0;
    for (let i = 0; i < valid.length; i++) {
      const t = valid[i]!;
      try {
        q.insertTrace.run(pk, base + i, t.id, JSON.stringify(t.steps));
      } catch (e) {
        if ((e as { code?: string }).code === "SQLITE_CONSTRAINT_UNIQUE" || (e as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") {
          if (q.traceIdExists.get(pk, t.id) !== undefined) throw duplicateTrace(procedure, t.id);
        }
        throw e;
      }
      events += t.steps.length;
    }
    q.bumpCounters.run(valid.length, events, pk);
    return { appended: valid.length };
  });

  const saveScriptTx = db.transaction((s: GraphScript) => {
    const { pk } = procedureAt(s.procedure, s.version);
    q.upsertScript.run(pk, JSON.stringify(s), now());
  });
  const saveStateTx = db.transaction((id: string, version: number, text: string) => {
    const { pk } = procedureAt(id, version);
    q.upsertState.run(pk, text, now());
  });
  const saveSessionTx = db.transaction((s: Session, expected: Session | undefined) => {
    const { pk } = procedureAt(s.procedure, s.version);
    if (expected !== undefined) assertSessionUnchanged(q.sessionOf.get(s.id) as string | undefined, expected);
    q.upsertSession.run(s.id, pk, JSON.stringify(s));
  });

  const readTraces = (pk: number, p: Procedure, from: number, limit: number): { seq: number; trace: GroundedTrace }[] =>
    (q.tracesFrom.all(pk, from, limit) as { seq: number; id: string; steps: string }[]).map((r) => ({
      seq: r.seq,
      trace: { id: r.id, procedure: p.id, version: p.version, steps: JSON.parse(r.steps) as string[] },
    }));

  return {
    kind: "sqlite",
    path: file,

    async init() {
      if (closed) throw closedError("sqlite");
      db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT");
      db.transaction(() => {
        const current = (db.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations").pluck().get() as number) ?? 0;
        const known = MIGRATIONS[MIGRATIONS.length - 1]!.version;
        if (current > known) {
          throw new Error(`sqlite store ${file}: schema version ${current} is newer than this stepgraph knows (${known}); upgrade stepgraph`);
        }
        for (const m of MIGRATIONS) {
          if (m.version <= current) continue;
          db.exec(m.sql);
          db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(m.version, m.name, now());
        }
      }).immediate();
      q = prepare();
      migrated = true;
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
    async ping() {
      if (closed) throw closedError("sqlite");
      db.prepare("SELECT 1").get();
    },

    async saveProcedure(input: ProcedureInput & { version?: number }) {
      open();
      return saveProcedureTx.immediate(input);
    },

    async getProcedure(id: string, version?: number) {
      open();
      const ref = parseRef(id, version, true);
      const v = ref.version ?? (q.latestVersionOf.get(ref.id) as number | null);
      if (v === null || v === undefined) return undefined;
      const body = q.bodyOf.get(ref.id, v) as string | undefined;
      return body === undefined ? undefined : parseStored(ProcedureSchema, body, `procedures(${JSON.stringify(ref.id)}, ${v})`);
    },

    async listProcedures(options?: ListOptions): Promise<ProcedureSummary[]> {
      open();
      const o = parseListOptions(options);
      const rows = q.list.all({
        query: o.query === undefined || o.query === "" ? null : o.query.toLowerCase(),
        limit: o.limit ?? -1,
        offset: o.offset ?? 0,
      }) as Row[];
      return rows.map((r) => ({
        id: r.id as string,
        version: r.version as number,
        title: r.title as string,
        stepCount: r.stepCount as number,
        versions: JSON.parse(r.versions as string) as number[],
      }));
    },

    async deleteProcedureVersion(id: string, version: number) {
      open();
      const ref = parseRef(id, version);
      deleteTx.immediate(ref.id, ref.version!);
    },

    async appendTraces(procedure: string, version: number, traces: readonly GroundedTrace[]) {
      open();
      const ref = parseRef(procedure, version);
      return appendTx.immediate(ref.id, ref.version!, traces);
    },

    async countTraces(procedure: string, version?: number) {
      open();
      const ref = parseRef(procedure, version, true);
      const { pk } = procedureAt(ref.id, resolveVersion(ref.id, ref.version));
      return (q.counters.get(pk) as { traces: number }).traces;
    },

    async countEvents(procedure: string, version?: number) {
      open();
      const ref = parseRef(procedure, version, true);
      const { pk } = procedureAt(ref.id, resolveVersion(ref.id, ref.version));
      return (q.counters.get(pk) as { events: number }).events;
    },

    async listTraces(procedure: string, version: number, options?: { limit?: number; offset?: number }) {
      open();
      const ref = parseRef(procedure, version);
      const { pk, procedure: p } = procedureAt(ref.id, ref.version!);
      const { limit, offset } = parsePageOptions(options);
      // Sequence numbers are dense (traces are only ever deleted with their version), so offset is a key.
      return readTraces(pk, p, offset, limit ?? -1).map((r) => r.trace);
    },

    streamTraces(procedure: string, version: number): AsyncIterable<GroundedTrace> {
      return {
        async *[Symbol.asyncIterator]() {
          open();
          const ref = parseRef(procedure, version);
          const { pk, procedure: p } = procedureAt(ref.id, ref.version!);
          // NOTE: keyset pages rather than one open cursor, so other calls on this connection may
          // run between pages; traces appended meanwhile are streamed too.
          let next = 0;
          for (;;) {
            if (closed) throw closedError("sqlite");
            const page = readTraces(pk, p, next, STREAM_PAGE);
            for (const r of page) yield r.trace;
            if (page.length < STREAM_PAGE) return;
            next = page[page.length - 1]!.seq + 1;
          }
        },
      };
    },

    async saveGraphScript(script: GraphScript) {
      open();
      saveScriptTx.immediate(parseGraphScript(script));
    },

    async loadGraphScript(procedure: string, version?: number) {
      open();
      const ref = parseRef(procedure, version, true);
      const body = (ref.version === undefined ? q.latestScriptOf.get(ref.id) : q.scriptOf.get(ref.id, ref.version)) as string | undefined;
      return body === undefined ? undefined : parseStored(GraphScriptSchema, body, `graph_scripts(${JSON.stringify(ref.id)}, ${ref.version ?? "latest"})`);
    },

    async saveInductionState(procedure: string, version: number, state: unknown) {
      open();
      const ref = parseRef(procedure, version);
      saveStateTx.immediate(ref.id, ref.version!, inductionStateJson(state));
    },

    async loadInductionState(procedure: string, version: number) {
      open();
      const ref = parseRef(procedure, version);
      const body = q.stateOf.get(ref.id, ref.version) as string | undefined;
      return body === undefined ? undefined : (JSON.parse(body) as unknown);
    },

    async listSubprocedureLinks() {
      open();
      return (q.allLinks.all() as Row[]).map(linkRow);
    },

    async saveSession(session: Session, options?: SaveSessionOptions) {
      open();
      saveSessionTx.immediate(parseSession(session), options?.expected);
    },

    async loadSession(id: string) {
      open();
      const sid = parseRef(id, undefined, true).id;
      const body = q.sessionOf.get(sid) as string | undefined;
      return body === undefined ? undefined : parseStored(SessionSchema, body, `sessions(${JSON.stringify(sid)})`);
    },
  };
}
