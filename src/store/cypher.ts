// Every Cypher statement the Neo4j adapter (neo4j-store.ts) can send, as named constants with
// the names of their parameters and an example value of each, so tests/store/cypher-lint.test.ts
// can run Neo4j's Cypher front end on all of them with the parameters declared. Statements take
// user data only through parameters: no statement text is ever built from user input.
//
// Graph model (DESIGN.md, "Storage"), what Neo4j Browser and Bloom show:
//   (:Procedure {key, id, version, title, ...})-[:HAS_STEP {position}]->(:Step {key, id, text, optional, support, ...})
//   (:Step)-[:PRECEDES {support, confidence, origin, habit?}]->(:Step)  precedence edges of the graph script (habit: true
//                                                                   on an order the check does not enforce)
//   (:Step)-[:FOLLOWED_BY {count, p}]->(:Step)                      transition statistics
//   (:Step)-[:DETAILED_BY]->(:Procedure)                            sub-procedure links (pinned or latest version)
//   (:Procedure)-[:HAS_TRACE]->(:Trace {key, id, seq, steps})       observed executions, in insertion order
//   (:Session {id, body})-[:RUNS]->(:Procedure)                     online sessions
// Keys: Procedure.key = "<id>@<version>" (unambiguous: the version has no "@");
// Step.key and Trace.key = JSON of [procedure id, version, step or trace id].
// START and END of a graph script are Step nodes with `virtual: true`.
// The full procedure, graph script and induction state are also kept as JSON properties
// (body, graphScript, inductionState), so loads are exact and validated.

export interface CypherStatement<P extends string = string> {
  readonly text: string;
  /** Every parameter the statement uses, with an example value of the right shape. */
  readonly params: Readonly<Record<P, unknown>>;
}

function cypher<P extends string>(text: string, params: Record<P, unknown>): CypherStatement<P> {
  return { text: text.trim(), params };
}

export type ParamsOf<S> = S extends CypherStatement<infer P> ? Record<P, unknown> : never;

const procedureKey = "p@1";
const stepKey = '["p",1,"a"]';

/** Schema statements, run by init(); idempotent. */
export const SCHEMA = {
  procedureKeyUnique: cypher("CREATE CONSTRAINT procedure_key IF NOT EXISTS FOR (p:Procedure) REQUIRE p.key IS UNIQUE", {}),
  stepKeyUnique: cypher("CREATE CONSTRAINT step_key IF NOT EXISTS FOR (s:Step) REQUIRE s.key IS UNIQUE", {}),
  traceKeyUnique: cypher("CREATE CONSTRAINT trace_key IF NOT EXISTS FOR (t:Trace) REQUIRE t.key IS UNIQUE", {}),
  sessionIdUnique: cypher("CREATE CONSTRAINT session_id IF NOT EXISTS FOR (x:Session) REQUIRE x.id IS UNIQUE", {}),
  procedureIdIndex: cypher("CREATE INDEX procedure_id IF NOT EXISTS FOR (p:Procedure) ON (p.id)", {}),
  stepSubprocedureIndex: cypher("CREATE INDEX step_subprocedure IF NOT EXISTS FOR (s:Step) ON (s.subprocedure)", {}),
  traceOrderIndex: cypher("CREATE INDEX trace_order IF NOT EXISTS FOR (t:Trace) ON (t.procedureKey, t.seq)", {}),
} as const;

