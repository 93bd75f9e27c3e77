import request from "supertest";
import { describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

/** meal: prep → pancakes (detailed by abc: a → b → c) → eat. */
async function withMeal() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(ABC).expect(201);
  await request(made.app)
    .post("/v1/procedures")
    .send({ id: "meal", title: "Meal", steps: [{ id: "prep", text: "Prep" }, { id: "pancakes", text: "Make pancakes", subprocedure: "abc" }, { id: "eat", text: "Eat" }] })
    .expect(201);
  return made;
}

describe("POST /v1/procedures/:id/hierarchy/order-check", () => {
  it("accepts a run that goes through the sub-procedure's steps", async () => {
    const { app } = await withMeal();
    const res = await request(app)
      .post("/v1/procedures/meal/hierarchy/order-check")
      .send({ done: ["prep", "pancakes/a", "pancakes/b", "pancakes/c", "eat"], complete: true });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ procedure: "meal", version: 1, resolved: [], result: { valid: true }, messages: [] });
  });

  it("reports a sub-step out of order at the sub-procedure's level, in words", async () => {
    const { app } = await withMeal();
    const res = await request(app)
      .post("/v1/procedures/meal/hierarchy/order-check")
      .send({ done: ["prep", "pancakes/b"], complete: false });
    expect(res.status).toBe(200);
    expect(res.body.result).toEqual({
      valid: false,
      firstFailingIndex: 1,
      violations: [{ procedure: "abc", version: 1, within: "pancakes", violation: { code: "precedence", step: "pancakes/b", index: 1, requires: "pancakes/a" } }],
    });
    expect(res.body.messages).toEqual([expect.stringMatching(/^abc \(inside "pancakes"\): .*"pancakes\/b" \(Beat the eggs\).*"pancakes\/a" \(Add the flour\)/)]);
  });

  it("answers 404 for an unknown procedure", async () => {
    const { app } = await withMeal();
    const res = await request(app).post("/v1/procedures/nope/hierarchy/order-check").send({ done: [] });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("procedure_not_found");
  });
});

describe("POST /v1/procedures/:id/hierarchy/next-steps", () => {
  it("proposes the sub-procedure's next step while the run is inside it", async () => {
    const { app } = await withMeal();
    const res = await request(app).post("/v1/procedures/meal/hierarchy/next-steps").send({ done: ["prep", "pancakes/a"], k: 1 });
    expect(res.status).toBe(200);
    expect(res.body.stack).toEqual(["pancakes"]);
    expect(res.body.next[0]).toMatchObject({ step: "pancakes/b", within: "pancakes", allowed: true });
  });

  it("goes on with the parent once the sub-procedure is complete", async () => {
    const { app } = await withMeal();
    const res = await request(app).post("/v1/procedures/meal/hierarchy/next-steps").send({ done: ["prep", "pancakes/a", "pancakes/b", "pancakes/c"], k: 5 });
    const allowed = res.body.next.filter((n: { allowed: boolean }) => n.allowed).map((n: { step: string }) => n.step);
    expect(allowed).toEqual(["eat"]);
  });
});
