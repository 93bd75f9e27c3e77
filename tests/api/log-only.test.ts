// A process analyst's event log over REST, with no written procedure: `steps: []` makes a
// log-only procedure, as `stepgraph ingest --log-only` does. Its traces may name any step ids,
// its graph script takes its steps from them, and no written order is implied.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import { makeApp } from "./helpers.js";
import { habitualRuns } from "../discovery/habitual-runs.js";

const LOG = { id: "claims", title: "Insurance claims (event log)", steps: [] };

async function withLog() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(LOG).expect(201);
  return made;
}

describe("log-only procedures over REST", () => {
  it("accept traces of any step ids (was 422 unknown_step for every event)", async () => {
    const { app } = await withLog();
    const res = await request(app)
      .post("/v1/procedures/claims/traces")
      .send({ traces: [{ steps: ["register", "check", "pay"] }, { steps: ["register", "check", "reject"] }] });
    expect(res.status).toBe(201);
    expect(res.body.appended).toBe(2);
  });

  it("take their steps from the traces, none marked written, in first-seen order", async () => {
    const { app } = await withLog();
    await request(app).post("/v1/procedures/claims/traces").send({ traces: [{ steps: ["register", "check", "pay"] }] }).expect(201);
    const script = (await request(app).get("/v1/procedures/claims/graph-script")).body;
    expect(script.steps.map((s: { id: string; written: boolean }) => [s.id, s.written])).toEqual([
      ["register", false],
      ["check", false],
      ["pay", false],
    ]);
  });

  it("imply no written order: one run in each order leaves the two steps unordered", async () => {
    const { app } = await withLog();
    await request(app)
      .post("/v1/procedures/claims/traces")
      .send({ traces: [{ steps: ["a", "b", "c"] }, { steps: ["a", "b", "c"] }, { steps: ["a", "c", "b"] }, { steps: ["a", "c", "b"] }] })
      .expect(201);
    const script = (await request(app).get("/v1/procedures/claims/graph-script")).body;
    const edges = script.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`);
    expect(edges).not.toContain("b>c");
    expect(edges).not.toContain("c>b");
  });

  it("show an order the runs keep only by habit as habit: true, which order-check does not enforce", async () => {
    const { app } = await withLog();
    const runs = habitualRuns(3, 16, [30, 10, 3, 1, 1, 1, 1]);
    await request(app).post("/v1/procedures/claims/traces").send({ traces: runs.map((steps) => ({ steps })) }).expect(201);
    const script = (await request(app).get("/v1/procedures/claims/graph-script")).body;
    const habits = script.edges.filter((e: { habit?: boolean }) => e.habit === true).map((e: { from: string; to: string }) => `${e.from}>${e.to}`);
    expect(habits).toEqual(["p1>p4", "p1>p7"]);
    const check = await request(app).post("/v1/procedures/claims/order-check").send({ done: ["p4", "p1", "p2", "p3", "p5", "p6", "p7"], complete: true });
    expect(check.status).toBe(200);
    expect(check.body.result).toMatchObject({ valid: true, habits: [{ code: "precedence", step: "p4", requires: "p1" }] });
    expect(check.body.habitMessages).toEqual(['"p4" at step 1 of the run came before "p1", which the recorded runs do first (a habit, not enforced)']);
    // Cut short: p4 before p1 still breaks no order; only the steps never done fail the complete run.
    const short = await request(app).post("/v1/procedures/claims/order-check").send({ done: ["p4", "p1"], complete: true });
    expect(short.body.result.valid).toBe(false);
    expect(short.body.result.violations.map((v: { code: string }) => v.code)).not.toContain("precedence");
  });

  it("are queried by the steps of their traces", async () => {
    const { app } = await withLog();
    await request(app).post("/v1/procedures/claims/traces").send({ traces: [{ steps: ["register", "check", "pay"] }] }).expect(201);
    const res = await request(app).post("/v1/procedures/claims/next-steps").send({ done: ["register"] });
    expect(res.status).toBe(200);
    expect(res.body.next[0].step).toBe("check");
    expect((await request(app).post("/v1/procedures/claims/next-steps").send({ done: ["nope"] })).status).toBe(422);
  });

  it("refuse text events (there is no written step to match them to) and START/END as steps", async () => {
    const { app } = await withLog();
    const text = await request(app).post("/v1/procedures/claims/traces").send({ traces: [{ steps: [{ text: "registered the claim" }] }] });
    expect(text.status).toBe(422);
    expect(text.body.code).toBe("unknown_events");
    expect(text.body.errors[0].message).toContain("log-only");
    const reserved = await request(app).post("/v1/procedures/claims/traces").send({ traces: [{ steps: ["START"] }] });
    expect(reserved.status).toBe(422);
  });

  it("declaring the steps instead makes their order a written prior (the difference)", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send({ id: "w", title: "W", steps: [{ id: "a", text: "a" }, { id: "b", text: "b" }] }).expect(201);
    const script = (await request(app).get("/v1/procedures/w/graph-script")).body;
    expect(script.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toContain("a>b");
  });

  it("work the same on a real SQLite store (the store takes any valid step id for them, not START)", async () => {
    const store = createSqliteStore({ path: path.join(mkdtempSync(path.join(tmpdir(), "log-only-")), "s.db") });
    const { app } = await makeApp({ store });
    await request(app).post("/v1/procedures").send(LOG).expect(201);
    await request(app).post("/v1/procedures/claims/traces").send({ traces: [{ steps: ["register", "pay"] }] }).expect(201);
    expect(await store.listTraces("claims", 1)).toEqual([{ id: "id-1", procedure: "claims", version: 1, steps: ["register", "pay"] }]);
    await expect(store.appendTraces("claims", 1, [{ id: "x", procedure: "claims", version: 1, steps: ["END"] }])).rejects.toThrow(/not a step/);
    await store.close();
  });
});
