// Issue 13, item 6: an empty trace is refused at the HTTP edge (422 empty_trace, the whole batch,
// nothing written), so it cannot make every step optional. Regression of the "tea" pathology:
// one accepted empty trace made order-check ["boil", "pour"] (tea without a tea bag) valid.
import request from "supertest";
import { describe, expect, it } from "vitest";
import { JSON_PROBLEM, makeApp } from "./helpers.js";

const TEA = {
  id: "tea",
  title: "Tea",
  steps: [
    { id: "boil", text: "Boil the water" },
    { id: "bag", text: "Put a tea bag in the cup" },
    { id: "pour", text: "Pour the water into the cup" },
  ],
};

async function teaWithRuns() {
  const { app } = await makeApp();
  await request(app).post("/v1/procedures").send(TEA);
  const runs = [["boil", "bag", "pour"], ["bag", "boil", "pour"], ["boil", "bag", "pour"], ["boil", "bag", "pour"], ["bag", "boil", "pour"]];
  const res = await request(app).post("/v1/procedures/tea/traces").send({ traces: runs.map((steps) => ({ steps })) });
  expect(res.status).toBe(201);
  return app;
}

describe("an empty trace", () => {
  it("is refused with a 422 problem document naming it, and nothing of the batch is stored", async () => {
    const app = await teaWithRuns();
    const res = await request(app)
      .post("/v1/procedures/tea/traces")
      .send({ traces: [{ steps: ["boil", "bag", "pour"] }, { steps: [] }] });
    expect(res.status).toBe(422);
    expect(res.headers["content-type"]).toBe(JSON_PROBLEM);
    expect(res.body).toMatchObject({ code: "empty_trace", status: 422, errors: [{ path: "body.traces.1.steps", message: "a trace needs at least one step" }] });
    expect(res.body.detail).toContain("trace 1 of the batch has no steps");
    expect((await request(app).get("/v1/procedures/tea/traces/count")).body.traces).toBe(5);
  });

  it("leaves tea without a tea bag invalid (the issue's request, then order-check)", async () => {
    const app = await teaWithRuns();
    const refused = await request(app).post("/v1/procedures/tea/traces").send({ traces: [{ steps: [] }] });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe("empty_trace");
    const script = await request(app).get("/v1/procedures/tea/graph-script");
    expect(script.body.traceCount).toBe(5);
    const check = await request(app).post("/v1/procedures/tea/order-check").send({ done: ["boil", "pour"], complete: true });
    expect(check.status).toBe(200);
    expect(check.body.result.valid).toBe(false);
    expect(check.body.result.violations).toContainEqual(expect.objectContaining({ code: "missing_required", step: "bag" }));
  });
});
