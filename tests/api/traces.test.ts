import request from "supertest";
import { describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

async function withAbc(config = {}) {
  const made = await makeApp({ config });
  await request(made.app).post("/v1/procedures").send(ABC);
  return made;
}

describe("POST /v1/procedures/:id/traces", () => {
  it("appends step-id traces, generates missing ids and re-induces", async () => {
    const { app } = await withAbc();
    const res = await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "t1", steps: ["a", "b", "c"] }, { steps: ["b", "a", "c"] }] });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      procedure: "abc",
      version: 1,
      appended: 2,
      ids: ["t1", "id-1"],
      traceCount: 2,
      grounded: [],
      induced: true,
    });
    const script = await request(app).get("/v1/procedures/abc/graph-script");
    expect(script.body.traceCount).toBe(2);
  });

  it("grounds free-text events to steps and reports each with its score", async () => {
    const { app } = await withAbc();
    const res = await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "t1", steps: [{ text: "add the flour" }, { step: "b", start: 1, end: 2 }, "c"] }] });
    expect(res.status).toBe(201);
    expect(res.body.grounded).toHaveLength(1);
    expect(res.body.grounded[0]).toMatchObject({ trace: "t1", index: 0, text: "add the flour", step: "a" });
    const listed = await request(app).get("/v1/procedures/abc/traces");
    expect(listed.body.traces[0].steps).toEqual(["a", "b", "c"]);
  });

  it("answers 422 unknown_events for text that matches no step, and writes nothing", async () => {
    const { app } = await withAbc();
    const res = await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "ok", steps: ["a"] }, { id: "t1", steps: ["a", { text: "launch the rocket into orbit" }] }] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("unknown_events");
    expect(res.body.errors[0].path).toBe("body.traces.1.steps.1");
    expect((await request(app).get("/v1/procedures/abc/traces/count")).body.traces).toBe(0);
  });

  it("answers 422 unknown_step naming the event of a step id that is not in the version", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t1", steps: ["a", "zz"] }] });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      code: "unknown_step",
      errors: [{ path: "body.traces.0.steps.1", message: '"zz" is not a step of "abc" version 1' }],
    });
  });

  it("answers 409 duplicate_trace for a trace id that is already stored", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t1", steps: ["a"] }] });
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t1", steps: ["b"] }] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("duplicate_trace");
  });

  it("answers 409 duplicate_trace for an id repeated inside the batch", async () => {
    const { app } = await withAbc();
    const res = await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "t1", steps: ["a"] }, { id: "t1", steps: ["b"] }] });
    expect(res.status).toBe(409);
    expect(res.body.errors).toEqual([{ path: "body.traces.1.id", message: "duplicate of body.traces.0.id" }]);
  });

  it("answers 413 batch_too_large above the batch limit", async () => {
    const { app } = await withAbc({ maxBatch: 1 });
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a"] }, { steps: ["b"] }] });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "batch_too_large", detail: "the batch has 2 traces; the limit is 1" });
  });

  it("answers 413 too_many_events for a trace above the events limit", async () => {
    const { app } = await withAbc({ maxEvents: 2 });
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a", "b", "c"] }] });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "too_many_events", errors: [{ path: "body.traces.0.steps", message: "at most 2 events per trace" }] });
  });

  it("does not re-induce with ?induce=false", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/traces?induce=false").send({ traces: [{ steps: ["a"] }] });
    expect(res.body.induced).toBe(false);
  });

  it("does not re-induce when automatic induction is configured off", async () => {
    const { app } = await withAbc({ autoInduce: false });
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a"] }] });
    expect(res.body.induced).toBe(false);
  });

  it("updates the induction incrementally to the same script as a full rebuild", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a", "b", "c"] }, { steps: ["b", "a", "c"] }] });
    await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a", "b", "c"] }] });
    const incremental = (await request(app).get("/v1/procedures/abc/graph-script")).body;
    const rebuilt = (await request(app).post("/v1/procedures/abc/graph-script").send({})).body;
    expect(incremental).toEqual(rebuilt);
  });

  it("keeps the incremental induction exact under concurrent batches", async () => {
    const { app } = await withAbc();
    const orders = [["a", "b", "c"], ["b", "a", "c"], ["a", "c"], ["a", "b"], ["c", "b", "a"]];
    await Promise.all(orders.map((steps) => request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps }] })));
    const incremental = (await request(app).get("/v1/procedures/abc/graph-script")).body;
    const rebuilt = (await request(app).post("/v1/procedures/abc/graph-script").send({})).body;
    expect(incremental.traceCount).toBe(5);
    expect(incremental).toEqual(rebuilt);
  });

  it("answers 404 for an absent procedure", async () => {
    const { app } = await makeApp();
    const res = await request(app).post("/v1/procedures/nope/traces").send({ traces: [{ steps: ["a"] }] });
    expect(res.status).toBe(404);
  });

  it("answers 400 for an empty batch", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/traces").send({ traces: [] });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("body.traces");
  });

  it("reads {text} events that write a step number as those written steps, and names the step of a bare number", async () => {
    const { app } = await withAbc();
    const ok = await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "n1", steps: [{ text: "1" }, { text: "step 2" }, "c"] }] });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.grounded.map((g: { text: string; step: string }) => [g.text, g.step])).toEqual([["1", "a"], ["step 2", "b"]]);
    const bare = await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ id: "n2", steps: ["1", "2", "c"] }] });
    expect(bare.status).toBe(422);
    expect(bare.body.code).toBe("unknown_step");
    expect(bare.body.errors[0]).toEqual({ path: "body.traces.0.steps.0", message: '"1" is not a step of "abc" version 1 (written step 1 is "a"; send {"text": "1"} to name a step by its written number)' });
  });

  it("says what to do with a procedures file posted whole (an array) to POST /v1/procedures", async () => {
    const { app } = await makeApp();
    const res = await request(app).post("/v1/procedures").send([ABC]);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("body: expected one JSON object, got an array of 1 item: post each procedure on its own (a sub-procedure before the procedures that link to it), or load a procedures.json file with `stepgraph ingest --procedures FILE`");
  });
});

describe("GET /v1/procedures/:id/traces", () => {
  it("lists the grounded traces in insertion order", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t1", steps: ["a", "b"] }] });
    const res = await request(app).get("/v1/procedures/abc/traces");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      procedure: "abc",
      version: 1,
      traces: [{ id: "t1", procedure: "abc", version: 1, steps: ["a", "b"] }],
      limit: 100,
      offset: 0,
    });
  });
});

describe("GET /v1/procedures/:id/traces/count", () => {
  it("counts traces and events", async () => {
    const { app } = await withAbc();
    await request(app).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a", "b"] }, { steps: ["c"] }] });
    const res = await request(app).get("/v1/procedures/abc/traces/count");
    expect(res.body).toEqual({ procedure: "abc", version: 1, traces: 2, events: 3 });
  });
});
