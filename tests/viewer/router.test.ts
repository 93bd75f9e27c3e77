// The viewer router: the page at `/`, its own assets and the libraries from node_modules,
// a Content-Security-Policy that keeps the page on its own host, and nothing else.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createViewerRouter } from "../../api/viewer/router.js";
import { makeApp } from "../api/helpers.js";

const STATIC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../api/viewer/static");

function app(): express.Express {
  const a = express();
  a.use(createViewerRouter());
  return a;
}

describe("viewer router", () => {
  it("serves the page at / with a same-origin Content-Security-Policy", async () => {
    const res = await request(app()).get("/").expect(200);
    expect(res.headers["content-type"]).toMatch(/text\/html/);
    expect(res.text).toContain('<div id="graph"');
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
  });

  it("sends the Content-Security-Policy with the page under every path it answers", async () => {
    for (const p of ["/viewer", "/viewer/", "/viewer/index.html"]) {
      const res = await request(app()).get(p).expect(200);
      expect({ p, csp: res.headers["content-security-policy"] }).toEqual({ p, csp: expect.stringContaining("default-src 'self'") });
    }
  });

  it("serves every script the page loads", async () => {
    const html = readFileSync(path.join(STATIC, "index.html"), "utf8");
    const srcs = [...html.matchAll(/(?:src|href)="(\/viewer\/[^"]+)"/g)].map((m) => m[1]!);
    expect(srcs.length).toBeGreaterThanOrEqual(6);
    for (const src of srcs) {
      const res = await request(app()).get(src);
      expect({ src, status: res.status }).toEqual({ src, status: 200 });
    }
  });

  it("serves elkjs's layout engine wrapped for the page's own thread", async () => {
    const res = await request(app()).get("/viewer/vendor/elk-sync.js").expect(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.text.length).toBeGreaterThan(1_000_000);
    expect(res.text.startsWith("/* elkjs ")).toBe(true);
    expect(res.text).toContain("globalThis.ElkSync = module.exports.Worker;");
  });

  it("answers 404 for a vendor file it does not list", async () => {
    await request(app()).get("/viewer/vendor/lodash.js").expect(404);
  });

  it("does not serve files outside its static folder", async () => {
    await request(app()).get("/viewer/..%2Frouter.ts").expect(404);
    await request(app()).get("/viewer/vendor/..%2F..%2Fpackage.json").expect(404);
  });

  it("has no URL of another host in its own files", () => {
    for (const f of readdirSync(STATIC)) {
      const text = readFileSync(path.join(STATIC, f), "utf8");
      expect({ f, urls: text.match(/https?:\/\/[^\s"'`)]+/g) ?? [] }).toEqual({ f, urls: [] });
    }
  });
});

describe("viewer page data", () => {
  const pageData = (html: string): unknown => JSON.parse(/<script type="application\/json" id="page-data">([\s\S]*?)<\/script>/.exec(html)![1]!);

  async function withProcedure(config = {}) {
    const made = await makeApp({ config });
    await request(made.app)
      .post("/v1/procedures")
      .send({ id: "p", title: "Pour </script><b>", steps: [{ id: "a", text: "A" }, { id: "b", text: "B" }] })
      .expect(201);
    return made.app;
  }

  it("carries the graph script and derived views the API answers, without the ranking counts", async () => {
    const a = await withProcedure();
    const html = (await request(a).get("/?procedure=p").expect(200)).text;
    const script = (await request(a).get("/v1/procedures/p/graph-script")).body;
    const views = (await request(a).get("/v1/procedures/p/graph-script/views")).body;
    const { transitions: _t, trigrams: _g, states: _s, continuations: _c, ...drawn } = script;
    expect(pageData(html)).toEqual({ kind: "graph", script: { ...drawn, views } });
    // A title cannot close the data element early.
    expect(html).not.toContain("Pour </script>");
  });

  it("carries the procedure list for the start page", async () => {
    const a = await withProcedure();
    const data = pageData((await request(a).get("/").expect(200)).text) as { kind: string; procedures: { id: string }[] };
    expect(data.kind).toBe("list");
    expect(data.procedures.map((p) => p.id)).toEqual(["p"]);
  });

  it("carries the API's error for an unknown procedure and a bad version", async () => {
    const a = await withProcedure();
    expect(pageData((await request(a).get("/?procedure=nope").expect(200)).text)).toEqual({
      kind: "error", procedure: "nope", status: 404, message: 'procedure "nope" not found',
    });
    expect(pageData((await request(a).get("/?procedure=p&version=x").expect(200)).text)).toEqual({
      kind: "error", procedure: "p", status: 400, message: "query.version: must be a positive integer",
    });
    expect(pageData((await request(a).get("/?procedure=p&procedure=q").expect(200)).text)).toMatchObject({ kind: "error", status: 400 });
  });

  it("carries nothing when a read key is set (a page request has no bearer token)", async () => {
    const a = await withProcedure({ readKey: "read-key-0123456789abcdef" });
    expect(pageData((await request(a).get("/?procedure=p").expect(200)).text)).toBeNull();
  });
});
