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
    expect(res.body.next).toHaveLength(2);
    expect(res.body.next[0]).toEqual({ step: "b", probability: 1, allowed: true });
  });

  it("gives the reason a candidate is not allowed", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: [], k: 5 });
    const c = res.body.next.find((n: { step: string }) => n.step === "c");
    expect(c).toMatchObject({ allowed: false, probability: 0, reason: { code: "precedence", step: "c", requires: "b" } });
  });

  it("lists done steps that are not steps of the version, once each", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/next-steps").send({ done: ["zz", "a", "zz"] });
    expect(res.body.unknown).toEqual(["zz"]);
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
    const res = await request(app).post("/v1/procedures/abc/completion").send({ prefix: ["a"] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ procedure: "abc", version: 1, prefix: ["a"], unknown: [], completion: { steps: ["b", "c"], probability: 1 } });
  });
});

describe("POST /v1/procedures/:id/order-check", () => {
  it("accepts a valid partial sequence", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ sequence: ["a", "b"] });
    expect(res.body).toEqual({ procedure: "abc", version: 1, result: { valid: true }, messages: [] });
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

  it("reports an unknown step as a violation, not an error", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({ sequence: ["zz"] });
    expect(res.body.result.violations).toEqual([{ code: "unknown_step", step: "zz", index: 0 }]);
  });

  it("answers 400 when sequence is missing", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/order-check").send({});
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("body.sequence");
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
