// One fault round for the Neo4j store behind the API: clients ingest trace batches over HTTP,
// Neo4j is killed with SIGKILL in the middle, every request must end with a 2xx or a 503
// `store_unavailable` problem document within `requestBoundMs`, Neo4j is restarted on the same
// data and port, the API (never restarted) must answer /readyz again and accept a new batch, and
// the stored traces must hold every acknowledged batch whole and no batch in part.
// Used by tests/neo4j/faults.test.ts (2 rounds) and bench/neo4j-faults.ts (10 rounds).
import type { GraphStore } from "../../src/store/graph-store.js";
import { startNeo4j, type Neo4jServer } from "./neo4j-server.js";

export const BATCH_SIZE = 40;

export interface RoundResult {
  round: number;
  batchesSent: number;
  acknowledged: number;
  /** Requests answered 503 store_unavailable. */
  unavailable: number;
  /** Anything else (a 500, another code, a timeout, a reset): must be empty. */
  wrong: string[];
  /** Slowest request, ms. */
  slowestMs: number;
  /** Batches committed but answered 503 (allowed: killed between commit and answer). */
  committedUnacknowledged: number;
  /** Batches with some but not all of their traces stored: must be 0. */
  halfPresent: number;
  /** Acknowledged batches not (wholly) stored: must be 0. */
  acknowledgedMissing: number;
  /** ms from Neo4j's restart (Bolt answering) to the API's first 200 on /readyz. */
  apiBackMs: number;
  /** The batch posted after recovery was acknowledged. */
  servesAfter: boolean;
  /** Stored trace count equals the number of traces streamed back. */
  countersAgree: boolean;
}

export interface RoundOptions {
  round: number;
  /** Base URL of the API (its store is the Neo4j of `server`). */
  api: string;
  procedure: string;
  steps: readonly string[];
  server: Neo4jServer;
  /** The kill lands this many ms after the `killAfterAcks`-th acknowledged batch. */
  killAfterMs: number;
  /** Acknowledged batches to wait for before the kill (default 3). */
  killAfterAcks?: number;
  clients?: number;
  requestBoundMs?: number;
  /** A store on the same Neo4j (another connection) to read back what was stored. */
  check: GraphStore;
  rng?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, body: unknown, boundMs: number): Promise<{ status: number; code?: string; type: string; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(boundMs),
  });
  const text = await res.text();
  let code: string | undefined;
  try {
    code = (JSON.parse(text) as { code?: string }).code;
  } catch {
    code = undefined;
  }
  return { status: res.status, ...(code === undefined ? {} : { code }), type: res.headers.get("content-type") ?? "", ms: performance.now() - t0 };
}

/** Runs one round; returns the server it restarted (the old handle is dead). */
export async function killRound(o: RoundOptions): Promise<{ result: RoundResult; server: Neo4jServer }> {
  const rng = o.rng ?? Math.random;
  const bound = o.requestBoundMs ?? 20_000;
  const batches = new Map<string, { ids: string[]; status: "ack" | "unavailable" | "wrong" }>();
  const wrong: string[] = [];
  let slowest = 0;
  let killed = false;
  let failuresAfterKill = 0;
  const clients = o.clients ?? 3;

  const client = async (c: number): Promise<void> => {
    for (let b = 0; ; b++) {
      if (killed && failuresAfterKill >= clients * 2) return;
      const name = `r${o.round}-c${c}-b${b}`;
      const traces = Array.from({ length: BATCH_SIZE }, (_, i) => {
        const steps = o.steps.filter(() => rng() < 0.85);
        return { id: `${name}-t${i}`, steps: steps.length > 0 ? steps : [o.steps[0]!] };
      });
      let r: Awaited<ReturnType<typeof post>>;
      try {
        r = await post(`${o.api}/v1/procedures/${o.procedure}/traces`, { traces }, bound);
      } catch (e) {
        wrong.push(`${name}: ${(e as Error).name}: ${(e as Error).message}`);
        batches.set(name, { ids: traces.map((t) => t.id), status: "wrong" });
        return;
      }
      slowest = Math.max(slowest, r.ms);
      const ok = r.status >= 200 && r.status < 300;
      const is503 = r.status === 503 && r.code === "store_unavailable" && r.type.startsWith("application/problem+json");
      batches.set(name, { ids: traces.map((t) => t.id), status: ok ? "ack" : is503 ? "unavailable" : "wrong" });
      if (!ok && !is503) wrong.push(`${name}: HTTP ${r.status} ${r.code ?? ""} ${r.type}`);
      if (!ok) {
        if (killed) failuresAfterKill++;
        else if (!is503) return;
        await sleep(200);
      }
    }
  };

  const running = Array.from({ length: clients }, (_, c) => client(c));
  const acks = () => [...batches.values()].filter((b) => b.status === "ack").length;
  const waitStart = performance.now();
  while (acks() < (o.killAfterAcks ?? 3) && wrong.length === 0 && performance.now() - waitStart < 120_000) await sleep(20);
  await sleep(o.killAfterMs);
  await o.server.kill();
  killed = true;
  await Promise.all(running);

  const restarted = await startNeo4j({ dataDir: o.server.dataDir, port: o.server.port });
  const back0 = performance.now();
  let apiBackMs = -1;
  while (performance.now() - back0 < 60_000) {
    const r = await fetch(`${o.api}/readyz`, { signal: AbortSignal.timeout(bound) }).catch(() => undefined);
    if (r?.status === 200) {
      apiBackMs = performance.now() - back0;
      break;
    }
    await sleep(100);
  }
  const after = await post(
    `${o.api}/v1/procedures/${o.procedure}/traces`,
    { traces: [{ id: `r${o.round}-after`, steps: [o.steps[0]!] }] },
    bound,
  ).catch(() => undefined);
  const servesAfter = after !== undefined && after.status >= 200 && after.status < 300;

  const stored = new Set<string>();
  for await (const t of o.check.streamTraces(o.procedure, 1)) stored.add(t.id);
  const count = await o.check.countTraces(o.procedure, 1);
  let halfPresent = 0, acknowledgedMissing = 0, committedUnacknowledged = 0;
  for (const b of batches.values()) {
    const present = b.ids.filter((id) => stored.has(id)).length;
    if (present > 0 && present < b.ids.length) halfPresent++;
    if (b.status === "ack" && present !== b.ids.length) acknowledgedMissing++;
    if (b.status !== "ack" && present === b.ids.length) committedUnacknowledged++;
  }
  const values = [...batches.values()];
  return {
    server: restarted,
    result: {
      round: o.round,
      batchesSent: values.length,
      acknowledged: values.filter((b) => b.status === "ack").length,
      unavailable: values.filter((b) => b.status === "unavailable").length,
      wrong,
      slowestMs: Math.round(slowest),
      committedUnacknowledged,
      halfPresent,
      acknowledgedMissing,
      apiBackMs: Math.round(apiBackMs),
      servesAfter,
      countersAgree: count === stored.size,
    },
  };
}
