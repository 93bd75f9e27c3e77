// The store every parameterised test runs on. STEPGRAPH_TEST_STORE picks it:
//   memory (default) | sqlite (a fresh :memory: database) | neo4j (the server NEO4J_URI names).
// vitest.config.ts runs the store-touching suites twice: once as project "unit" on the default,
// once as project "neo4j" with STEPGRAPH_TEST_STORE=neo4j against a real server. A Neo4j test
// store empties the database's stepgraph nodes when it is made, so every test starts from an
// empty database; the "neo4j" project runs its files one at a time for that reason.
// Stores made here are closed after each test by tests/setup/test-store.ts.
import type { GraphStore } from "../../src/store/graph-store.js";
import { CYPHER } from "../../src/store/cypher.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { createNeo4jStore, type Neo4jStoreOptions } from "../../src/store/neo4j-store.js";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import { storeConfigFromEnv } from "../../src/store/store-config.js";

export type TestStoreKind = "memory" | "sqlite" | "neo4j";

export function testStoreKind(env: Record<string, string | undefined> = process.env): TestStoreKind {
  const kind = env.STEPGRAPH_TEST_STORE ?? "memory";
  if (kind !== "memory" && kind !== "sqlite" && kind !== "neo4j") throw new Error(`STEPGRAPH_TEST_STORE must be memory, sqlite or neo4j (got ${JSON.stringify(kind)})`);
  return kind;
}

/** Connection options of the test Neo4j from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD; undefined when NEO4J_URI is unset. */
export function neo4jTestOptions(env: Record<string, string | undefined> = process.env): Neo4jStoreOptions | undefined {
  if (env.NEO4J_URI === undefined || env.NEO4J_URI === "") return undefined;
  const config = storeConfigFromEnv({ ...env, STEPGRAPH_STORE: "neo4j", NEO4J_PASSWORD: env.NEO4J_PASSWORD ?? "stepgraph-test" });
  if (config.kind !== "neo4j") throw new Error("unreachable: STEPGRAPH_STORE forced to neo4j");
  const options: Neo4jStoreOptions = { uri: config.uri, user: config.user, password: config.password, connectionTimeoutMs: config.connectionTimeoutMs };
  if (config.database !== undefined) options.database = config.database;
  return options;
}

const made: GraphStore[] = [];

/** Stores made since the last call (for the per-test close in tests/setup/test-store.ts). */
export function takeMadeStores(): GraphStore[] {
  return made.splice(0);
}

/** Empties the stepgraph part of the test Neo4j database. */
export async function wipeNeo4j(store: ReturnType<typeof createNeo4jStore>, database?: string): Promise<void> {
  const session = store.driver.session(database === undefined ? {} : { database });
  try {
    await session.executeWrite((tx) => tx.run(CYPHER.clearAll.text));
  } finally {
    await session.close();
  }
}

/** A fresh, empty, not yet initialised store of the given kind (default: STEPGRAPH_TEST_STORE). */
export async function makeTestStore(kind: TestStoreKind = testStoreKind()): Promise<GraphStore> {
  if (kind === "memory") return createMemoryStore();
  if (kind === "sqlite") return createSqliteStore({ path: ":memory:" });
  const options = neo4jTestOptions();
  if (options === undefined) throw new Error("STEPGRAPH_TEST_STORE=neo4j needs NEO4J_URI (start a server with `npm run neo4j`)");
  const store = createNeo4jStore(options);
  made.push(store);
  await wipeNeo4j(store, options.database);
  return store;
}
