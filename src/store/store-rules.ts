// Store rules shared by every GraphStore adapter: validation of what callers hand to a store,
// the version decision of saveProcedure, the trace-batch checks of appendTraces, the link
// rules of deleteProcedureVersion, and list options. Adapters do the I/O; these pure functions
// decide, so that memory, SQLite and Neo4j give the same answers and the same errors.
// Assumes: procedures passed in are already validated (ProcedureSchema output).
import { z } from "zod";
import { ConflictError, InvalidInputError, NotFoundError, parseOrThrow, type InputIssue } from "../errors.js";
import {
  GroundedTraceSchema,
  GraphScriptSchema,
  ProcedureSchema,
  SessionSchema,
  type GraphScript,
  type GroundedTrace,
  type Procedure,
  type Session,
} from "../model/index.js";
import type { ListOptions, SubprocedureLink } from "./graph-store.js";

// NOTE: an input without `version` is validated with this placeholder version and validated
// again once its real version is known (the self-link rule depends on the version).
const PLACEHOLDER_VERSION = 1_000_000;

export interface ParsedProcedureInput {
  procedure: Procedure;
  /** The version the caller asked for; undefined when the store picks it. */
  explicitVersion: number | undefined;
}

/** Validates the argument of saveProcedure; throws InvalidInputError naming every bad field. */
export function parseProcedureInput(input: unknown): ParsedProcedureInput {
  const explicit =
    typeof input === "object" && input !== null && !Array.isArray(input) ? (input as { version?: unknown }).version : undefined;
  if (explicit !== undefined) {
    return { procedure: parseOrThrow(ProcedureSchema, input, "procedure"), explicitVersion: parseOrThrow(z.number(), explicit, "version") };
  }
  const procedure = parseOrThrow(ProcedureSchema, { ...(input as object), version: PLACEHOLDER_VERSION }, "procedure");
  return { procedure, explicitVersion: undefined };
}

/** The procedure at its final version, validated again (self-links depend on the version). */
export function withVersion(p: Procedure, version: number): Procedure {
  return parseOrThrow(ProcedureSchema, { ...p, version }, "procedure");
}

