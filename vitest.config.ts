import { defineConfig } from "vitest/config";

// Two projects. "unit": every test file, stores in memory / SQLite. "neo4j": the Neo4j-only files
// (tests/neo4j) plus the store-touching API suites and the viewer's diagram end-to-end test run
// again with STEPGRAPH_TEST_STORE=neo4j against the server NEO4J_URI names (.ci/run starts one;
// `npm run neo4j` for a developer). The neo4j project runs one file at a time: its tests share
// one database and each starts by emptying it. Without NEO4J_URI only tests/neo4j is collected,
// where every file reports a visible skip (and ci-guard.test.ts fails when CI=true).
const haveNeo4j = (process.env.NEO4J_URI ?? "") !== "";

/** API suites that read or write the store: run on Neo4j as well (the rest test HTTP plumbing only). */
export const NEO4J_API_SUITES = [
  "tests/api/procedures.test.ts",
  "tests/api/traces.test.ts",
  "tests/api/graph-scripts.test.ts",
  "tests/api/queries.test.ts",
  "tests/api/sessions.test.ts",
  "tests/api/hierarchy.test.ts",
  "tests/api/ground.test.ts",
  "tests/api/log-only.test.ts",
  "tests/api/newcomer.test.ts",
  "tests/api/fuzz.test.ts",
  "tests/api/two-apps.test.ts",
  "tests/api/empty-trace.test.ts",
];

const shared = {
  setupFiles: ["tests/setup/no-console.ts", "tests/setup/test-store.ts"],
  testTimeout: 30_000,
  hookTimeout: 60_000,
  pool: "forks" as const,
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/neo4j/**"],
        },
      },
      {
        test: {
          ...shared,
          name: "neo4j",
          include: ["tests/neo4j/**/*.test.ts", ...(haveNeo4j ? [...NEO4J_API_SUITES, "tests/viewer/diagram.e2e.test.ts"] : [])],
          env: { STEPGRAPH_TEST_STORE: "neo4j" },
          fileParallelism: false,
        },
      },
    ],
  },
});
