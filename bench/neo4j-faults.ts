// Question: does the API stay correct when Neo4j dies mid-ingest? 10 rounds: 3 HTTP clients post
// batches of 40 traces to one procedure; after the 3rd acknowledged batch of a round plus a
// seeded random 0-400 ms, Neo4j (embedded launcher, tools/neo4j-test-server) gets SIGKILL;
// clients keep posting until each has seen 2 failures; Neo4j restarts on the same data and port;
// the API process (the same one, never restarted) must answer /readyz and accept a batch again.
// Per round: requests answered other than 2xx / 503 store_unavailable problem (must be 0),
// slowest request, batches half present (must be 0), acknowledged batches missing (must be 0),
// committed-but-unacknowledged batches (allowed), time from Neo4j answering to API ready.
// Run: npx tsx bench/neo4j-faults.ts [rounds=10] [seed=1]
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { pino } from "pino";
import { createApp } from "../api/app.js";
import { openStore } from "../src/store/store-config.js";
import { killRound } from "../tools/neo4j-test-server/ingest-kill.js";
import { startNeo4j } from "../tools/neo4j-test-server/neo4j-server.js";
import { printTable, rng } from "./store-data.js";

const ROUNDS = Number(process.argv[2] ?? 10);
const random = rng(Number(process.argv[3] ?? 1));
const STEPS = ["a", "b", "c", "d", "e", "f"];
const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-neo4j-faults-"));
let neo = await startNeo4j({ dataDir: path.join(dir, "neo4j"), heap: "512m" });
const config = { kind: "neo4j" as const, uri: neo.uri, user: neo.user, password: neo.password, connectionTimeoutMs: 2000 };
const apiStore = await openStore(config);
const check = await openStore(config);
const app = createApp({ store: apiStore, logger: pino({ level: "silent" }), config: {} });
const server = await new Promise<Server>((resolve) => {
  const s = app.listen(0, "127.0.0.1", () => resolve(s));
});
const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
await fetch(`${api}/v1/procedures`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ id: "fault", title: "Fault", steps: STEPS.map((id) => ({ id, text: `do ${id}` })) }),
});
const rows: Record<string, string | number>[] = [];
let failed = 0;
for (let round = 1; round <= ROUNDS; round++) {
  const t0 = performance.now();
  const { result: r, server: restarted } = await killRound({ round, api, procedure: "fault", steps: STEPS, server: neo, killAfterMs: Math.floor(random() * 400), requestBoundMs: 30_000, check, rng: random });
  neo = restarted;
  const ok = r.wrong.length === 0 && r.halfPresent === 0 && r.acknowledgedMissing === 0 && r.servesAfter && r.countersAgree && r.apiBackMs >= 0;
  if (!ok) failed++;
  rows.push({
    round,
    "batches sent": r.batchesSent,
    acked: r.acknowledged,
    "503 answers": r.unavailable,
    "other answers": r.wrong.length,
    "slowest ms": r.slowestMs,
    "half present": r.halfPresent,
    "acked missing": r.acknowledgedMissing,
    "committed, not acked": r.committedUnacknowledged,
    "API ready after restart ms": r.apiBackMs,
    "serves after": r.servesAfter ? "yes" : "NO",
    "round s": ((performance.now() - t0) / 1000).toFixed(1),
  });
  for (const w of r.wrong.slice(0, 5)) process.stderr.write(`round ${round}: ${w}\n`);
}
await new Promise((r) => server.close(r));
await apiStore.close();
await check.close();
await neo.stop();
rmSync(dir, { recursive: true, force: true });
printTable(rows);
process.stdout.write(`\n${ROUNDS} SIGKILLs, ${failed} rounds with a broken rule; load average ${loadavg().map((x) => x.toFixed(2)).join(" / ")}\n`);
process.exit(failed === 0 ? 0 : 1);