/** Canonical JSON of everything but the version: two versions are identical iff these are equal. */
export function procedureContent(p: Procedure): string {
  const { version: _ignored, ...rest } = p;
  return canonicalJson(rest);
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

export type VersionDecision = { action: "existing"; version: number } | { action: "create"; version: number };

/**
 * Which version a save lands on. `latest` is the newest stored version of the id (with its
 * content); `atExplicit` the content stored at the explicitly requested version, if any.
 */
export function decideVersion(
  id: string,
  content: string,
  explicitVersion: number | undefined,
  latest: { version: number; content: string } | undefined,
  atExplicit: string | undefined,
): VersionDecision {
  if (explicitVersion === undefined) {
    if (latest === undefined) return { action: "create", version: 1 };
    if (latest.content === content) return { action: "existing", version: latest.version };
    if (latest.version >= 1_000_000) {
      throw new ConflictError("version_limit", `procedure ${JSON.stringify(id)} already has version ${latest.version}, the highest allowed`, { id });
    }
    return { action: "create", version: latest.version + 1 };
  }
  if (atExplicit === undefined) return { action: "create", version: explicitVersion };
  if (atExplicit === content) return { action: "existing", version: explicitVersion };
  throw new ConflictError(
    "version_conflict",
    `procedure ${JSON.stringify(id)} version ${explicitVersion} already exists with different content; a stored version is never overwritten (save without a version to create version ${latest ? latest.version + 1 : explicitVersion + 1})`,
    { id, version: explicitVersion },
  );
}

export function procedureNotFound(id: string, version?: number): NotFoundError {
  const what = version === undefined ? `procedure ${JSON.stringify(id)}` : `procedure ${JSON.stringify(id)} version ${version}`;
  return new NotFoundError("procedure_not_found", `${what} not found`, version === undefined ? { id } : { id, version });
}

const IdArg = z.string().min(1).max(256);
const VersionArg = z.number().int().min(1).max(1_000_000);

/** Validates the (procedure, version) arguments of a store call. */
export function parseRef(procedure: unknown, version: unknown, optionalVersion = false): { id: string; version: number | undefined } {
  const id = parseOrThrow(IdArg, procedure, "procedure id");
  if (version === undefined && optionalVersion) return { id, version: undefined };
  return { id, version: parseOrThrow(VersionArg, version, "procedure version") };
}

/**
 * Validates a trace batch for procedure@version: schema, matching procedure and version, step
 * ids of that version, at least one step per trace (an empty trace would make every step
 * optional), trace ids distinct within the batch. Returns the traces as stored
 * (procedure and version filled in). Throws before anything is written.
 * A log-only procedure (no written steps) takes any valid step id except START and END: its
 * steps come from its traces.
 */
export function validateTraceBatch(p: Procedure, traces: unknown): GroundedTrace[] {
  if (!Array.isArray(traces)) {
    throw new InvalidInputError("invalid_input", "traces must be an array", [{ path: [], message: "expected an array of traces" }]);
  }
  const stepIds: ReadonlySet<string> = p.steps.length === 0 ? anyStepId : new Set(p.steps.map((s) => s.id));
  const fast = fastValidTraces(p, stepIds, traces);
  if (fast !== undefined) return fast;
  return slowValidateTraceBatch(p, stepIds, traces);
}

const TRACE_KEYS = new Set(["id", "procedure", "version", "steps"]);
const CONTROL = /[\u0000-\u001f\u007f]/;

/** The step ids of a log-only procedure: every valid step id but START and END. */
const anyStepId = {
  has: (s: unknown) => typeof s === "string" && s.length > 0 && s.length <= 256 && !CONTROL.test(s) && s !== "START" && s !== "END",
} as ReadonlySet<string>;

/**
 * The common case in one cheap pass: every trace well formed, every step a step id of the
 * version (so already a valid id), ids distinct. Undefined as soon as anything is off; the
 * caller then runs the full validation, which words the errors.
 */
function fastValidTraces(p: Procedure, stepIds: ReadonlySet<string>, traces: readonly unknown[]): GroundedTrace[] | undefined {
  const out: GroundedTrace[] = new Array(traces.length);
  const ids = new Set<string>();
  for (let i = 0; i < traces.length; i++) {
    const t = traces[i] as Record<string, unknown> | null;
    if (typeof t !== "object" || t === null || Array.isArray(t)) return undefined;
    for (const k in t) if (!TRACE_KEYS.has(k)) return undefined;
    const { id, procedure, version, steps } = t;
    if (typeof id !== "string" || id.length === 0 || id.length > 256 || CONTROL.test(id) || ids.has(id)) return undefined;
    if (procedure !== p.id || (version !== undefined && version !== p.version) || !Array.isArray(steps) || steps.length === 0) return undefined;
    for (let j = 0; j < steps.length; j++) if (!stepIds.has(steps[j] as string)) return undefined;
    ids.add(id);
    out[i] = { id, procedure: p.id, version: p.version, steps: (steps as string[]).slice() };
  }
  return out;
}

function slowValidateTraceBatch(p: Procedure, stepIds: ReadonlySet<string>, traces: readonly unknown[]): GroundedTrace[] {
  const seen = new Map<string, number>();
  const out: GroundedTrace[] = [];
  const issues: InputIssue[] = [];
  let unknownStep = false;
  let emptyTrace = false;
  traces.forEach((raw, i) => {
    const r = GroundedTraceSchema.safeParse(raw);
    if (!r.success) {
      for (const issue of r.error.issues) {
        issues.push({ path: [i, ...issue.path.map((x) => (typeof x === "symbol" ? String(x) : x))], message: issue.message });
      }
      return;
    }
    const t = r.data;
    if (t.procedure !== p.id) {
      issues.push({ path: [i, "procedure"], message: `trace ${JSON.stringify(t.id)} names procedure ${JSON.stringify(t.procedure)}, not ${JSON.stringify(p.id)}` });
    }
    if (t.version !== undefined && t.version !== p.version) {
      issues.push({ path: [i, "version"], message: `trace ${JSON.stringify(t.id)} names version ${t.version}, not ${p.version}` });
    }
    if (t.steps.length === 0) {
      emptyTrace = true;
      issues.push({ path: [i, "steps"], message: `trace ${JSON.stringify(t.id)} has no steps: an empty trace is refused (it shows no order and would make every step optional)` });
    }
    t.steps.forEach((s, j) => {
      if (!stepIds.has(s)) {
        unknownStep = true;
        issues.push({
          path: [i, "steps", j],
          message: `trace ${JSON.stringify(t.id)}: step ${JSON.stringify(s)} at index ${j} is not a step of ${JSON.stringify(p.id)} version ${p.version}`,
        });
      }
    });
    const first = seen.get(t.id);
    if (first !== undefined) {
      throw new ConflictError("duplicate_trace", `trace id ${JSON.stringify(t.id)} appears twice in the batch (at ${first} and ${i})`, {
        id: p.id,
        version: p.version,
        trace: t.id,
      });
    }
    seen.set(t.id, i);
    out.push({ id: t.id, procedure: p.id, version: p.version, steps: t.steps });
  });
  if (issues.length > 0) {
    const onlySteps = issues.every((x) => x.path[1] === "steps");
    const code = onlySteps && emptyTrace && !unknownStep ? "empty_trace" : onlySteps && unknownStep && !emptyTrace ? "unknown_step" : "invalid_input";
    throw new InvalidInputError(
      code,
      `invalid traces for ${JSON.stringify(p.id)} version ${p.version}:\n${issues.map((x) => `${x.path.join(".")}: ${x.message}`).join("\n")}`,
      issues,
    );
  }
  return out;
}

export function duplicateTrace(p: { id: string; version: number }, traceId: string): ConflictError {
  return new ConflictError("duplicate_trace", `trace ${JSON.stringify(traceId)} already exists for ${JSON.stringify(p.id)} version ${p.version}`, {
    id: p.id,
    version: p.version,
    trace: traceId,
  });
}

/** The sub-procedure links a procedure version declares, in written order. */
export function linksOf(p: Procedure): SubprocedureLink[] {
  const out: SubprocedureLink[] = [];
  for (const s of p.steps) {
    if (s.subprocedure === undefined) continue;
    const link: SubprocedureLink = { procedure: p.id, version: p.version, step: s.id, target: s.subprocedure };
    if (s.subprocedureVersion !== undefined) link.targetVersion = s.subprocedureVersion;
    out.push(link);
  }
  return out;
}

/**
 * Throws ConflictError when deleting id@version would break a link: a step of another
 * procedure version pinned to it, or an unpinned link when it is the only version of id.
 */
export function assertDeletable(id: string, version: number, versionsOfId: readonly number[], links: readonly SubprocedureLink[]): void {
  const blocking = links.filter(
    (l) =>
      l.target === id &&
      !(l.procedure === id && l.version === version) &&
      (l.targetVersion === version || (l.targetVersion === undefined && versionsOfId.length === 1 && versionsOfId[0] === version)),
  );
  if (blocking.length === 0) return;
  const names = blocking.map((l) => `${JSON.stringify(l.procedure)} version ${l.version} step ${JSON.stringify(l.step)}`);
  throw new ConflictError(
    "procedure_referenced",
    `procedure ${JSON.stringify(id)} version ${version} is a sub-procedure of ${names.join("; ")}; remove those links first`,
    { id, version, referencedBy: blocking },
  );
}

export const ListOptionsSchema = z
  .object({
    query: z.string().max(1000).optional(),
    limit: z.number().int().min(0).max(100_000).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();

export function parseListOptions(options: unknown): ListOptions {
  return parseOrThrow(ListOptionsSchema, options ?? {}, "list options") as ListOptions;
}

export const PageOptionsSchema = z
  .object({ limit: z.number().int().min(0).max(100_000).optional(), offset: z.number().int().min(0).optional() })
  .strict();

export function parsePageOptions(options: unknown): { limit: number | undefined; offset: number } {
  const o = parseOrThrow(PageOptionsSchema, options ?? {}, "page options");
  return { limit: o.limit, offset: o.offset ?? 0 };
}

/** Case-insensitive match of a search text in a procedure's title or id. */
export function matchesQuery(query: string | undefined, title: string, id: string): boolean {
  if (query === undefined || query === "") return true;
  const q = query.toLowerCase();
  return title.toLowerCase().includes(q) || id.toLowerCase().includes(q);
}

export function parseGraphScript(script: unknown): GraphScript {
  return parseOrThrow(GraphScriptSchema, script, "graph script");
}

export function parseSession(session: unknown): Session {
  return parseOrThrow(SessionSchema, session, "session");
}

/** Canonical JSON of a session (validated, keys in schema order): what adapters store and compare. */
export function sessionJson(session: Session): string {
  return JSON.stringify(parseSession(session));
}

/** ConflictError unless the stored session (its JSON, or undefined) equals `expected`. */
export function assertSessionUnchanged(stored: string | undefined, expected: Session | undefined): void {
  if (expected === undefined) return;
  const same = stored !== undefined && sessionJson(JSON.parse(stored) as Session) === sessionJson(expected);
  if (!same) {
    throw new ConflictError("session_changed", `session ${JSON.stringify(expected.id)} was changed by another writer since it was read`);
  }
}

/** JSON text of an induction state; InvalidInputError when it is not JSON-serialisable. */
export function inductionStateJson(state: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(state);
  } catch (e) {
    throw new InvalidInputError("invalid_input", `induction state is not JSON-serialisable: ${(e as Error).message}`, [
      { path: [], message: (e as Error).message },
    ]);
  }
  if (text === undefined) {
    throw new InvalidInputError("invalid_input", "induction state is not JSON-serialisable (undefined or a function)", [
      { path: [], message: "not JSON-serialisable" },
    ]);
  }
  return text;
}

/** Parses a stored JSON column back into a validated value, naming the store and row on corruption. */
export function parseStored<S extends z.ZodType>(schema: S, text: string, where: string): z.output<S> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new Error(`corrupt store data at ${where}: not valid JSON (${(e as Error).message})`);
  }
  const r = schema.safeParse(data);
  if (!r.success) throw new Error(`corrupt store data at ${where}: ${r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return r.data;
}

export function closedError(kind: string): Error {
  return new Error(`${kind} store is closed`);
}
