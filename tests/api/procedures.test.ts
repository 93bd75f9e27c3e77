import request from "supertest";
import { describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

describe("POST /v1/procedures", () => {
  it("stores a new procedure as version 1 and answers 201", async () => {
    const { app } = await makeApp();
    const res = await request(app).post("/v1/procedures").send(ABC);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ created: true, procedure: { ...ABC, version: 1 } });
  });

  it("returns the stored version with 200 when nothing changed", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const res = await request(app).post("/v1/procedures").send(ABC);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ created: false, procedure: { ...ABC, version: 1 } });
  });

  it("stores a changed procedure as a new version", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const changed = { ...ABC, steps: [...ABC.steps, { id: "d", text: "Dish up" }] };
    const res = await request(app).post("/v1/procedures").send(changed);
    expect(res.status).toBe(201);
    expect(res.body.procedure.version).toBe(2);
  });

  it("answers 409 version_conflict when an explicit version exists with other content", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send({ ...ABC, version: 1 });
    const res = await request(app).post("/v1/procedures").send({ ...ABC, version: 1, title: "Other" });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("version_conflict");
  });

  it("answers 400 invalid_request naming the path of a duplicate step id", async () => {
    const { app } = await makeApp();
    const res = await request(app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "a", text: "A" }, { id: "a", text: "B" }] });
    expect(res.status).toBe(400);
    expect(res.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(res.body).toMatchInlineSnapshot(`
      {
        "code": "invalid_request",
        "detail": "body.steps.1.id: duplicate step id "a" (first at steps[0])",
        "errors": [
          {
            "message": "duplicate step id "a" (first at steps[0])",
            "path": "body.steps.1.id",
          },
        ],
        "status": 400,
        "title": "The request does not match its schema",
        "type": "urn:stepgraph:error:invalid_request",
      }
    `);
  });

  it("answers 413 too_many_steps above the configured limit", async () => {
    const { app } = await makeApp({ config: { maxSteps: 2 } });
    const res = await request(app).post("/v1/procedures").send(ABC);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ code: "too_many_steps", detail: 'procedure "abc" has 3 steps; the limit is 2' });
  });

  it("answers 422 subprocedure_not_found when a step links to an absent procedure", async () => {
    const { app } = await makeApp();
    const res = await request(app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "a", text: "A", subprocedure: "nope" }] });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: "body.steps.0.subprocedure", message: 'step "a" links to procedure "nope", which does not exist' },
    ]);
  });

  it("accepts a link to an existing procedure", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const res = await request(app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "abc" }] });
    expect(res.status).toBe(201);
  });
});

describe("sub-procedure links", () => {
  it("answers 409 subprocedure_cycle when a new version would make a procedure contain itself", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "abc" }] });
    const res = await request(app)
      .post("/v1/procedures")
      .send({ ...ABC, steps: [...ABC.steps, { id: "d", text: "Do P", subprocedure: "p" }] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("subprocedure_cycle");
    expect(res.body.detail).toContain('"abc"');
  });
});

describe("GET /v1/procedures", () => {
  it("lists summaries of the latest versions", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const res = await request(app).get("/v1/procedures");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      procedures: [{ id: "abc", version: 1, title: "ABC", stepCount: 3, versions: [1] }],
      limit: 50,
      offset: 0,
    });
  });

  it("searches titles case-insensitively with q", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app).post("/v1/procedures").send({ id: "tea", title: "Make tea", steps: [] });
    const res = await request(app).get("/v1/procedures?q=TEA");
    expect(res.body.procedures.map((p: { id: string }) => p.id)).toEqual(["tea"]);
  });

  it("pages with limit and offset", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app).post("/v1/procedures").send({ id: "tea", title: "Make tea", steps: [] });
    const res = await request(app).get("/v1/procedures?limit=1&offset=1");
    expect(res.body.procedures.map((p: { id: string }) => p.id)).toEqual(["tea"]);
  });

  it("answers 400 for a limit that is not an integer", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/v1/procedures?limit=ten");
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: "query.limit", message: "must be a non-negative integer" }]);
  });

  it("answers 400 for an unknown query parameter", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/v1/procedures?colour=red");
    expect(res.status).toBe(400);
    expect(res.body.code).toBe("invalid_request");
  });
});

describe("GET /v1/procedures/:id", () => {
  it("returns the latest version", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app).post("/v1/procedures").send({ ...ABC, title: "ABC 2" });
    const res = await request(app).get("/v1/procedures/abc");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ...ABC, title: "ABC 2", version: 2 });
  });

  it("returns the version asked for", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app).post("/v1/procedures").send({ ...ABC, title: "ABC 2" });
    const res = await request(app).get("/v1/procedures/abc?version=1");
    expect(res.body.title).toBe("ABC");
  });

  it("answers 404 procedure_not_found", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/v1/procedures/nope");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      type: "urn:stepgraph:error:procedure_not_found",
      title: "Procedure or procedure version not found",
      status: 404,
      code: "procedure_not_found",
      detail: 'procedure "nope" not found',
    });
  });

  it("decodes percent-encoded ids", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send({ ...ABC, id: "lab/protocol 1" });
    const res = await request(app).get("/v1/procedures/lab%2Fprotocol%201");
    expect(res.status).toBe(200);
    expect(res.body.id).toBe("lab/protocol 1");
  });
});

describe("DELETE /v1/procedures/:id/versions/:version", () => {
  it("deletes an unreferenced version and answers 204", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const res = await request(app).delete("/v1/procedures/abc/versions/1");
    expect(res.status).toBe(204);
    expect((await request(app).get("/v1/procedures/abc")).status).toBe(404);
  });

  it("answers 409 procedure_referenced when another procedure links to the only version", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    await request(app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "abc" }] });
    const res = await request(app).delete("/v1/procedures/abc/versions/1");
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("procedure_referenced");
  });

  it("answers 404 for an absent version", async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send(ABC);
    const res = await request(app).delete("/v1/procedures/abc/versions/7");
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('procedure "abc" version 7 not found');
  });

  it("answers 400 for a version that is not a number", async () => {
    const { app } = await makeApp();
    const res = await request(app).delete("/v1/procedures/abc/versions/latest");
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: "path.version", message: "must be a non-negative integer" }]);
  });
});