export const CYPHER = {
  ping: cypher("RETURN 1 AS ok", {}),

  latestProcedure: cypher(
    "MATCH (p:Procedure {id: $id}) RETURN p.version AS version, p.content AS content ORDER BY p.version DESC LIMIT 1",
    { id: "p" },
  ),
  procedureAt: cypher("MATCH (p:Procedure {key: $key}) RETURN p.body AS body, p.content AS content", { key: procedureKey }),
  latestVersion: cypher("MATCH (p:Procedure {id: $id}) RETURN max(p.version) AS version", { id: "p" }),
  versionsOf: cypher("MATCH (p:Procedure {id: $id}) RETURN p.version AS version ORDER BY version", { id: "p" }),

  createProcedure: cypher(
    `
CREATE (p:Procedure {key: $key, id: $id, version: $version, title: $title, stepCount: $stepCount,
                     content: $content, body: $body, traceCount: 0, eventCount: 0, traceSeq: 0, createdAt: $createdAt})
WITH p
UNWIND $steps AS row
CREATE (s:Step {key: row.key, id: row.id, text: row.text, written: true, virtual: false})
SET s.subprocedure = row.subprocedure, s.subprocedureVersion = row.subprocedureVersion
CREATE (p)-[:HAS_STEP {position: row.position}]->(s)`,
    {
      key: procedureKey,
      id: "p",
      version: 1,
      title: "t",
      stepCount: 1,
      content: "{}",
      body: "{}",
      createdAt: "2026-01-01T00:00:00.000Z",
      steps: [{ key: stepKey, id: "a", text: "A", position: 0, subprocedure: "c", subprocedureVersion: null }],
    },
  ),

  /** Re-points DETAILED_BY of every step linking to one of $targets: pinned version, else the latest. */
  refreshDetailedBy: cypher(
    `
UNWIND $targets AS target
MATCH (s:Step {subprocedure: target})
OPTIONAL MATCH (s)-[old:DETAILED_BY]->(:Procedure)
DELETE old
WITH DISTINCT s, target
MATCH (t:Procedure {id: target})
WHERE s.subprocedureVersion IS NULL OR t.version = s.subprocedureVersion
WITH s, t ORDER BY t.version DESC
WITH s, collect(t)[0] AS chosen
MERGE (s)-[:DETAILED_BY]->(chosen)`,
    { targets: ["c"] },
  ),

  listProcedures: cypher(
    `
MATCH (p:Procedure)
WITH p ORDER BY p.version
WITH p.id AS id, collect(p) AS ps
WITH id, ps[size(ps) - 1] AS latest, [x IN ps | x.version] AS versions
WHERE $query IS NULL OR toLower(latest.title) CONTAINS $query OR toLower(id) CONTAINS $query
RETURN id, latest.version AS version, latest.title AS title, latest.stepCount AS stepCount, versions
ORDER BY id
SKIP $offset LIMIT $limit`,
    { query: "pcr", offset: 0, limit: 10 },
  ),

  linksTo: cypher(
    `
MATCH (p:Procedure)-[:HAS_STEP]->(s:Step {subprocedure: $id})
RETURN p.id AS procedure, p.version AS version, s.id AS step, s.subprocedure AS target, s.subprocedureVersion AS targetVersion`,
    { id: "c" },
  ),
  allLinks: cypher(
    `
MATCH (p:Procedure)-[h:HAS_STEP]->(s:Step)
WHERE s.subprocedure IS NOT NULL
RETURN p.id AS procedure, p.version AS version, s.id AS step, s.subprocedure AS target, s.subprocedureVersion AS targetVersion
ORDER BY p.id, p.version, h.position`,
    {},
  ),

  deleteTracesOf: cypher("MATCH (:Procedure {key: $key})-[:HAS_TRACE]->(t:Trace) DETACH DELETE t", { key: procedureKey }),
  deleteStepsOf: cypher("MATCH (:Procedure {key: $key})-[:HAS_STEP]->(s:Step) DETACH DELETE s", { key: procedureKey }),
  deleteSessionsOf: cypher("MATCH (x:Session)-[:RUNS]->(:Procedure {key: $key}) DETACH DELETE x", { key: procedureKey }),
  deleteProcedure: cypher("MATCH (p:Procedure {key: $key}) DETACH DELETE p", { key: procedureKey }),

  /**
   * Takes the procedure node's write lock as the transaction's first write. Without it, 20 concurrent
   * appends to one version deadlocked 16-18 times in 20 on Neo4j 5.26 (the driver then retries after
   * about a second); with it, none did (measured against the embedded test server).
   */
  lockProcedure: cypher("MATCH (p:Procedure {key: $key}) SET p.traceSeq = p.traceSeq RETURN p.key AS key", { key: procedureKey }),

  /** Reserves $count sequence numbers (locking the procedure node) and bumps the counters. */
  reserveTraceSeq: cypher(
    `
MATCH (p:Procedure {key: $key})
SET p.traceSeq = p.traceSeq + $count, p.traceCount = p.traceCount + $count, p.eventCount = p.eventCount + $events
RETURN p.traceSeq - $count AS base`,
    { key: procedureKey, count: 2, events: 5 },
  ),
  existingTraceIds: cypher(
    `
UNWIND $keys AS key
MATCH (t:Trace {key: key})
RETURN t.id AS id
LIMIT 1`,
    { keys: ['["p",1,"t1"]'] },
  ),
  insertTraces: cypher(
    `
MATCH (p:Procedure {key: $procedureKey})
UNWIND $rows AS row
CREATE (t:Trace {key: row.key, id: row.id, procedureKey: $procedureKey, seq: row.seq, steps: row.steps})
CREATE (p)-[:HAS_TRACE]->(t)`,
    { procedureKey, rows: [{ key: '["p",1,"t1"]', id: "t1", seq: 0, steps: ["a", "b"] }] },
  ),
  counters: cypher("MATCH (p:Procedure {key: $key}) RETURN p.traceCount AS traces, p.eventCount AS events", { key: procedureKey }),
  tracesFrom: cypher(
    `
MATCH (t:Trace)
WHERE t.procedureKey = $procedureKey AND t.seq >= $from
RETURN t.seq AS seq, t.id AS id, t.steps AS steps
ORDER BY t.seq
LIMIT $limit`,
    { procedureKey, from: 0, limit: 1000 },
  ),

  setGraphScript: cypher(
    "MATCH (p:Procedure {key: $key}) SET p.graphScript = $body, p.graphScriptSavedAt = $savedAt RETURN p.key AS key",
    { key: procedureKey, body: "{}", savedAt: "2026-01-01T00:00:00.000Z" },
  ),
  /** Removes the previous projection of a graph script: its edges and the steps it added. */
  clearScriptEdges: cypher(
    `
MATCH (:Procedure {key: $key})-[:HAS_STEP]->(s:Step)-[r:PRECEDES|FOLLOWED_BY]->(:Step)
DELETE r`,
    { key: procedureKey },
  ),
  clearScriptSteps: cypher(
    `
MATCH (:Procedure {key: $key})-[:HAS_STEP]->(s:Step {fromScript: true})
DETACH DELETE s`,
    { key: procedureKey },
  ),
  mergeScriptSteps: cypher(
    `
MATCH (p:Procedure {key: $key})
UNWIND $rows AS row
MERGE (s:Step {key: row.key})
ON CREATE SET s.id = row.id, s.text = row.text, s.written = row.written, s.virtual = row.virtual, s.fromScript = true
SET s.optional = row.optional, s.repeatable = row.repeatable, s.support = row.support, s.frequency = row.frequency
MERGE (p)-[h:HAS_STEP]->(s)
SET h.position = row.position`,
    {
      key: procedureKey,
      rows: [{ key: stepKey, id: "a", text: "A", written: true, virtual: false, optional: false, repeatable: false, support: 3, frequency: 1, position: 0 }],
    },
  ),
  createPrecedes: cypher(
    `
UNWIND $rows AS row
MATCH (a:Step {key: row.from})-[:HAS_STEP]-(:Procedure {key: $key})-[:HAS_STEP]-(b:Step {key: row.to})
CREATE (a)-[:PRECEDES {support: row.support, confidence: row.confidence, origin: row.origin, habit: row.habit}]->(b)`,
    { key: procedureKey, rows: [{ from: stepKey, to: '["p",1,"b"]', support: 3, confidence: 1, origin: "both", habit: null }] },
  ),
  createFollowedBy: cypher(
    `
UNWIND $rows AS row
MATCH (a:Step {key: row.from})-[:HAS_STEP]-(:Procedure {key: $key})-[:HAS_STEP]-(b:Step {key: row.to})
CREATE (a)-[:FOLLOWED_BY {count: row.count, p: row.p}]->(b)`,
    { key: procedureKey, rows: [{ from: stepKey, to: '["p",1,"b"]', count: 3, p: 0.75 }] },
  ),
  graphScriptAt: cypher("MATCH (p:Procedure {key: $key}) RETURN p.graphScript AS body", { key: procedureKey }),
  latestGraphScript: cypher(
    `
MATCH (p:Procedure {id: $id})
WHERE p.graphScript IS NOT NULL
RETURN p.graphScript AS body
ORDER BY p.version DESC
LIMIT 1`,
    { id: "p" },
  ),

  setInductionState: cypher("MATCH (p:Procedure {key: $key}) SET p.inductionState = $body RETURN p.key AS key", {
    key: procedureKey,
    body: "{}",
  }),
  inductionStateAt: cypher("MATCH (p:Procedure {key: $key}) RETURN p.inductionState AS body", { key: procedureKey }),

  saveSession: cypher(
    `
MATCH (p:Procedure {key: $procedureKey})
MERGE (x:Session {id: $id})
SET x.body = $body, x.procedure = $procedure, x.version = $version, x.updatedAt = $updatedAt
WITH p, x
OPTIONAL MATCH (x)-[old:RUNS]->(:Procedure)
DELETE old
WITH DISTINCT p, x
CREATE (x)-[:RUNS]->(p)
RETURN x.id AS id`,
    { procedureKey, id: "s", body: "{}", procedure: "p", version: 1, updatedAt: "2026-01-01T00:00:00.000Z" },
  ),
  sessionAt: cypher("MATCH (x:Session {id: $id}) RETURN x.body AS body", { id: "s" }),

  /** Tests only: empties the stepgraph part of a database. */
  clearAll: cypher("MATCH (n) WHERE n:Procedure OR n:Step OR n:Trace OR n:Session DETACH DELETE n", {}),
} as const;

/** The labels, relationship types and property keys of the model, declared to the linter. */
export const GRAPH_MODEL = {
  labels: ["Procedure", "Step", "Trace", "Session"],
  relationshipTypes: ["HAS_STEP", "PRECEDES", "FOLLOWED_BY", "DETAILED_BY", "HAS_TRACE", "RUNS"],
  propertyKeys: [
    "key", "id", "version", "title", "stepCount", "content", "body", "traceCount", "eventCount", "traceSeq", "createdAt",
    "text", "written", "virtual", "fromScript", "subprocedure", "subprocedureVersion", "optional", "repeatable", "support",
    "frequency", "position", "confidence", "origin", "count", "p", "procedureKey", "seq", "steps", "graphScript",
    "graphScriptSavedAt", "inductionState", "procedure", "updatedAt", "habit",
  ],
} as const;
