import { readFileSync } from "node:fs";
import request from "supertest";
import { describe, expect, it } from "vitest";
import { OPENAPI_SNAPSHOT, openApiText } from "../../api/write-openapi.js";
import { routes } from "../../api/routes/index.js";
import { openApiPath } from "../../api/route.js";
import { makeApp } from "./helpers.js";

describe("OpenAPI document", () => {
  it("matches the committed snapshot docs/openapi.json (run `npm run openapi` after changing a route or schema)", () => {
    expect(openApiText() === readFileSync(OPENAPI_SNAPSHOT, "utf8")).toBe(true);
  });

  it("documents every route with its method", async () => {
    const doc = JSON.parse(openApiText()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${openApiPath(r.path)}`).sort());
  });

  it("resolves every $ref to a component", () => {
    const text = openApiText();
    const doc = JSON.parse(text) as { components: { schemas: Record<string, unknown> } };
    const refs = [...text.matchAll(/"\$ref": "#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !(r in doc.components.schemas))).toEqual([]);
  });

  it("is OpenAPI 3.1", () => {
    expect(JSON.parse(openApiText()).openapi).toBe("3.1.0");
  });

  it("is served at /openapi.json", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/openapi.json");
    expect(res.status).toBe(200);
    expect(res.body).toEqual(JSON.parse(openApiText()));
  });

  it("serves the interactive docs and their assets locally at /docs", async () => {
    const { app } = await makeApp();
    const page = await request(app).get("/docs");
    expect(page.text).toContain('<script src="/docs/assets/swagger-ui-bundle.js"></script>');
    expect(page.text).not.toMatch(/https?:\/\//);
    expect((await request(app).get("/docs/assets/swagger-ui-bundle.js")).status).toBe(200);
    expect((await request(app).get("/docs/init.js")).text).toContain('url: "/openapi.json"');
  });
});
