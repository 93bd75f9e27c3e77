// Output conventions of every CLI command: with --json, stdout holds exactly one JSON
// document; human text otherwise. Errors go to stderr with a non-zero exit status:
// 2 for bad input, 3 for not found, 4 for conflicts, 1 for anything else.
import { StepgraphError, formatIssues, InvalidInputError } from "../src/errors.js";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printText(text: string): void {
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
}

const EXIT: Record<string, number> = { invalid_input: 2, not_found: 3, conflict: 4, limit: 2 };

export function exitWithError(err: unknown): never {
  if (err instanceof InvalidInputError && err.issues.length > 0 && !err.message.includes(formatIssues(err.issues))) {
    process.stderr.write(`stepgraph: ${err.message}\n${formatIssues(err.issues)}\n`);
    process.exit(EXIT[err.category] ?? 1);
  }
  if (err instanceof StepgraphError) {
    process.stderr.write(`stepgraph: ${err.message}\n`);
    process.exit(EXIT[err.category] ?? 1);
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`stepgraph: ${message}\n`);
  process.exit(1);
}
