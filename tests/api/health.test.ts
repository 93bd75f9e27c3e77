import request from "supertest";
import { describe, expect, it } from "vitest";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { makeApp } from "./helpers.js";

describe("health", () => {
  it("GET /healthz answers ok", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/healthz");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: "ok" });
  });

  it("GET /readyz answers ready with the store kind", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/readyz");
    expect(res.body).toEqual({ status: "ready", store: "memory" });
  });

  it("GET /readyz answers 503 store_unavailable when the store does not answer", async () => {
    const store = createMemoryStore();
    const { app } = await makeApp({ store: { ...store, kind: "memory", ping: () => Promise.reject(new Error("connection refused at 10.0.0.1")) } });
    const res = await request(app).get("/readyz");
    expect(res.status).toBe(503);
    expect(res.body).toEqual({
      type: "urn:stepgraph:error:store_unavailable",
      title: "The store does not answer",
      status: 503,
      code: "store_unavailable",
      detail: "the memory store does not answer",
    });
  });

  it("mounts the viewer at /", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
  });
});
