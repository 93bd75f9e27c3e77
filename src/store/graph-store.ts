// GraphStore: the storage port. Adapters (memory, SQLite, Neo4j) live beside it and all
// pass the same contract suite (tests/store/graph-store.contract.ts).
//
// Rules every adapter keeps:
// - a procedure version is immutable: a changed procedure becomes a new version;
// - every trace, graph script and induction state names the version it belongs to;
// - each write call is one transaction: after a crash it is wholly present or wholly absent;
// - errors are the domain's (NotFoundError, ConflictError, InvalidInputError from src/errors.ts).
import type { GraphScript, GroundedTrace, Procedure, ProcedureInput, Session } from "../model/index.js";

export interface ProcedureSummary {
  id: string;
  /** Latest version. */
  version: number;
  title: string;
  stepCount: number;
  /** All stored versions, ascending. */
  versions: number[];
}

export interface SaveProcedureResult {
  procedure: Procedure;
  /** False when an identical version already existed and nothing was written. */
  created: boolean;
}

/** A sub-procedure link: step `step` of procedure@version is detailed by `target` (pinned or latest). */
export interface SubprocedureLink {
  procedure: string;
  version: number;
  step: string;
  target: string;
  targetVersion?: number;
}

export interface SaveSessionOptions {
  /** The session as the caller loaded it; the write happens only if it is still stored so. */
  expected?: Session;
}

export interface ListOptions {
  /** Case-insensitive search in titles (and ids). */
  query?: string;
  limit?: number;
  offset?: number;
}

export interface GraphStore {
  /** Adapter name: "memory", "sqlite" or "neo4j". */
  readonly kind: string;
  /** Creates schema / constraints; idempotent. */
  init(): Promise<void>;
  close(): Promise<void>;
  /** Resolves when the store answers; rejects with a clear message otherwise. */
  ping(): Promise<void>;

  /**
   * Saves a procedure. Without `version`: identical to the latest → returns it (created
   * false); otherwise stored as latest + 1. With `version`: identical to that stored version →
   * no-op; a different stored one → ConflictError; absent → stored as given.
   */
  saveProcedure(p: ProcedureInput & { version?: number }): Promise<SaveProcedureResult>;
  /** Latest version when `version` is omitted; undefined when absent. */
  getProcedure(id: string, version?: number): Promise<Procedure | undefined>;
  listProcedures(options?: ListOptions): Promise<ProcedureSummary[]>;
  /**
   * Deletes one version with its traces, graph scripts and induction state. ConflictError when
   * another procedure's step links to it (pinned to it, or unpinned and it is the only version).
   * NotFoundError when absent.
   */
  deleteProcedureVersion(id: string, version: number): Promise<void>;

  /**
   * Appends traces to procedure@version in one transaction. Every trace's steps must be step ids
   * of that version (InvalidInputError naming the trace and index otherwise); a trace id that
   * already exists for that version → ConflictError; nothing is written on any error.
   */
  appendTraces(procedure: string, version: number, traces: readonly GroundedTrace[]): Promise<{ appended: number }>;
  /** Number of traces of procedure@version (the latest version when omitted); NotFoundError when absent. */
  countTraces(procedure: string, version?: number): Promise<number>;
  /** Number of events (steps) over all traces of procedure@version (latest when omitted); NotFoundError when absent. */
  countEvents(procedure: string, version?: number): Promise<number>;
  listTraces(procedure: string, version: number, options?: { limit?: number; offset?: number }): Promise<GroundedTrace[]>;
  /** Streams traces in insertion order without holding them all in memory. */
  streamTraces(procedure: string, version: number): AsyncIterable<GroundedTrace>;

  saveGraphScript(script: GraphScript): Promise<void>;
  /** The script of procedure@version (latest version that has one when omitted). */
  loadGraphScript(procedure: string, version?: number): Promise<GraphScript | undefined>;

  /** Opaque, JSON-serialisable induction counts, so new traces update them without rereading old ones. */
  saveInductionState(procedure: string, version: number, state: unknown): Promise<void>;
  loadInductionState(procedure: string, version: number): Promise<unknown | undefined>;

  /** Every sub-procedure link of every stored procedure version (for cycle checks and expansion). */
  listSubprocedureLinks(): Promise<SubprocedureLink[]>;

  /**
   * Stores a session (created or replaced). With `options.expected`, writes only when the stored
   * session still equals it (compare-and-set, so two API processes posting steps to one session
   * never lose one): ConflictError `session_changed` otherwise, and nothing is written.
   */
  saveSession(session: Session, options?: SaveSessionOptions): Promise<void>;
  loadSession(id: string): Promise<Session | undefined>;
}
