// Typed error categories of the domain. Each error carries a stable, literal `code`
// (snake_case) that the HTTP edge maps to a status in one registry (api/errors.ts) and
// that docs/errors.md lists. Messages say where the problem comes from and quote the value.
import type { z } from "zod";

/** One problem with one field of an input: where (path, and file/line when known) and what. */
export interface InputIssue {
  /** Path of the bad field inside the record, e.g. ["steps", 3, "id"]. */
  path: (string | number)[];
  message: string;
  /** File the record came from, when it came from a file. */
  file?: string;
  /** 1-based line (JSONL, CSV) or element position (XML), when known. */
  line?: number;
}

export type ErrorCategory = "invalid_input" | "not_found" | "conflict" | "limit" | "unavailable";

export abstract class StepgraphError extends Error {
  abstract readonly category: ErrorCategory;
  constructor(
    /** Stable machine-readable code, e.g. "procedure_not_found". */
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or violates a rule; `issues` names each bad field. */
export class InvalidInputError extends StepgraphError {
  readonly category = "invalid_input" as const;
  constructor(
    code: string,
    message: string,
    readonly issues: InputIssue[] = [],
    details: Record<string, unknown> = {},
  ) {
    super(code, message, details);
  }
}

export class NotFoundError extends StepgraphError {
  readonly category = "not_found" as const;
}

/** The request contradicts stored state (existing version, reference, cycle). */
export class ConflictError extends StepgraphError {
  readonly category = "conflict" as const;
}

/** The input exceeds a configured limit (steps per procedure, events per trace, batch size). */
export class LimitError extends StepgraphError {
  readonly category = "limit" as const;
}

/**
 * The store does not answer (a Neo4j server down or unreachable): nothing is known to be written
 * by the failed call; the caller may retry later. The HTTP edge answers 503 store_unavailable.
 */
export class StoreUnavailableError extends StepgraphError {
  readonly category = "unavailable" as const;
}

/** Turns zod issues into InputIssues, optionally prefixed with a path and located in a file. */
export function issuesFromZod(
  error: z.ZodError,
  where: { prefix?: (string | number)[]; file?: string; line?: number } = {},
): InputIssue[] {
  return error.issues.map((i) => {
    const issue: InputIssue = {
      path: [...(where.prefix ?? []), ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: i.message,
    };
    if (where.file !== undefined) issue.file = where.file;
    if (where.line !== undefined) issue.line = where.line;
    return issue;
  });
}

/** One line per issue: "file:line: path.to.field: message". */
export function formatIssues(issues: readonly InputIssue[]): string {
  return issues
    .map((i) => {
      const loc = [i.file, i.line].filter((x) => x !== undefined).join(":");
      const path = i.path.length > 0 ? i.path.join(".") : "(record)";
      return `${loc ? `${loc}: ` : ""}${path}: ${i.message}`;
    })
    .join("\n");
}

/** Parses `value` with `schema`, or throws InvalidInputError naming every bad field. */
export function parseOrThrow<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
  where: { prefix?: (string | number)[]; file?: string; line?: number } = {},
): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issues = issuesFromZod(r.error, where);
  throw new InvalidInputError("invalid_input", `invalid ${what}:\n${formatIssues(issues)}`, issues);
}
