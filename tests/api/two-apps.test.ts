// Two API apps (as two server processes would be: each with its own per-version lock and caches)
// on one store, appending to one procedure version at the same time. The interleaving that loses
// an update is forced: both count the traces, then both read the induction state, before either
// writes (a barrier on the real store's calls). Both then induce from the same old state, each
// missing the other's trace; the last writer must notice and re-induce from every stored trace.
// tests/neo4j/replicas.test.ts runs two real server processes on Neo4j.
import request from "supertest";
import { describe, expect, it } from "vitest";
import { pino } from "pino";
import { createApp } from "../../api/app.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { ABC, makeApp } from "./helpers.js";

/** Resolves for everyone once `n` callers have arrived (once). */
function barrier(n: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  return () => {
    if (++arrived >= n) open();
    return arrived > n ? Promise.resolve() : gate;
  };
}

/** The same store, with the first countTraces and loadInductionState of each app held at a shared barrier. */
function held(store: GraphStore, counted: () => Promise<void>, stated: () => Promise<void>): GraphStore {
  let c = 0, s = 0;
  return {
    ...store,
    countTraces: async (id, v) => {
      const n = await store.countTraces(id, v);
      if (c++ === 0) await counted();
      return n;
    },
    loadInductionState: async (id, v) => {
      const st = await store.loadInductionState(id, v);
      if (s++ === 0) await stated();
      return st;
    },
  };
}

describe("two apps on one store", () => {
  it("leaves a stored graph script that counts both apps' traces when their inductions race", async () => {
    const { app: setup, store } = await makeApp();
    expect((await request(setup).post("/v1/procedures").send(ABC)).status).toBe(201);
    expect((await request(setup).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t0", steps: ["a", "b", "c"] }] })).status).toBe(201);
    const counted = barrier(2), stated = barrier(2);
    const app = () => createApp({ store: held(store, counted, stated), logger: pino({ level: "silent" }), config: {} });
    const [a, b] = [app(), app()];
    const results = await Promise.all([
      request(a).post("/v1/procedures/abc/traces").send({ traces: [{ id: "ta", steps: ["a", "b", "c"] }] }),
      request(b).post("/v1/procedures/abc/traces").send({ traces: [{ id: "tb", steps: ["a", "c"] }] }),
    ]);
    expect(results.map((r) => r.status)).toEqual([201, 201]);
    expect(await store.countTraces("abc", 1)).toBe(3);
    expect((await store.loadGraphScript("abc", 1))!.traceCount).toBe(3);
  });
});
