// The one registry of the API's error codes: each stable code with its HTTP status and title.
// Every error response is an RFC 9457 problem document built by `problem()`; domain errors
// (src/errors.ts) keep their code when it is registered here and otherwise fall back to the
// code of their category. docs/errors.md lists every code (tests/api/errors-doc.test.ts keeps
// the two in sync both ways). Unknown errors become `internal_error` with a generic detail:
// no stack trace or internal message ever reaches a client.
import { StepgraphError, InvalidInputError, type ErrorCategory } from "../src/errors.js";
import type { Problem, ProblemField } from "../src/model/api.js";

export const ERRORS = {
  invalid_request: { status: 400, title: "The request does not match its schema" },
  invalid_json: { status: 400, title: "The request body is not valid JSON" },
  bad_request: { status: 400, title: "The request could not be read" },
  unauthorized: { status: 401, title: "A valid bearer token is required" },
  forbidden: { status: 403, title: "The token does not allow this operation" },
  route_not_found: { status: 404, title: "No such route" },
  method_not_allowed: { status: 405, title: "The route does not accept this method" },
  not_found: { status: 404, title: "Not found" },
  procedure_not_found: { status: 404, title: "Procedure or procedure version not found" },
  session_not_found: { status: 404, title: "Session not found" },
  conflict: { status: 409, title: "The request conflicts with stored data" },
  version_conflict: { status: 409, title: "A different procedure is already stored under this version" },
  procedure_referenced: { status: 409, title: "Another procedure links to this version" },
  version_limit: { status: 409, title: "The procedure already has the highest allowed version" },
  duplicate_trace: { status: 409, title: "A trace with this id already exists for this version" },
  subprocedure_cycle: { status: 409, title: "The sub-procedure link would close a cycle" },
  payload_too_large: { status: 413, title: "The request body exceeds the size limit" },
  too_many_steps: { status: 413, title: "The procedure has more steps than allowed" },
  too_many_events: { status: 413, title: "A trace has more events than allowed" },
  batch_too_large: { status: 413, title: "The batch has more traces than allowed" },
  limit_exceeded: { status: 413, title: "A configured limit was exceeded" },
  unsupported_media_type: { status: 415, title: "The request body must be application/json (UTF-8)" },
  invalid_input: { status: 422, title: "The input breaks a rule of the domain" },
  unknown_step: { status: 422, title: "A step is not a step of the procedure version" },
  empty_trace: { status: 422, title: "A trace has no steps" },
  unknown_events: { status: 422, title: "Free-text events could not be grounded to a step" },
  subprocedure_not_found: { status: 422, title: "A step links to a procedure that does not exist" },
  internal_error: { status: 500, title: "Internal server error" },
  store_unavailable: { status: 503, title: "The store does not answer" },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERRORS;

const CATEGORY_FALLBACK: Record<ErrorCategory, ErrorCode> = {
  invalid_input: "invalid_input",
  not_found: "not_found",
  conflict: "conflict",
  limit: "limit_exceeded",
  unavailable: "store_unavailable",
};

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** An error raised at the HTTP edge with a registered code. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly errors?: ProblemField[],
    /** Extra response headers (e.g. WWW-Authenticate). */
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

export function problem(code: ErrorCode, detail: string, errors?: ProblemField[]): Problem {
  const { status, title } = ERRORS[code];
  const body: Problem = { type: `urn:stepgraph:error:${code}`, title, status, code, detail };
  if (errors !== undefined && errors.length > 0) body.errors = errors;
  return body;
}

/** "body.steps.3.id" from a location and a path. */
export function fieldPath(location: string, path: readonly (string | number)[]): string {
  return [location, ...path.map(String)].join(".");
}

// NOTE: bounded so a request with thousands of bad fields cannot produce a huge error body.
const MAX_FIELD_ERRORS = 100;

/** The problem document and extra headers for any thrown value. */
export function toProblem(err: unknown): { body: Problem; headers: Record<string, string>; unexpected: boolean } {
  if (err instanceof ApiError) {
    return { body: problem(err.code, err.detail, err.errors?.slice(0, MAX_FIELD_ERRORS)), headers: err.headers, unexpected: false };
  }
  if (err instanceof StepgraphError) {
    const code = isErrorCode(err.code) ? err.code : CATEGORY_FALLBACK[err.category];
    const errors =
      err instanceof InvalidInputError
        ? err.issues.slice(0, MAX_FIELD_ERRORS).map((i) => ({ path: i.path.map(String).join("."), message: i.message }))
        : undefined;
    return { body: problem(code, err.message, errors), headers: {}, unexpected: false };
  }
  return { body: problem("internal_error", "An unexpected error occurred; it has been logged."), headers: {}, unexpected: true };
}
