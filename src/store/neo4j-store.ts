// createNeo4jStore: the GraphStore for shared deployments, on neo4j-driver 6 and Neo4j 5.
// Returns a store that writes the graph model of DESIGN.md "Storage" (see src/store/cypher.ts,
// which holds every statement it sends), with uniqueness constraints created by init(), writes
// batched with `UNWIND $rows`, user data only in parameters, and one explicit (managed)
// transaction per write call. Connection settings come from the caller (store-config.ts reads
// NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE).
// Assumes: Neo4j 5 (community is enough: only single-property uniqueness constraints are used).
// NOTE: saveProcedure picks `latest + 1` inside its transaction; two writers racing for the same
// new version collide on the Procedure.key constraint and the loser retries (up to 50 times, jittered).
// NOTE: a server that does not answer within the driver's retry time (retryTimeMs, default the
// connection timeout) makes a call fail with StoreUnavailableError; the driver reconnects by
// itself once the server is back. Behaviour against a real server: tests/neo4j/.
import neo4j, { type Driver, type ManagedTransaction } from "neo4j-driver";
import { StepgraphError, StoreUnavailableError } from "../errors.js";
import { GraphScriptSchema, ProcedureSchema, SessionSchema, type GraphScript, type GroundedTrace, type Procedure, type ProcedureInput, type Session } from "../model/index.js";
import { CYPHER, SCHEMA, type CypherStatement, type ParamsOf } from "./cypher.js";
import type { GraphStore, ListOptions, ProcedureSummary, SaveProcedureResult, SaveSessionOptions, SubprocedureLink } from "./graph-store.js";
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

export interface Neo4jStoreOptions {
  uri: string;
  user: string;
  password: string;
  /** Database name; the server's default database when absent. */
  database?: string;
  /** Milliseconds to wait for a connection before failing (default 5000). */
  connectionTimeoutMs?: number;
  /**
   * How long the driver retries a transaction that failed transiently (deadlock, leader switch,
   * server gone) before the call fails with StoreUnavailableError; default connectionTimeoutMs.
   */
  retryTimeMs?: number;
}

/** Rows per `UNWIND $rows` statement. */
const BATCH = 5000;
const STREAM_PAGE = 1000;
const SAVE_RETRIES = 50;
/** Parameters that hold fractions; every other whole number is sent as a Neo4j INTEGER. */
const FLOAT_KEYS = new Set(["confidence", "frequency", "p"]);

export const procedureKey = (id: string, version: number): string => `${id}@${version}`;
export const stepKey = (id: string, version: number, step: string): string => JSON.stringify([id, version, step]);
export const traceKey = (id: string, version: number, trace: string): string => JSON.stringify([id, version, trace]);

/** JS numbers are floats to Neo4j; whole numbers become INTEGER (SKIP/LIMIT and ids need it). */
export function toNeo4j(value: unknown, key = ""): unknown {
  if (typeof value === "number") return Number.isSafeInteger(value) && !FLOAT_KEYS.has(key) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map((v) => toNeo4j(v, key));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, toNeo4j(v, k)]));
  }
  return value;
}

type Row = Record<string, unknown>;

async function run<S extends CypherStatement>(tx: ManagedTransaction, statement: S, params: ParamsOf<S>): Promise<Row[]> {
  const result = await tx.run(statement.text, toNeo4j(params) as Record<string, unknown>);
  return result.records.map((r) => r.toObject() as Row);
}

/**
 * Errors that mean "the server does not answer" (down, restarting, unreachable, or still failing
 * transiently when the driver's retries ran out): they become StoreUnavailableError (HTTP 503).
 */
export function isUnavailable(e: unknown): boolean {
  if (e instanceof StepgraphError) return false;
  const code = (e as { code?: unknown } | null)?.code;
  if (code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED) return true;
  if (typeof code === "string" && (code.startsWith("Neo.TransientError.") || code === "Neo.ClientError.Database.DatabaseNotFound")) return true;
  if (e instanceof Error && neo4j.isRetryableError(e)) return true;
  const message = e instanceof Error ? e.message : "";
  return /acquisition timed? ?out|ECONNREFUSED|ECONNRESET|EPIPE|connection (was )?closed|Pool is closed|socket hang up/i.test(message);
}

