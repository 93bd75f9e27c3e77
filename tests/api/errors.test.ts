// Every registered error code is produced by a real request (and every response is a problem
// document with the registered status and title); the test fails when a code has no trigger.
import request from "supertest";
import type { Express } from "express";
import { describe, expect, it } from "vitest";
import { ERRORS, type ErrorCode } from "../../api/errors.js";
import { ConflictError, InvalidInputError, LimitError, NotFoundError, StoreUnavailableError } from "../../src/errors.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { ABC, makeApp } from "./helpers.js";

/** A memory store whose listProcedures throws `err` (to reach the category fallbacks). */
function throwingStore(err: unknown): GraphStore {
  const store = createMemoryStore();
  return { ...store, kind: "memory", listProcedures: () => Promise.reject(err) };
}

async function abc(config = {}): Promise<Express> {
  const { app } = await makeApp({ config });
  await request(app).post("/v1/procedures").send(ABC);
  return app;
}

const triggers: Record<ErrorCode, () => Promise<request.Response>> = {
  invalid_request: async () => request(await abc()).post("/v1/procedures").send({ id: "" }),
  invalid_json: async () => request(await abc()).post("/v1/procedures").set("Content-Type", "application/json").send('{"id": '),
  bad_request: async () => request(await abc()).get("/v1/procedures/%E0%A4%A"),
  unauthorized: async () => request(await abc({ apiKey: "k".repeat(16) })).delete("/v1/procedures/abc/versions/1"),
  forbidden: async () =>
    request(await abc({ apiKey: "k".repeat(16), readKey: "r".repeat(16) }))
      .delete("/v1/procedures/abc/versions/1")
      .set("Authorization", `Bearer ${"r".repeat(16)}`),
  route_not_found: async () => request(await abc()).get("/v2/nothing"),
  method_not_allowed: async () => request(await abc()).put("/v1/procedures/abc"),
  not_found: async () => request((await makeApp({ store: throwingStore(new NotFoundError("shelf_missing", "shelf 3 not found")) })).app).get("/v1/procedures"),
  procedure_not_found: async () => request(await abc()).get("/v1/procedures/zz"),
  session_not_found: async () => request(await abc()).get("/v1/sessions/zz"),
  conflict: async () => request((await makeApp({ store: throwingStore(new ConflictError("locked", "row locked")) })).app).get("/v1/procedures"),
  version_conflict: async () => {
    const app = await abc();
    return request(app).post("/v1/procedures").send({ ...ABC, version: 1, title: "changed" });
  },
  procedure_referenced: async () => {
    const app = await abc();
    await request(app).post("/v1/procedures").send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "abc" }] });
    return request(app).delete("/v1/procedures/abc/versions/1");
  },
  version_limit: async () => {
    const { app } = await makeApp();
    await request(app).post("/v1/procedures").send({ ...ABC, version: 1_000_000 });
    return request(app).post("/v1/procedures").send({ ...ABC, title: "changed" });
  },
  duplicate_trace: async () => request(await abc()).post("/v1/procedures/abc/traces").send({ traces: [{ id: "t", steps: ["a"] }, { id: "t", steps: ["a"] }] }),
  subprocedure_cycle: async () => {
    const app = await abc();
    await request(app).post("/v1/procedures").send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "abc" }] });
    return request(app).post("/v1/procedures").send({ ...ABC, steps: [{ id: "y", text: "Y", subprocedure: "p" }] });
  },
  payload_too_large: async () => request(await abc({ bodyLimit: 100 })).post("/v1/procedures").send({ ...ABC, description: "x".repeat(200) }),
  too_many_steps: async () => request(await abc({ maxSteps: 1 })).post("/v1/procedures").send({ ...ABC, id: "abc2" }),
  too_many_events: async () => request(await abc({ maxEvents: 1 })).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a", "b"] }] }),
  batch_too_large: async () => request(await abc({ maxBatch: 1 })).post("/v1/procedures/abc/traces").send({ traces: [{ steps: [] }, { steps: [] }] }),
  limit_exceeded: async () => request((await makeApp({ store: throwingStore(new LimitError("disk_quota", "quota reached")) })).app).get("/v1/procedures"),
  unsupported_media_type: async () => request(await abc()).post("/v1/procedures").set("Content-Type", "text/plain").send("id=abc"),
  invalid_input: async () =>
    request((await makeApp({ store: throwingStore(new InvalidInputError("odd_shape", "odd shape", [{ path: ["x"], message: "odd" }])) })).app).get(
      "/v1/procedures",
    ),
  unknown_step: async () => request(await abc()).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["zz"] }] }),
  empty_trace: async () => request(await abc()).post("/v1/procedures/abc/traces").send({ traces: [{ steps: ["a"] }, { steps: [] }] }),
  unknown_events: async () => request(await abc()).post("/v1/procedures/abc/traces").send({ traces: [{ steps: [{ text: "quantum flux capacitor" }] }] }),
  subprocedure_not_found: async () => request(await abc()).post("/v1/procedures").send({ id: "p", title: "P", steps: [{ id: "x", text: "X", subprocedure: "zz" }] }),
  internal_error: async () => request((await makeApp({ store: throwingStore(new Error("SQLITE_CORRUPT at /var/lib/secret.db")) })).app).get("/v1/procedures"),
  store_unavailable: async () => {
    const store = createMemoryStore();
    return request((await makeApp({ store: { ...store, kind: "memory", ping: () => Promise.reject(new Error("down")) } })).app).get("/readyz");
  },
};

describe("error registry", () => {
  for (const code of Object.keys(ERRORS) as ErrorCode[]) {
    it(`${code}: ${ERRORS[code].status} with a problem document`, async () => {
      const res = await triggers[code]();
      expect(res.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
      expect({ status: res.status, code: res.body.code, type: res.body.type, title: res.body.title }).toEqual({
        status: ERRORS[code].status,
        code,
        type: `urn:stepgraph:error:${code}`,
        title: ERRORS[code].title,
      });
      expect(res.body.status).toBe(res.status);
      expect(typeof res.body.detail).toBe("string");
    });
  }

  it("never sends an internal message or a stack trace", async () => {
    const res = await triggers.internal_error();
    expect(res.body).toEqual({
      type: "urn:stepgraph:error:internal_error",
      title: "Internal server error",
      status: 500,
      code: "internal_error",
      detail: "An unexpected error occurred; it has been logged.",
    });
  });

  it("keeps a domain error's issues as field errors", async () => {
    const res = await triggers.invalid_input();
    expect(res.body.errors).toEqual([{ path: "x", message: "odd" }]);
  });

  it("lists the allowed methods in the Allow header of a 405", async () => {
    const res = await triggers.method_not_allowed();
    expect(res.headers.allow).toBe("GET, HEAD");
  });

  it("names the limit in a payload_too_large detail", async () => {
    const res = await triggers.payload_too_large();
    expect(res.body.detail).toBe("the request body exceeds the limit of 100 bytes");
  });

  it("answers 503 store_unavailable, not 500, when a /v1 request meets a store that does not answer", async () => {
    const res = await request((await makeApp({ store: throwingStore(new StoreUnavailableError("store_unavailable", "the Neo4j store at bolt://x does not answer")) })).app).get(
      "/v1/procedures",
    );
    expect(res.status).toBe(503);
    expect(res.headers["content-type"]).toBe("application/problem+json; charset=utf-8");
    expect(res.body).toMatchObject({ code: "store_unavailable", status: 503 });
  });
});
