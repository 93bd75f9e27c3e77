// Store selection from the environment: defaults, validation with clear messages, and
// openStore failing fast on an unreachable Neo4j.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InvalidInputError } from "../../src/errors.js";
import { DEFAULT_SQLITE_PATH, openStore, storeConfigFromEnv } from "../../src/store/store-config.js";

const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("storeConfigFromEnv", () => {
  it("defaults to SQLite at ./data/stepgraph.db", () => {
    expect(storeConfigFromEnv({})).toEqual({ kind: "sqlite", path: DEFAULT_SQLITE_PATH });
    expect(DEFAULT_SQLITE_PATH).toBe("./data/stepgraph.db");
  });

  it("reads STEPGRAPH_DB", () => {
    expect(storeConfigFromEnv({ STEPGRAPH_DB: "/tmp/x.db" })).toEqual({ kind: "sqlite", path: "/tmp/x.db" });
  });

  it("selects the memory store", () => {
    expect(storeConfigFromEnv({ STEPGRAPH_STORE: "memory" })).toEqual({ kind: "memory" });
  });

  it("reads every Neo4j variable", () => {
    expect(
      storeConfigFromEnv({
        STEPGRAPH_STORE: "neo4j",
        NEO4J_URI: "neo4j://db:7687",
        NEO4J_USER: "alice",
        NEO4J_PASSWORD: "secret",
        NEO4J_DATABASE: "graphs",
        NEO4J_CONNECTION_TIMEOUT_MS: "2000",
      }),
    ).toEqual({ kind: "neo4j", uri: "neo4j://db:7687", user: "alice", password: "secret", database: "graphs", connectionTimeoutMs: 2000 });
  });

  it("rejects an unknown store kind naming the variable and quoting the value", () => {
    const err = (() => {
      try {
        storeConfigFromEnv({ STEPGRAPH_STORE: "postgres" });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toBe('invalid store configuration: STEPGRAPH_STORE must be one of sqlite, neo4j, memory (got "postgres")');
  });

  it("requires NEO4J_URI and NEO4J_PASSWORD for neo4j", () => {
    expect(() => storeConfigFromEnv({ STEPGRAPH_STORE: "neo4j" })).toThrow(
      /NEO4J_URI is required when STEPGRAPH_STORE=neo4j; NEO4J_PASSWORD is required when STEPGRAPH_STORE=neo4j/,
    );
  });

  it("rejects a URI that is not neo4j:// or bolt://", () => {
    expect(() => storeConfigFromEnv({ STEPGRAPH_STORE: "neo4j", NEO4J_URI: "http://db:7474", NEO4J_PASSWORD: "x" })).toThrow(
      /NEO4J_URI must be a neo4j:\/\/ or bolt:\/\/ URI .*\(got "http:\/\/db:7474"\)/,
    );
  });

  it("rejects a connection timeout that is not a number", () => {
    expect(() =>
      storeConfigFromEnv({ STEPGRAPH_STORE: "neo4j", NEO4J_URI: "neo4j://db", NEO4J_PASSWORD: "x", NEO4J_CONNECTION_TIMEOUT_MS: "soon" }),
    ).toThrow(/NEO4J_CONNECTION_TIMEOUT_MS .*\(got "soon"\)/);
  });
});

describe("openStore", () => {
  it("opens an initialised SQLite store, creating its folder", async () => {
    const store = await openStore({ kind: "sqlite", path: path.join(dir, "nested", "s.db") });
    expect(store.kind).toBe("sqlite");
    expect(await store.listProcedures()).toEqual([]);
    await store.close();
  });

  it("opens an initialised memory store", async () => {
    const store = await openStore({ kind: "memory" });
    await store.ping();
    expect(store.kind).toBe("memory");
    await store.close();
  });

  it("fails fast with a clear message when Neo4j is unreachable", async () => {
    const started = Date.now();
    await expect(
      openStore({ kind: "neo4j", uri: "bolt://127.0.0.1:1", password: "x", connectionTimeoutMs: 1000 }),
    ).rejects.toThrow(/cannot reach Neo4j at bolt:\/\/127\.0\.0\.1:1 \(NEO4J_URI\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
