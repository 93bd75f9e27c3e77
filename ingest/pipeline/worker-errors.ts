// Carries an error thrown in a worker thread to the thread that started it with its category
// intact: a StepgraphError comes back as the same class with its code, issues and details
// (so a caller's `instanceof InvalidInputError` and the CLI's exit codes still hold); anything
// else comes back as an Error with the original name and message.
import { ConflictError, InvalidInputError, LimitError, NotFoundError, StepgraphError, StoreUnavailableError, type InputIssue } from "../../src/errors.js";

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  issues?: InputIssue[];
  details?: Record<string, unknown>;
  stack?: string;
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof InvalidInputError) return { name: e.name, message: e.message, code: e.code, issues: e.issues, details: e.details };
  if (e instanceof StepgraphError) return { name: e.name, message: e.message, code: e.code, details: e.details };
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack !== undefined ? { stack: e.stack } : {}) };
  return { name: "Error", message: String(e) };
}

export function reviveError(s: SerializedError): Error {
  const code = s.code ?? "error";
  const details = s.details ?? {};
  switch (s.name) {
    case "InvalidInputError":
      return new InvalidInputError(code, s.message, s.issues ?? [], details);
    case "NotFoundError":
      return new NotFoundError(code, s.message, details);
    case "ConflictError":
      return new ConflictError(code, s.message, details);
    case "LimitError":
      return new LimitError(code, s.message, details);
    case "StoreUnavailableError":
      return new StoreUnavailableError(code, s.message, details);
  }
  const e = new Error(s.message);
  e.name = s.name;
  if (s.stack !== undefined) e.stack = `${s.stack}\n    (in the trace reader worker)`;
  return e;
}
