// createMemoryStore: a GraphStore held in process memory, for tests, demos and the API's
// `STEPGRAPH_STORE=memory`. Returns a store that keeps every rule of the port (immutable
// versions, validated writes, one write call wholly applied or not at all) and hands out
// deep copies, so callers can never mutate stored data through a returned or passed object.
// NOTE: nothing persists; every write call validates fully before it changes any map, which is
// what makes it atomic (JavaScript runs each call to completion between awaits).
import { type GraphScript, type GroundedTrace, type Procedure, type ProcedureInput, type Session } from "../model/index.js";
import type { GraphStore, ListOptions, ProcedureSummary, SaveProcedureResult, SaveSessionOptions, SubprocedureLink } from "./graph-store.js";
import {
  assertDeletable,
  closedError,
  decideVersion,
  duplicateTrace,
  inductionStateJson,
  linksOf,
  matchesQuery,
  parseGraphScript,
  parseListOptions,
  parsePageOptions,
  parseProcedureInput,
  parseRef,
  assertSessionUnchanged,
  parseSession,
  procedureContent,
  procedureNotFound,
  validateTraceBatch,
  withVersion,
} from "./store-rules.js";

interface StoredVersion {
  procedure: Procedure;
  content: string;
}

interface TraceLog {
  ids: Set<string>;
  traces: GroundedTrace[];
  events: number;
}

const key = (id: string, version: number): string => JSON.stringify([id, version]);

