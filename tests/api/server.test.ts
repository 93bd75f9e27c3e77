// api/server.ts: starts from an environment, loads the demo data into an empty store once,
// listens, and closes cleanly.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startServer } from "../../api/server.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDb(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-server-"));
  dirs.push(dir);
  return path.join(dir, "db", "stepgraph.db");
}

describe("startServer", () => {
  it("serves the demo data from an empty SQLite store", async () => {
    const server = await startServer({ PORT: "0", HOST: "127.0.0.1", STEPGRAPH_DB: tempDb(), LOG_LEVEL: "silent" });
    try {
      const body = (await (await fetch(`${server.url}/v1/procedures?q=french`)).json()) as { procedures: { id: string }[] };
      expect(body.procedures.map((p) => p.id)).toEqual(["crosstask-make-french-toast"]);
    } finally {
      await server.close();
    }
  });

  it("does not load the demo data again into a store that has procedures", async () => {
    const db = tempDb();
    const first = await startServer({ PORT: "0", HOST: "127.0.0.1", STEPGRAPH_DB: db, LOG_LEVEL: "silent" });
    await fetch(`${first.url}/v1/procedures/coffee/versions/1`, { method: "DELETE" });
    await first.close();
    const second = await startServer({ PORT: "0", HOST: "127.0.0.1", STEPGRAPH_DB: db, LOG_LEVEL: "silent" });
    try {
      expect((await fetch(`${second.url}/v1/procedures/coffee`)).status).toBe(404);
    } finally {
      await second.close();
    }
  });

  it("starts empty with STEPGRAPH_DEMO=off", async () => {
    const server = await startServer({ PORT: "0", HOST: "127.0.0.1", STEPGRAPH_STORE: "memory", STEPGRAPH_DEMO: "off", LOG_LEVEL: "silent" });
    try {
      expect(await (await fetch(`${server.url}/v1/procedures`)).json()).toEqual({ procedures: [], limit: 50, offset: 0 });
    } finally {
      await server.close();
    }
  });

  it("refuses a malformed limit naming the variable", async () => {
    await expect(startServer({ STEPGRAPH_MAX_BATCH: "many", STEPGRAPH_STORE: "memory" })).rejects.toThrow(/STEPGRAPH_MAX_BATCH/);
  });
});
