import request from "supertest";
import { describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

async function withAbc() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(ABC);
  return made;
}

describe("POST /v1/procedures/:id/next-steps", () => {
  it("ranks the allowed next step of a written chain first", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: ["a"], k: 2 });
    expect(res.status).toBe(200);
    expect(res.body.procedure).toBe("abc");
    expect(res.body.done).toEqual(["a"]);
    expect(res.body.check).toEqual({ valid: true });
    expect(res.body.next).toEqual([{ step: "b", probability: 1, allowed: true }]);
  });

  it("lists allowed steps only: a written chain has one next step", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: [], k: 5 });
    expect(res.body.next).toEqual([{ step: "a", probability: 1, allowed: true }]);
  });

  it("gives the reason a candidate is not allowed when includeBlocked asks for them", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: [], k: 5, includeBlocked: true });
    const c = res.body.next.find((n: { step: string }) => n.step === "c");
    expect(c).toMatchObject({ allowed: false, probability: 0, reason: { code: "precedence", step: "c", requires: "b" } });
  });

  it("refuses done steps that name no step of the version (422 unknown_step), each once with its place", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: ["zz", "a", "zz"] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("unknown_step");
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(["body.done.0", "body.done.2"]);
  });

  it("answers 400 for k = 0", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: [], k: 0 });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("body.k");
  });
});

describe("POST /v1/procedures/:id/completion", () => {
  it("completes a prefix with the remaining steps", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/completion").send({ done: ["a"] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      procedure: "abc",
      version: 1,
      done: ["a"],
      prefix: ["a"],
      resolved: [],
      check: { valid: true },
      messages: [],
      completion: { steps: ["b", "c"], probability: 1 },
    });
  });
});

describe("POST /v1/procedures/:id/order-check", () => {
  it("accepts a valid partial sequence", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ done: ["a", "b"] });
    expect(res.body).toEqual({ procedure: "abc", version: 1, resolved: [], result: { valid: true }, messages: [] });
  });

  it("reports a precedence violation with its index and wording", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ sequence: ["a", "c"] });
    expect(res.body.result).toEqual({
      valid: false,
      firstFailingIndex: 1,
      violations: [{ code: "precedence", step: "c", index: 1, requires: "b" }],
    });
    expect(res.body.messages).toHaveLength(1);
    expect(res.body.messages[0]).toContain("Cook the batter");
  });

  it("reports missing required steps only for a sequence declared complete", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ sequence: ["a", "b"], complete: true });
    expect(res.body.result).toEqual({ valid: false, firstFailingIndex: 2, violations: [{ code: "missing_required", step: "c" }] });
  });

  it("refuses an unknown step (422 unknown_step) instead of checking a shortened run", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ done: ["zz"] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: "body.done.0", message: expect.stringContaining('"zz" is not a step of "abc" version 1') }]);
  });

  it("weighs a precedence violation against the procedure's own runs once it has traces (result.orderError)", async () => {
    const { app } = await withAbc();
    // Six runs in the written order: held out, none inverts a pair of the others' graph, so a
    // run that inverts any is an order error.
    await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [...Array.from({ length: 6 }, () => ({ steps: ["a", "b", "c"] }))] });
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ done: ["c", "b", "a"], complete: true });
    expect(res.status).toBe(200);
    expect(res.body.result.orderError).toEqual({ likely: true, inversions: 3, heldOutRate: 0, heldOutVariance: 0, pValue: 0 });
    const script = await request(app).get("/v1/procedures/abc/graph-script");
    expect(script.body.calibration.orderErrors).toEqual({ folds: 6, runs: 6, inversions: 0, rate: 0, variance: 0 });
  });

  it("answers 400 when done is missing", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({});
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("body.done");
  });
});

describe("GET /v1/procedures/:id/stats", () => {
  it("gives the reversed-pair share and frequent-next-step figure of the traces", async () => {
    const { app } = await withAbc();
    await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ steps: ["a", "b", "c"] }, { steps: ["b", "a", "c"] }] });
    const res = await request(app).get("/v1/procedures/abc/stats");
    expect(res.status).toBe(200);
    expect(res.body.statistics).toEqual({
      traces: 2,
      events: 6,
      consecutivePairs: 4,
      reversedPairShare: 0.5,
      steps: 2,
      meanFrequentNextSteps: 2,
      cutoffs: { minPairCount: 1, minNextCount: 1, minNextShare: 0.1 },
    });
  });

  it("passes the cut-offs from the query", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/stats?minPairCount=2&minNextShare=0.25");
    expect(res.body.statistics.cutoffs).toEqual({ minPairCount: 2, minNextCount: 1, minNextShare: 0.25 });
  });

  it("answers 400 for a share above 1", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/stats?minNextShare=1.5");
    expect(res.status).toBe(400);
  });
});