export function createMemoryStore(): GraphStore {
  /** id → version → stored version. */
  const procedures = new Map<string, Map<number, StoredVersion>>();
  const traces = new Map<string, TraceLog>();
  const scripts = new Map<string, GraphScript>();
  const states = new Map<string, string>();
  const sessions = new Map<string, Session>();
  let closed = false;

  const open = (): void => {
    if (closed) throw closedError("memory");
  };
  const latestVersion = (id: string): number | undefined => {
    const versions = procedures.get(id);
    if (!versions || versions.size === 0) return undefined;
    return Math.max(...versions.keys());
  };
  const stored = (id: string, version: number): StoredVersion => {
    const s = procedures.get(id)?.get(version);
    if (!s) throw procedureNotFound(id, version);
    return s;
  };
  const resolveVersion = (id: string, version: number | undefined): number => {
    if (version !== undefined) return version;
    const latest = latestVersion(id);
    if (latest === undefined) throw procedureNotFound(id);
    return latest;
  };

  return {
    kind: "memory",
    async init() {
      open();
    },
    async close() {
      closed = true;
    },
    async ping() {
      open();
    },

    async saveProcedure(input: ProcedureInput & { version?: number }): Promise<SaveProcedureResult> {
      open();
      const { procedure, explicitVersion } = parseProcedureInput(input);
      const content = procedureContent(procedure);
      const versions = procedures.get(procedure.id);
      const latest = latestVersion(procedure.id);
      const decision = decideVersion(
        procedure.id,
        content,
        explicitVersion,
        latest === undefined ? undefined : { version: latest, content: versions!.get(latest)!.content },
        explicitVersion === undefined ? undefined : versions?.get(explicitVersion)?.content,
      );
      if (decision.action === "existing") {
        return { procedure: structuredClone(versions!.get(decision.version)!.procedure), created: false };
      }
      const final = withVersion(procedure, decision.version);
      const map = versions ?? new Map<number, StoredVersion>();
      map.set(decision.version, { procedure: structuredClone(final), content });
      procedures.set(final.id, map);
      return { procedure: structuredClone(final), created: true };
    },

    async getProcedure(id: string, version?: number): Promise<Procedure | undefined> {
      open();
      const ref = parseRef(id, version, true);
      const v = ref.version ?? latestVersion(ref.id);
      if (v === undefined) return undefined;
      const s = procedures.get(ref.id)?.get(v);
      return s ? structuredClone(s.procedure) : undefined;
    },

    async listProcedures(options?: ListOptions): Promise<ProcedureSummary[]> {
      open();
      const o = parseListOptions(options);
      const ids = [...procedures.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const out: ProcedureSummary[] = [];
      for (const id of ids) {
        const versions = [...procedures.get(id)!.keys()].sort((a, b) => a - b);
        const latest = procedures.get(id)!.get(versions[versions.length - 1]!)!.procedure;
        if (!matchesQuery(o.query, latest.title, id)) continue;
        out.push({ id, version: latest.version, title: latest.title, stepCount: latest.steps.length, versions });
      }
      const start = o.offset ?? 0;
      return out.slice(start, o.limit === undefined ? undefined : start + o.limit);
    },

    async deleteProcedureVersion(id: string, version: number): Promise<void> {
      open();
      const ref = parseRef(id, version);
      const v = ref.version!;
      stored(ref.id, v);
      const all: SubprocedureLink[] = [];
      for (const versions of procedures.values()) for (const s of versions.values()) all.push(...linksOf(s.procedure));
      assertDeletable(ref.id, v, [...procedures.get(ref.id)!.keys()], all);
      const k = key(ref.id, v);
      procedures.get(ref.id)!.delete(v);
      if (procedures.get(ref.id)!.size === 0) procedures.delete(ref.id);
      traces.delete(k);
      scripts.delete(k);
      states.delete(k);
      for (const [sid, s] of sessions) if (s.procedure === ref.id && s.version === v) sessions.delete(sid);
    },

    async appendTraces(procedure: string, version: number, batch: readonly GroundedTrace[]): Promise<{ appended: number }> {
      open();
      const ref = parseRef(procedure, version);
      const p = stored(ref.id, ref.version!).procedure;
      const valid = validateTraceBatch(p, batch);
      const k = key(p.id, p.version);
      const log = traces.get(k) ?? { ids: new Set<string>(), traces: [], events: 0 };
      for (const t of valid) if (log.ids.has(t.id)) throw duplicateTrace(p, t.id);
      for (const t of valid) {
        log.ids.add(t.id);
        log.traces.push(structuredClone(t));
        log.events += t.steps.length;
      }
      traces.set(k, log);
      return { appended: valid.length };
    },

    async countTraces(procedure: string, version?: number): Promise<number> {
      open();
      const ref = parseRef(procedure, version, true);
      const v = resolveVersion(ref.id, ref.version);
      stored(ref.id, v);
      return traces.get(key(ref.id, v))?.traces.length ?? 0;
    },

    async countEvents(procedure: string, version?: number): Promise<number> {
      open();
      const ref = parseRef(procedure, version, true);
      const v = resolveVersion(ref.id, ref.version);
      stored(ref.id, v);
      return traces.get(key(ref.id, v))?.events ?? 0;
    },

    async listTraces(procedure: string, version: number, options?: { limit?: number; offset?: number }): Promise<GroundedTrace[]> {
      open();
      const ref = parseRef(procedure, version);
      stored(ref.id, ref.version!);
      const { limit, offset } = parsePageOptions(options);
      const all = traces.get(key(ref.id, ref.version!))?.traces ?? [];
      return structuredClone(all.slice(offset, limit === undefined ? undefined : offset + limit));
    },

    streamTraces(procedure: string, version: number): AsyncIterable<GroundedTrace> {
      return {
        async *[Symbol.asyncIterator]() {
          open();
          const ref = parseRef(procedure, version);
          stored(ref.id, ref.version!);
          const k = key(ref.id, ref.version!);
          // NOTE: walks the live log by index, so traces appended while streaming are included.
          for (let i = 0; ; i++) {
            const log = traces.get(k);
            if (!log || i >= log.traces.length) return;
            yield structuredClone(log.traces[i]!);
          }
        },
      };
    },

    async saveGraphScript(script: GraphScript): Promise<void> {
      open();
      const s = parseGraphScript(script);
      stored(s.procedure, s.version);
      scripts.set(key(s.procedure, s.version), structuredClone(s));
    },

    async loadGraphScript(procedure: string, version?: number): Promise<GraphScript | undefined> {
      open();
      const ref = parseRef(procedure, version, true);
      if (ref.version !== undefined) {
        const s = scripts.get(key(ref.id, ref.version));
        return s ? structuredClone(s) : undefined;
      }
      const versions = [...(procedures.get(ref.id)?.keys() ?? [])].sort((a, b) => b - a);
      for (const v of versions) {
        const s = scripts.get(key(ref.id, v));
        if (s) return structuredClone(s);
      }
      return undefined;
    },

    async saveInductionState(procedure: string, version: number, state: unknown): Promise<void> {
      open();
      const ref = parseRef(procedure, version);
      stored(ref.id, ref.version!);
      states.set(key(ref.id, ref.version!), inductionStateJson(state));
    },

    async loadInductionState(procedure: string, version: number): Promise<unknown | undefined> {
      open();
      const ref = parseRef(procedure, version);
      const text = states.get(key(ref.id, ref.version!));
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },

    async listSubprocedureLinks(): Promise<SubprocedureLink[]> {
      open();
      const out: SubprocedureLink[] = [];
      const ids = [...procedures.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const id of ids) {
        const versions = [...procedures.get(id)!.keys()].sort((a, b) => a - b);
        for (const v of versions) out.push(...linksOf(procedures.get(id)!.get(v)!.procedure));
      }
      return out;
    },

    async saveSession(session: Session, options?: SaveSessionOptions): Promise<void> {
      open();
      const s = parseSession(session);
      stored(s.procedure, s.version);
      const before = sessions.get(s.id);
      assertSessionUnchanged(before === undefined ? undefined : JSON.stringify(before), options?.expected);
      sessions.set(s.id, structuredClone(s));
    },

    async loadSession(id: string): Promise<Session | undefined> {
      open();
      const sid = parseRef(id, undefined, true).id;
      const s = sessions.get(sid);
      return s ? structuredClone(s) : undefined;
    },
  };
}
