// Request logs are structured (pino JSON) and never hold bodies or headers.
import { Writable } from "node:stream";
import { pino } from "pino";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../../api/app.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { ABC } from "./helpers.js";

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString("utf8").split("\n").filter((l) => l !== ""));
      done();
    },
  });
  return { lines, stream };
}

async function loggedApp() {
  const store = createMemoryStore();
  await store.init();
  const { lines, stream } = capture();
  const app = createApp({ store, logger: pino({ level: "info" }, stream), config: { apiKey: "secret-key-0123456789" } });
  return { app, lines };
}

describe("request logs", () => {
  it("write one JSON line per request with method, URL and status", async () => {
    const { app, lines } = await loggedApp();
    await request(app).get("/healthz");
    const entry = JSON.parse(lines.at(-1)!) as Record<string, unknown>;
    expect(entry).toMatchObject({ method: "GET", url: "/healthz", statusCode: 200, msg: "request completed" });
    expect(typeof entry.reqId).toBe("number");
    expect(typeof entry.responseTime).toBe("number");
  });

  it("never hold the request body or the Authorization header", async () => {
    const { app, lines } = await loggedApp();
    await request(app)
      .post("/v1/procedures")
      .set("Authorization", "Bearer secret-key-0123456789")
      .send({ ...ABC, description: "confidential-protocol-text" });
    const text = lines.join("\n");
    expect(text).toContain('"statusCode":201');
    expect(text).not.toContain("confidential-protocol-text");
    expect(text).not.toContain("secret-key-0123456789");
  });

  it("log an unexpected error on the server while the client gets a generic body", async () => {
    const store = createMemoryStore();
    await store.init();
    const { lines, stream } = capture();
    const app = createApp({
      store: { ...store, kind: "memory", listProcedures: () => Promise.reject(new Error("disk on fire")) },
      logger: pino({ level: "info" }, stream),
    });
    const res = await request(app).get("/v1/procedures");
    expect(res.body.detail).not.toContain("disk on fire");
    expect(lines.join("\n")).toContain("disk on fire");
  });
});

describe("request logs for people (on a terminal)", () => {
  it("word a request as time, method, URL, status and milliseconds", async () => {
    const { prettyLogLine } = await import("../../api/request-log.js");
    const line = JSON.stringify({ level: 30, time: Date.UTC(2026, 0, 2, 3, 4, 5, 678), reqId: 1, method: "POST", url: "/v1/procedures/tea/next-steps", statusCode: 200, responseTime: 1.234, msg: "request completed" });
    expect(prettyLogLine(line)).toBe("03:04:05.678 POST /v1/procedures/tea/next-steps 200 1.2 ms\n");
  });

  it("mark warnings and show other entries' fields", async () => {
    const { prettyLogLine } = await import("../../api/request-log.js");
    expect(prettyLogLine(JSON.stringify({ level: 40, time: 0, method: "GET", url: "/x", statusCode: 404, responseTime: 0.5, msg: "request completed" }))).toBe("00:00:00.000 WARN GET /x 404 0.5 ms\n");
    expect(prettyLogLine(JSON.stringify({ level: 30, time: 0, pid: 1, hostname: "h", procedures: 5, msg: "loaded demo data" }))).toBe("00:00:00.000 loaded demo data  procedures=5\n");
  });
});
