import request from "supertest";
import { describe, expect, it } from "vitest";
import { routes } from "../../api/routes/index.js";
import { ABC, makeApp } from "./helpers.js";

const API_KEY = "write-key-0123456789abcdef";
const READ_KEY = "read-key-0123456789abcdef";

describe("auth off (no keys configured)", () => {
  it("allows writes without a token", async () => {
    const { app } = await makeApp();
    expect((await request(app).post("/v1/procedures").send(ABC)).status).toBe(201);
  });

  it("allows reads without a token", async () => {
    const { app } = await makeApp();
    expect((await request(app).get("/v1/procedures")).status).toBe(200);
  });
});

describe("STEPGRAPH_API_KEY set", () => {
  const config = { apiKey: API_KEY };

  it("answers 401 unauthorized with a Bearer challenge for a write without a token", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).post("/v1/procedures").send(ABC);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="stepgraph"');
    expect(res.body).toEqual({
      type: "urn:stepgraph:error:unauthorized",
      title: "A valid bearer token is required",
      status: 401,
      code: "unauthorized",
      detail: "this write route requires an Authorization: Bearer <token> header",
    });
  });

  it("answers 401 with error=invalid_token for a wrong token", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).post("/v1/procedures").set("Authorization", "Bearer wrong").send(ABC);
    expect(res.status).toBe(401);
    expect(res.headers["www-authenticate"]).toBe('Bearer realm="stepgraph", error="invalid_token"');
  });

  it("accepts a write with the API key", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).post("/v1/procedures").set("Authorization", `Bearer ${API_KEY}`).send(ABC);
    expect(res.status).toBe(201);
  });

  it("keeps reads open", async () => {
    const { app } = await makeApp({ config });
    expect((await request(app).get("/v1/procedures")).status).toBe(200);
  });

  it("keeps query routes (POST reads) open", async () => {
    const { app } = await makeApp({ config });
    await request(app).post("/v1/procedures").set("Authorization", `Bearer ${API_KEY}`).send(ABC);
    expect((await request(app).post("/v1/procedures/abc/order-check").send({ sequence: ["a"] })).status).toBe(200);
  });

  it("requires the key for sessions, which write", async () => {
    const { app } = await makeApp({ config });
    expect((await request(app).post("/v1/sessions").send({ procedure: "abc" })).status).toBe(401);
  });

  it("checks the token before reading the body", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).post("/v1/procedures").set("Content-Type", "application/json").send("{not json");
    expect(res.status).toBe(401);
  });
});

describe("STEPGRAPH_READ_KEY set too", () => {
  const config = { apiKey: API_KEY, readKey: READ_KEY };

  it("answers 401 for a read without a token", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).get("/v1/procedures");
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe("this read route requires an Authorization: Bearer <token> header");
  });

  it("accepts a read with the read key", async () => {
    const { app } = await makeApp({ config });
    expect((await request(app).get("/v1/procedures").set("Authorization", `Bearer ${READ_KEY}`)).status).toBe(200);
  });

  it("accepts a read with the API key", async () => {
    const { app } = await makeApp({ config });
    expect((await request(app).get("/v1/procedures").set("Authorization", `Bearer ${API_KEY}`)).status).toBe(200);
  });

  it("answers 403 forbidden for a write with the read key", async () => {
    const { app } = await makeApp({ config });
    const res = await request(app).post("/v1/procedures").set("Authorization", `Bearer ${READ_KEY}`).send(ABC);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe("forbidden");
  });

  it("keeps /healthz, /openapi.json and /docs open", async () => {
    const { app } = await makeApp({ config });
    for (const url of ["/healthz", "/openapi.json", "/docs"]) expect((await request(app).get(url)).status).toBe(200);
  });
});

describe("CORS", () => {
  it("sends no CORS headers when no origin is configured", async () => {
    const { app } = await makeApp();
    const res = await request(app).get("/healthz").set("Origin", "https://lab.example");
    expect(res.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("allows a configured origin", async () => {
    const { app } = await makeApp({ config: { corsOrigins: ["https://lab.example"] } });
    const res = await request(app).get("/healthz").set("Origin", "https://lab.example");
    expect(res.headers["access-control-allow-origin"]).toBe("https://lab.example");
  });

  it("answers a preflight with the allowed headers", async () => {
    const { app } = await makeApp({ config: { corsOrigins: "*" } });
    const res = await request(app)
      .options("/v1/procedures")
      .set("Origin", "https://any.example")
      .set("Access-Control-Request-Method", "POST");
    expect(res.status).toBe(204);
    expect(res.headers["access-control-allow-headers"]).toBe("Authorization,Content-Type");
  });
});

describe("every route", () => {
  const call = (app: Parameters<typeof request>[0], r: (typeof routes)[number], token?: string) => {
    const url = r.path.replace(/:version/g, "1").replace(/:[A-Za-z]+/g, "abc");
    const req = request(app)[r.method](url);
    if (token !== undefined) req.set("Authorization", `Bearer ${token}`);
    return r.body === undefined ? req : req.send({});
  };

  for (const r of routes) {
    const name = `${r.method.toUpperCase()} ${r.path}`;
    if (r.access === "public") {
      it(`${name} stays open with both keys set`, async () => {
        const { app } = await makeApp({ config: { apiKey: API_KEY, readKey: READ_KEY } });
        expect((await call(app, r)).status).not.toBe(401);
      });
      continue;
    }
    it(`${name} (${r.access}) answers without a token when no key is set`, async () => {
      const { app } = await makeApp();
      expect((await call(app, r)).status).not.toBe(401);
    });
    it(`${name} (${r.access}) with only the API key set: ${r.access === "write" ? "401" : "open"} without a token`, async () => {
      const { app } = await makeApp({ config: { apiKey: API_KEY } });
      const status = (await call(app, r)).status;
      if (r.access === "write") expect(status).toBe(401);
      else expect(status).not.toBe(401);
    });
    it(`${name} (${r.access}) with both keys set: 401 without a token, accepted with the API key`, async () => {
      const { app } = await makeApp({ config: { apiKey: API_KEY, readKey: READ_KEY } });
      expect((await call(app, r)).status).toBe(401);
      expect((await call(app, r, API_KEY)).status).not.toBe(401);
    });
  }
});
