import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import { ABC, NOW, makeApp } from "./helpers.js";

async function withAbc() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(ABC);
  return made;
}

describe("POST /v1/sessions", () => {
  it("starts a session on the latest version with the ranked first steps", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/sessions?k=1").send({ procedure: "abc" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      session: { id: "id-1", procedure: "abc", version: 1, steps: [], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() },
      verdicts: [],
      next: [{ step: "a", probability: 1, allowed: true }],
    });
  });

  it("answers 404 for an absent procedure", async () => {
    const { app } = await makeApp();
    const res = await request(app).post("/v1/sessions").send({ procedure: "nope" });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("procedure_not_found");
  });
});

describe("POST /v1/sessions/:id/steps", () => {
  it("gives an allowed verdict for the next written step", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/sessions").send({ procedure: "abc" });
    const res = await request(app).post("/v1/sessions/id-1/steps?k=1").send({ step: "a" });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      resolved: [],
      verdict: { index: 0, step: "a", allowed: true, violations: [] },
      messages: [],
      session: { id: "id-1", procedure: "abc", version: 1, steps: ["a"], createdAt: NOW.toISOString(), updatedAt: NOW.toISOString() },
      next: [{ step: "b", probability: 1, allowed: true }],
    });
  });

  it("records a step that breaks the order and says why", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/sessions").send({ procedure: "abc" });
    const res = await request(app).post("/v1/sessions/id-1/steps").send({ step: "c" });
    expect(res.body.verdict).toEqual({
      index: 0,
      step: "c",
      allowed: false,
      violations: [{ code: "precedence", step: "c", index: 0, requires: "b" }],
    });
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.session.steps).toEqual(["c"]);
  });

  it("answers 404 session_not_found for an absent session", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/sessions/nope/steps").send({ step: "a" });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      type: "urn:stepgraph:error:session_not_found",
      title: "Session not found",
      status: 404,
      code: "session_not_found",
      detail: 'session "nope" not found',
    });
  });

  it("answers 413 too_many_events when a session reaches the events limit", async () => {
    const { app } = await makeApp({ config: { maxEvents: 1 } });
    await request(app).post("/v1/procedures").send(ABC);
    await request(app).post("/v1/sessions").send({ procedure: "abc" });
    await request(app).post("/v1/sessions/id-1/steps").send({ step: "a" });
    const res = await request(app).post("/v1/sessions/id-1/steps").send({ step: "b" });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe("too_many_events");
  });
});

describe("GET /v1/sessions/:id", () => {
  it("gives the steps, the verdict of each and the next steps", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/sessions").send({ procedure: "abc" });
    await request(app).post("/v1/sessions/id-1/steps").send({ step: "a" });
    await request(app).post("/v1/sessions/id-1/steps").send({ step: "a" });
    const res = await request(app).get("/v1/sessions/id-1?k=1");
    expect(res.status).toBe(200);
    expect(res.body.verdicts).toEqual([
      { index: 0, step: "a", allowed: true, violations: [] },
      { index: 1, step: "a", allowed: false, violations: [{ code: "repeated_step", step: "a", index: 1, firstIndex: 0 }] },
    ]);
    expect(res.body.next).toEqual([{ step: "b", probability: 1, allowed: true }]);
  });
});

describe("sessions across a restart", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("keeps a session's steps in the SQLite store for a new app", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-api-"));
    dirs.push(dir);
    const file = path.join(dir, "s.db");
    const first = await makeApp({ store: createSqliteStore({ path: file }) });
    await request(first.app).post("/v1/procedures").send(ABC);
    await request(first.app).post("/v1/sessions").send({ procedure: "abc" });
    await request(first.app).post("/v1/sessions/id-1/steps").send({ step: "a" });
    await first.store.close();
    const second = await makeApp({ store: createSqliteStore({ path: file }) });
    const res = await request(second.app).get("/v1/sessions/id-1");
    await second.store.close();
    expect(res.status).toBe(200);
    expect(res.body.session.steps).toEqual(["a"]);
  });
});
