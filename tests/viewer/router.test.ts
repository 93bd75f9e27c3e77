// The viewer router: the page at `/`, its own assets and the libraries from node_modules,
// a Content-Security-Policy that keeps the page on its own host, and nothing else.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import express from "express";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { createViewerRouter } from "../../api/viewer/router.js";

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

  it("serves the ELK layout worker from node_modules", async () => {
    const res = await request(app()).get("/viewer/vendor/elk-worker.min.js").expect(200);
    expect(res.headers["content-type"]).toMatch(/javascript/);
    expect(res.text.length).toBeGreaterThan(100_000);
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
