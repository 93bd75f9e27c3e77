import request from "supertest";
import { describe, expect, it } from "vitest";
import { ABC, makeApp } from "./helpers.js";

async function withAbc() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(ABC);
  return made;
}

describe("GET /v1/procedures/:id/graph-script", () => {
  it("induces the written chain on first use when there are no traces", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script");
    expect(res.status).toBe(200);
    expect(res.body.traceCount).toBe(0);
    expect(res.body.edges.map((e: { from: string; to: string }) => `${e.from}>${e.to}`)).toEqual(["START>a", "a>b", "b>c", "c>END"]);
  });

  it("answers 404 for an absent version", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script?version=2");
    expect(res.status).toBe(404);
  });

  it("answers 400 for a depth above 10", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script?depth=11");
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("query.depth");
  });
});

describe("sub-procedure expansion", () => {
  async function withParent() {
    const made = await withAbc();
    await request(made.app)
      .post("/v1/procedures")
      .send({ id: "meal", title: "Meal", steps: [{ id: "prep", text: "Prep" }, { id: "pancakes", text: "Make pancakes", subprocedure: "abc" }, { id: "eat", text: "Eat" }] });
    return made;
  }

  it("keeps a detailed step collapsed at depth 0", async () => {
    const { app } = await withParent();
    const res = await request(app).get("/v1/procedures/meal/graph-script");
    expect(res.body.steps.map((s: { id: string }) => s.id)).toEqual(["prep", "pancakes", "eat"]);
  });

  it("replaces a detailed step by its sub-procedure's steps at depth 1", async () => {
    const { app } = await withParent();
    const res = await request(app).get("/v1/procedures/meal/graph-script?depth=1");
    expect(res.status).toBe(200);
    expect(res.body.steps.map((s: { id: string }) => s.id)).toEqual(["prep", "pancakes/a", "pancakes/b", "pancakes/c", "eat"]);
  });

  it("exports the expanded script with a cluster per sub-procedure", async () => {
    const { app } = await withParent();
    const res = await request(app).get("/v1/procedures/meal/graph-script/export?format=dot&depth=1");
    expect(res.text).toContain('label="pancakes"');
  });
});

describe("POST /v1/procedures/:id/graph-script", () => {
  it("re-induces with the given options and keeps them", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/graph-script").send({ options: { minSupport: 5 } });
    expect(res.status).toBe(200);
    expect(res.body.options.minSupport).toBe(5);
    const again = await request(app).post("/v1/procedures/abc/graph-script");
    expect(again.body.options.minSupport).toBe(5);
  });

  it("answers 400 for an unknown option", async () => {
    const { app } = await withAbc();
    const res = await request(app).post("/v1/procedures/abc/graph-script").send({ options: { speed: 3 } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("body.options");
  });
});

describe("GET /v1/procedures/:id/graph-script/export", () => {
  it("exports DOT as text/vnd.graphviz", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script/export?format=dot");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/vnd.graphviz; charset=utf-8");
    expect(res.text).toContain(`"a" -> "b"`);
  });

  it("exports Mermaid as text/vnd.mermaid", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script/export?format=mermaid");
    expect(res.headers["content-type"]).toBe("text/vnd.mermaid; charset=utf-8");
    expect(res.text).toContain("n0 --> n1");
  });

  it("exports Cytoscape JSON elements", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script/export?format=cytoscape");
    expect(res.headers["content-type"]).toBe("application/json; charset=utf-8");
    expect(res.body.elements.nodes.map((n: { data: { id: string } }) => n.data.id)).toEqual(["START", "END", "a", "b", "c"]);
  });

  it("exports the graph script itself as JSON by default, as an attachment name", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script/export");
    expect(res.body.procedure).toBe("abc");
    expect(res.headers["content-disposition"]).toBe('inline; filename="abc-v1.json"');
  });

  it("answers 400 for an unknown format", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/abc/graph-script/export?format=png");
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe("query.format");
  });
});

describe("GET /v1/procedures/:id/graph-script/views", () => {
  it("derives interchangeable groups and branching points from traces seen in both orders", async () => {
    const { app } = await withAbc();
    await request(app)
      .post("/v1/procedures/abc/traces")
      .send({ traces: [{ id: "t1", steps: ["a", "b", "c"] }, { id: "t2", steps: ["b", "a", "c"] }, { id: "t3", steps: ["a", "b", "c"] }, { id: "t4", steps: ["b", "a", "c"] }] })
      .expect(201);
    const res = await request(app).get("/v1/procedures/abc/graph-script/views");
    expect(res.status).toBe(200);
    expect(res.body.interchangeable).toEqual([["a", "b"]]);
    expect(res.body.exclusive).toEqual([]);
    expect(res.body.branching).toContainEqual({ step: "START", next: ["a", "b"] });
  });

  it("answers 404 for an unknown procedure", async () => {
    const { app } = await withAbc();
    const res = await request(app).get("/v1/procedures/nope/graph-script/views");
    expect(res.status).toBe(404);
    expect(res.body.code).toBe("procedure_not_found");
  });
});
