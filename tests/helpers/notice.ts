// A visible notice from a test file (a skipped dataset, a skipped Neo4j run): written to
// stderr directly so the no-console guard does not count it as stray output.
export function notice(message: string): void {
  process.stderr.write(`[stepgraph tests] ${message}\n`);
}
