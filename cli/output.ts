// Output conventions of every CLI command: with --json, stdout holds exactly one JSON
// document; human text otherwise. Errors go to stderr, once each, with the exit status of the
// table in docs/cli.md: 0 ok, 1 failure (or `check`: not valid), 2 bad input (including unknown
// flags and commands), 3 not found (a missing file, procedure or store), 4 conflict.
import { StepgraphError, formatIssues, InvalidInputError } from "../src/errors.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

export const EXIT = { ok: 0, failure: 1, badInput: 2, notFound: 3, conflict: 4 } as const;

const BY_CATEGORY: Record<string, number> = { invalid_input: EXIT.badInput, not_found: EXIT.notFound, conflict: EXIT.conflict, limit: EXIT.badInput };

/** The exit status for an error. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof StepgraphError) return BY_CATEGORY[err.category] ?? EXIT.failure;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === "ENOENT" || code === "ENOTDIR") return EXIT.notFound;
  return EXIT.failure;
}

/**
 * The error for people: its message, then each issue the message does not already say (so
 * nothing is printed twice).
 */
export function errorText(err: unknown): string {
  if (err instanceof StepgraphError) {
    const lines = [err.message];
    if (err instanceof InvalidInputError) {
      const extra = err.issues.filter((i) => !err.message.includes(i.message));
      if (extra.length > 0) lines.push(formatIssues(extra));
    }
    return lines.join("\n");
  }
  const e = err as NodeJS.ErrnoException | null;
  if (e?.code === "ENOENT" && typeof e.path === "string") return `no such file: ${e.path}`;
  return err instanceof Error ? err.message : String(err);
}

export function exitWithError(err: unknown): never {
  process.stderr.write(`stepgraph: ${errorText(err)}\n`);
  process.exit(exitCodeOf(err));
}
