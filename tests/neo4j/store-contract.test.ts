// Runs the GraphStore contract suite against the real Neo4j 5 that NEO4J_URI names (CI starts
// one: .ci/run; a developer: `npm run neo4j`). Each test starts from an emptied database.
// Without NEO4J_URI it prints a notice and skips (tests/neo4j/ci-guard.test.ts fails the run
// instead when CI=true).
import { describeGraphStore } from "../store/graph-store.contract.js";
import { makeTestStore } from "../helpers/test-store.js";
import { describeWithNeo4j } from "./neo4j-env.js";

describeWithNeo4j("tests/neo4j/store-contract.test.ts", "GraphStore contract: neo4j", () => {
  describeGraphStore("neo4j", () => makeTestStore("neo4j"));
});
