// Runs the GraphStore contract suite against a real Neo4j 5 when NEO4J_URI is set (for
// example `docker compose up neo4j`, then NEO4J_URI=neo4j://localhost:7687 NEO4J_PASSWORD=...).
// The database named by NEO4J_DATABASE is emptied of stepgraph nodes before each test.
// Without NEO4J_URI it prints a notice and skips: no Neo4j server can run on the build machines;
// there the statements are checked by tests/store/cypher-lint.test.ts instead.
import { describe, it } from "vitest";
import { CYPHER } from "../../src/store/cypher.js";
import { createNeo4jStore } from "../../src/store/neo4j-store.js";
import { storeConfigFromEnv } from "../../src/store/store-config.js";
import { notice } from "../helpers/notice.js";
import { describeGraphStore } from "./graph-store.contract.js";

const uri = process.env.NEO4J_URI;

if (uri === undefined || uri === "") {
  notice("tests/store/neo4j-store.test.ts: Neo4j contract suite skipped: NEO4J_URI is not set (no Neo4j server here; the Cypher lint test still checks every statement)");
  describe("GraphStore contract: neo4j", () => {
    it.skip("needs NEO4J_URI (and NEO4J_PASSWORD) pointing at a Neo4j 5 server", () => undefined);
  });
} else {
  const config = storeConfigFromEnv({ ...process.env, STEPGRAPH_STORE: "neo4j" });
  if (config.kind !== "neo4j") throw new Error("unreachable: STEPGRAPH_STORE forced to neo4j");
  const options = { uri: config.uri, user: config.user, password: config.password, connectionTimeoutMs: config.connectionTimeoutMs };
  describeGraphStore("neo4j", async () => {
    const store = createNeo4jStore(config.database === undefined ? options : { ...options, database: config.database });
    const session = store.driver.session(config.database === undefined ? {} : { database: config.database });
    try {
      await session.executeWrite((tx) => tx.run(CYPHER.clearAll.text));
    } finally {
      await session.close();
    }
    return store;
  });
}
