// Guards of the Neo4j-only test files: run when NEO4J_URI names a server, otherwise print a
// visible notice and register one skipped test (ci-guard.test.ts turns that into a failure in CI).
import { describe, it } from "vitest";
import { notice } from "../helpers/notice.js";
import { neo4jTestOptions } from "../helpers/test-store.js";

export const HAVE_NEO4J = neo4jTestOptions() !== undefined;

export function describeWithNeo4j(file: string, name: string, body: () => void): void {
  if (HAVE_NEO4J) {
    describe(name, body);
    return;
  }
  notice(`${file}: skipped: NEO4J_URI is not set (start a server with \`npm run neo4j\`, then export what it prints)`);
  describe(name, () => {
    it.skip("needs NEO4J_URI pointing at a Neo4j 5 server", () => undefined);
  });
}
