// The 404 of a mistyped path names the route it most likely meant (api/route-suggestion.ts).
import request from "supertest";
import { describe, expect, it } from "vitest";
import { suggestRoute } from "../../api/route-suggestion.js";
import { routes } from "../../api/routes/index.js";
import { makeApp } from "./helpers.js";

describe("suggestRoute", () => {
  it.each([
    ["POST", "/v1/procedures/tea/next", "POST /v1/procedures/{id}/next-steps"],
    ["POST", "/v1/procedures/tea/complete", "POST /v1/procedures/{id}/completion"],
    ["POST", "/v1/procedures/tea/order-checks", "POST /v1/procedures/{id}/order-check"],
    ["GET", "/v1/procedures/tea/graph", "GET /v1/procedures/{id}/graph-script"],
    ["GET", "/v1/procedure/tea", "GET /v1/procedures/{id}"],
    ["GET", "/v1/session/s1", "GET /v1/sessions/{id}"],
  ])("%s %s → %s", (method, path, meant) => {
    expect(suggestRoute(method, path, routes)).toBe(meant);
  });

  it("suggests nothing when no route is one segment away", () => {
    expect(suggestRoute("GET", "/v2/nothing", routes)).toBeUndefined();
    expect(suggestRoute("GET", "/v1/procedures/tea/traces/count/extra", routes)).toBeUndefined();
    // One-word segments are close only by prefix or stem, not because they are one word each.
    expect(suggestRoute("GET", "/v1/procedures/tea/zebra", routes)).toBeUndefined();
  });
});

describe("404 of a mistyped path", () => {
  it("names the route it most likely meant and where every route is listed", async () => {
    const { app } = await makeApp();
    const r = await request(app).post("/v1/procedures/tea/next").send({ done: [] });
    expect(r.status).toBe(404);
    expect(r.body.code).toBe("route_not_found");
    expect(r.body.detail).toBe("no route POST /v1/procedures/tea/next; did you mean POST /v1/procedures/{id}/next-steps? (every route: /docs)");
  });
});
