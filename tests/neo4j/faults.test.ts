// Neo4j killed (SIGKILL) in the middle of an ingest through the API: every request ends
// with a 2xx or a 503 store_unavailable problem document within the bound (never a 500 or a
// hang), and after Neo4j restarts on the same data the API (not restarted) answers again, every
// acknowledged batch is stored whole and no batch is half stored. Runs its own Neo4j (it kills
// it), started by tools/neo4j-test-server. bench/neo4j-faults.ts runs 10 such rounds.
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createApp } from "../../api/app.js";
import { openStore } from "../../src/store/store-config.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { killRound, type RoundResult } from "../../tools/neo4j-test-server/ingest-kill.js";
import { startNeo4j, type Neo4jServer } from "../../tools/neo4j-test-server/neo4j-server.js";
import { describeWithNeo4j } from "./neo4j-env.js";

const STEPS = ["a", "b", "c", "d", "e", "f"];
/** The API's store gives up after this long without an answer (connection timeout = retry time). */
const STORE_TIMEOUT_MS = 2000;
/**
 * No request may take longer than this: each store call gives up after STORE_TIMEOUT_MS, but the
 * 3 clients' batches for one version queue on the API's per-version lock (about 10 s at most seen).
 */
const REQUEST_BOUND_MS = 25_000;

describeWithNeo4j("tests/neo4j/faults.test.ts", "Neo4j killed mid-ingest through the API", () => {
  let dir: string;
  let neo: Neo4jServer;
  let apiStore: GraphStore;
  let check: GraphStore;
  let server: Server;
  let api: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "stepgraph-faults-"));
    neo = await startNeo4j({ dataDir: path.join(dir, "neo4j"), heap: "512m" });
    const config = { kind: "neo4j" as const, uri: neo.uri, user: neo.user, password: neo.password, connectionTimeoutMs: STORE_TIMEOUT_MS };
    apiStore = await openStore(config);
    check = await openStore(config);
    const app = createApp({ store: apiStore, logger: pino({ level: "silent" }), config: {} });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, "127.0.0.1", () => resolve(s));
    });
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const res = await fetch(`${api}/v1/procedures`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: "fault", title: "Fault", steps: STEPS.map((id) => ({ id, text: `do ${id}` })) }),
    });
    expect(res.status).toBe(201);
  }, 240_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await apiStore?.close();
    await check?.close();
    await neo?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it("keeps acknowledged batches whole, half-writes none, answers 503 while down and serves again after a restart (SIGKILL mid-ingest, restart)", async () => {
    let seed = 14;
    const rng = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const results: RoundResult[] = [];
    for (const [round, killAfterMs] of [[1, 60]] as const) {
      const r = await killRound({ round, api, procedure: "fault", steps: STEPS, server: neo, killAfterMs, requestBoundMs: REQUEST_BOUND_MS, check, rng });
      neo = r.server;
      results.push(r.result);
    }
    for (const r of results) {
      expect(r.wrong, `round ${r.round}`).toEqual([]);
      expect(r.acknowledged, `round ${r.round}: some batches before the kill`).toBeGreaterThan(0);
      expect(r.unavailable, `round ${r.round}: 503s while down`).toBeGreaterThan(0);
      expect(r.halfPresent, `round ${r.round}`).toBe(0);
      expect(r.acknowledgedMissing, `round ${r.round}`).toBe(0);
      expect(r.slowestMs, `round ${r.round}`).toBeLessThan(REQUEST_BOUND_MS);
      expect(r.apiBackMs, `round ${r.round}: API ready again`).toBeGreaterThanOrEqual(0);
      expect(r.servesAfter, `round ${r.round}`).toBe(true);
      expect(r.countersAgree, `round ${r.round}`).toBe(true);
    }
  }, 300_000);
});