function unavailable(uri: string, e: unknown): StoreUnavailableError {
  const reason = e instanceof Error ? e.message.split("\n")[0]!.slice(0, 300) : String(e);
  return new StoreUnavailableError("store_unavailable", `the Neo4j store at ${uri} does not answer: ${reason}`);
}

function isConstraintViolation(e: unknown): boolean {
  return (e as { code?: string }).code === "Neo.ClientError.Schema.ConstraintValidationFailed";
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export function createNeo4jStore(options: Neo4jStoreOptions): GraphStore & { readonly driver: Driver } {
  const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
    connectionTimeout: options.connectionTimeoutMs ?? 5000,
    connectionAcquisitionTimeout: (options.connectionTimeoutMs ?? 5000) * 2,
    maxTransactionRetryTime: options.retryTimeMs ?? options.connectionTimeoutMs ?? 5000,
    disableLosslessIntegers: true,
    userAgent: "stepgraph",
  });
  const sessionConfig = (mode: "READ" | "WRITE") =>
    options.database === undefined
      ? { defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE }
      : { database: options.database, defaultAccessMode: mode === "READ" ? neo4j.session.READ : neo4j.session.WRITE };
  let closed = false;
  const open = (): void => {
    if (closed) throw closedError("neo4j");
  };

  // One managed transaction per call; the driver retries transient failures for up to
  // `retryTimeMs`, after which a server that does not answer is a StoreUnavailableError.
  const transact = async <T>(mode: "READ" | "WRITE", work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => {
    open();
    const session = driver.session(sessionConfig(mode));
    try {
      return await (mode === "READ" ? session.executeRead(work) : session.executeWrite(work));
    } catch (e) {
      throw isUnavailable(e) ? unavailable(options.uri, e) : e;
    } finally {
      await session.close().catch(() => undefined);
    }
  };
  const write = <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => transact("WRITE", work);
  const read = <T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> => transact("READ", work);

  const procedureIn = async (tx: ManagedTransaction, id: string, version: number): Promise<Procedure> => {
    const rows = await run(tx, CYPHER.procedureAt, { key: procedureKey(id, version) });
    if (rows.length === 0) throw procedureNotFound(id, version);
    return parseStored(ProcedureSchema, rows[0]!.body as string, `Procedure {key: ${JSON.stringify(procedureKey(id, version))}}`);
  };
  const resolveVersion = async (tx: ManagedTransaction, id: string, version: number | undefined): Promise<number> => {
    if (version !== undefined) return version;
    const v = (await run(tx, CYPHER.latestVersion, { id }))[0]?.version as number | null | undefined;
    if (v === null || v === undefined) throw procedureNotFound(id);
    return v;
  };
  const linkRow = (r: Row): SubprocedureLink => {
    const link: SubprocedureLink = { procedure: r.procedure as string, version: r.version as number, step: r.step as string, target: r.target as string };
    if (r.targetVersion !== null && r.targetVersion !== undefined) link.targetVersion = r.targetVersion as number;
    return link;
  };
  const readTraces = async (p: Procedure, from: number, limit: number): Promise<{ seq: number; trace: GroundedTrace }[]> =>
    read(async (tx) => {
      const rows = await run(tx, CYPHER.tracesFrom, { procedureKey: procedureKey(p.id, p.version), from, limit });
      return rows.map((r) => ({ seq: r.seq as number, trace: { id: r.id as string, procedure: p.id, version: p.version, steps: r.steps as string[] } }));
    });

  const saveOnce = (input: unknown): Promise<SaveProcedureResult> =>
    write(async (tx) => {
      const { procedure, explicitVersion } = parseProcedureInput(input);
      const content = procedureContent(procedure);
      const latestRow = (await run(tx, CYPHER.latestProcedure, { id: procedure.id }))[0];
      const latest = latestRow ? { version: latestRow.version as number, content: latestRow.content as string } : undefined;
      let atExplicit: string | undefined;
      if (explicitVersion !== undefined) {
        atExplicit = (await run(tx, CYPHER.procedureAt, { key: procedureKey(procedure.id, explicitVersion) }))[0]?.content as string | undefined;
      }
      const decision = decideVersion(procedure.id, content, explicitVersion, latest, atExplicit);
      if (decision.action === "existing") return { procedure: await procedureIn(tx, procedure.id, decision.version), created: false };
      const final = withVersion(procedure, decision.version);
      await run(tx, CYPHER.createProcedure, {
        key: procedureKey(final.id, final.version),
        id: final.id,
        version: final.version,
        title: final.title,
        stepCount: final.steps.length,
        content,
        body: JSON.stringify(final),
        createdAt: new Date().toISOString(),
        steps: final.steps.map((s, position) => ({
          key: stepKey(final.id, final.version, s.id),
          id: s.id,
          text: s.text,
          position,
          subprocedure: s.subprocedure ?? null,
          subprocedureVersion: s.subprocedureVersion ?? null,
        })),
      });
      const targets = [...new Set([final.id, ...final.steps.flatMap((s) => (s.subprocedure === undefined ? [] : [s.subprocedure]))])];
      await run(tx, CYPHER.refreshDetailedBy, { targets });
      return { procedure: final, created: true };
    });

  return {
    kind: "neo4j",
    driver,

    async init() {
      open();
      try {
        await driver.verifyConnectivity(options.database === undefined ? {} : { database: options.database });
      } catch (e) {
        throw new Error(`cannot reach Neo4j at ${options.uri} (NEO4J_URI) as ${JSON.stringify(options.user)}: ${(e as Error).message}`);
      }
      const session = driver.session(sessionConfig("WRITE"));
      try {
        // Schema statements cannot share a transaction with each other's data; each runs alone.
        for (const s of Object.values(SCHEMA)) await session.executeWrite((tx) => tx.run(s.text));
      } finally {
        await session.close();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await driver.close();
    },
    async ping() {
      await read((tx) => run(tx, CYPHER.ping, {}));
    },

    async saveProcedure(input: ProcedureInput & { version?: number }) {
      for (let attempt = 1; ; attempt++) {
        try {
          return await saveOnce(input);
        } catch (e) {
          if (!isConstraintViolation(e) || attempt >= SAVE_RETRIES) throw e;
          // Another writer took the version: back off a little (jittered) and decide again.
          await new Promise((r) => setTimeout(r, Math.random() * 5 * Math.min(attempt, 10)));
        }
      }
    },

    async getProcedure(id: string, version?: number) {
      const ref = parseRef(id, version, true);
      return read(async (tx) => {
        const v = ref.version ?? ((await run(tx, CYPHER.latestVersion, { id: ref.id }))[0]?.version as number | null | undefined);
        if (v === null || v === undefined) return undefined;
        const rows = await run(tx, CYPHER.procedureAt, { key: procedureKey(ref.id, v) });
        return rows.length === 0 ? undefined : parseStored(ProcedureSchema, rows[0]!.body as string, `Procedure {key: ${JSON.stringify(procedureKey(ref.id, v))}}`);
      });
    },

    async listProcedures(options?: ListOptions): Promise<ProcedureSummary[]> {
      const o = parseListOptions(options);
      const rows = await read((tx) =>
        run(tx, CYPHER.listProcedures, {
          query: o.query === undefined || o.query === "" ? null : o.query.toLowerCase(),
          offset: o.offset ?? 0,
          limit: o.limit ?? Number.MAX_SAFE_INTEGER,
        }),
      );
      return rows.map((r) => ({
        id: r.id as string,
        version: r.version as number,
        title: r.title as string,
        stepCount: r.stepCount as number,
        versions: r.versions as number[],
      }));
    },

    async deleteProcedureVersion(id: string, version: number) {
      const ref = parseRef(id, version);
      const v = ref.version!;
      await write(async (tx) => {
        await procedureIn(tx, ref.id, v);
        const links = (await run(tx, CYPHER.linksTo, { id: ref.id })).map(linkRow);
        const versions = (await run(tx, CYPHER.versionsOf, { id: ref.id })).map((r) => r.version as number);
        assertDeletable(ref.id, v, versions, links);
        const key = procedureKey(ref.id, v);
        await run(tx, CYPHER.deleteTracesOf, { key });
        await run(tx, CYPHER.deleteStepsOf, { key });
        await run(tx, CYPHER.deleteSessionsOf, { key });
        await run(tx, CYPHER.deleteProcedure, { key });
        await run(tx, CYPHER.refreshDetailedBy, { targets: [ref.id] });
      });
    },

    async appendTraces(procedure: string, version: number, traces: readonly GroundedTrace[]) {
      const ref = parseRef(procedure, version);
      return write(async (tx) => {
        await run(tx, CYPHER.lockProcedure, { key: procedureKey(ref.id, ref.version!) });
        const p = await procedureIn(tx, ref.id, ref.version!);
        const valid = validateTraceBatch(p, traces);
        const key = procedureKey(p.id, p.version);
        const events = valid.reduce((n, t) => n + t.steps.length, 0);
        // lockProcedure above serialises concurrent appends to one version; this reserves their sequence numbers.
        const base = (await run(tx, CYPHER.reserveTraceSeq, { key, count: valid.length, events }))[0]!.base as number;
        for (const chunk of chunks(valid, BATCH)) {
          const existing = await run(tx, CYPHER.existingTraceIds, { keys: chunk.map((t) => traceKey(p.id, p.version, t.id)) });
          if (existing.length > 0) throw duplicateTrace(p, existing[0]!.id as string);
        }
        let seq = base;
        for (const chunk of chunks(valid, BATCH)) {
          const rows = chunk.map((t) => ({ key: traceKey(p.id, p.version, t.id), id: t.id, seq: seq++, steps: t.steps }));
          await run(tx, CYPHER.insertTraces, { procedureKey: key, rows });
        }
        return { appended: valid.length };
      });
    },

    async countTraces(procedure: string, version?: number) {
      const ref = parseRef(procedure, version, true);
      return read(async (tx) => {
        const v = await resolveVersion(tx, ref.id, ref.version);
        const rows = await run(tx, CYPHER.counters, { key: procedureKey(ref.id, v) });
        if (rows.length === 0) throw procedureNotFound(ref.id, v);
        return rows[0]!.traces as number;
      });
    },

    async countEvents(procedure: string, version?: number) {
      const ref = parseRef(procedure, version, true);
      return read(async (tx) => {
        const v = await resolveVersion(tx, ref.id, ref.version);
        const rows = await run(tx, CYPHER.counters, { key: procedureKey(ref.id, v) });
        if (rows.length === 0) throw procedureNotFound(ref.id, v);
        return rows[0]!.events as number;
      });
    },

    async listTraces(procedure: string, version: number, options?: { limit?: number; offset?: number }) {
      const ref = parseRef(procedure, version);
      const { limit, offset } = parsePageOptions(options);
      const p = await read((tx) => procedureIn(tx, ref.id, ref.version!));
      return (await readTraces(p, offset, limit ?? Number.MAX_SAFE_INTEGER)).map((r) => r.trace);
    },

    streamTraces(procedure: string, version: number): AsyncIterable<GroundedTrace> {
      return {
        async *[Symbol.asyncIterator]() {
          const ref = parseRef(procedure, version);
          const p = await read((tx) => procedureIn(tx, ref.id, ref.version!));
          // NOTE: keyset pages, one read transaction each; traces appended meanwhile are streamed too.
          let next = 0;
          for (;;) {
            const page = await readTraces(p, next, STREAM_PAGE);
            for (const r of page) yield r.trace;
            if (page.length < STREAM_PAGE) return;
            next = page[page.length - 1]!.seq + 1;
          }
        },
      };
    },

    async saveGraphScript(script: GraphScript) {
      const s = parseGraphScript(script);
      await write(async (tx) => {
        const key = procedureKey(s.procedure, s.version);
        await run(tx, CYPHER.lockProcedure, { key });
        const found = await run(tx, CYPHER.setGraphScript, { key, body: JSON.stringify(s), savedAt: new Date().toISOString() });
        if (found.length === 0) throw procedureNotFound(s.procedure, s.version);
        await run(tx, CYPHER.clearScriptEdges, { key });
        await run(tx, CYPHER.clearScriptSteps, { key });
        const sk = (step: string) => stepKey(s.procedure, s.version, step);
        const boundary = (id: string, position: number) => ({
          key: sk(id), id, text: "", written: false, virtual: true, optional: false, repeatable: false, support: s.traceCount, frequency: 1, position,
        });
        const rows = [
          boundary("START", -1),
          ...s.steps.map((st) => ({
            key: sk(st.id), id: st.id, text: st.text, written: st.written, virtual: false,
            optional: st.optional, repeatable: st.repeatable, support: st.support, frequency: st.frequency, position: st.position,
          })),
          boundary("END", s.steps.length),
        ];
        for (const chunk of chunks(rows, BATCH)) await run(tx, CYPHER.mergeScriptSteps, { key, rows: chunk });
        const precedes = s.edges.map((e) => ({ from: sk(e.from), to: sk(e.to), support: e.support, confidence: e.confidence, origin: e.origin, habit: e.habit ?? null }));
        for (const chunk of chunks(precedes, BATCH)) await run(tx, CYPHER.createPrecedes, { key, rows: chunk });
        const outgoing = new Map<string, number>();
        for (const t of s.transitions) outgoing.set(t.from, (outgoing.get(t.from) ?? 0) + t.count);
        const followed = s.transitions.map((t) => ({ from: sk(t.from), to: sk(t.to), count: t.count, p: t.count / Math.max(1, outgoing.get(t.from)!) }));
        for (const chunk of chunks(followed, BATCH)) await run(tx, CYPHER.createFollowedBy, { key, rows: chunk });
      });
    },

    async loadGraphScript(procedure: string, version?: number) {
      const ref = parseRef(procedure, version, true);
      const body = await read(async (tx) => {
        const rows =
          ref.version === undefined
            ? await run(tx, CYPHER.latestGraphScript, { id: ref.id })
            : await run(tx, CYPHER.graphScriptAt, { key: procedureKey(ref.id, ref.version) });
        return rows[0]?.body as string | null | undefined;
      });
      return body === null || body === undefined ? undefined : parseStored(GraphScriptSchema, body, `Procedure ${JSON.stringify(ref.id)} graphScript`);
    },

    async saveInductionState(procedure: string, version: number, state: unknown) {
      const ref = parseRef(procedure, version);
      const body = inductionStateJson(state);
      await write(async (tx) => {
        const found = await run(tx, CYPHER.setInductionState, { key: procedureKey(ref.id, ref.version!), body });
        if (found.length === 0) throw procedureNotFound(ref.id, ref.version);
      });
    },

    async loadInductionState(procedure: string, version: number) {
      const ref = parseRef(procedure, version);
      const body = await read(async (tx) => (await run(tx, CYPHER.inductionStateAt, { key: procedureKey(ref.id, ref.version!) }))[0]?.body);
      return body === null || body === undefined ? undefined : (JSON.parse(body as string) as unknown);
    },

    async listSubprocedureLinks() {
      return (await read((tx) => run(tx, CYPHER.allLinks, {}))).map(linkRow);
    },

    async saveSession(session: Session, options?: SaveSessionOptions) {
      const s = parseSession(session);
      await write(async (tx) => {
        // The procedure lock also serialises writers of one session (it runs that procedure).
        await run(tx, CYPHER.lockProcedure, { key: procedureKey(s.procedure, s.version) });
        if (options?.expected !== undefined) {
          assertSessionUnchanged((await run(tx, CYPHER.sessionAt, { id: s.id }))[0]?.body as string | undefined, options.expected);
        }
        const found = await run(tx, CYPHER.saveSession, {
          procedureKey: procedureKey(s.procedure, s.version),
          id: s.id,
          body: JSON.stringify(s),
          procedure: s.procedure,
          version: s.version,
          updatedAt: s.updatedAt,
        });
        if (found.length === 0) throw procedureNotFound(s.procedure, s.version);
      });
    },

    async loadSession(id: string) {
      const sid = parseRef(id, undefined, true).id;
      const body = await read(async (tx) => (await run(tx, CYPHER.sessionAt, { id: sid }))[0]?.body);
      return body === null || body === undefined ? undefined : parseStored(SessionSchema, body as string, `Session ${JSON.stringify(sid)}`);
    },
  };
}
