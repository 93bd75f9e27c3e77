// The REST defects of issue 15 ("a newcomer's first hour"), each as it was typed: steps that name
// nothing are refused instead of silently dropped, steps are read by id, written number or text,
// one field name (`done`) for every query body, invalid prefixes are reported, top-k lists hold
// allowed steps only, over-long ids get a short 400, sessions refuse unknown steps and can undo.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { beforeEach, describe, expect, it } from "vitest";
import { parseNumberedList } from "../../ingest/markdown/read-numbered-list.js";
import { openApiText } from "../../api/write-openapi.js";
import { makeApp } from "./helpers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pcr = parseNumberedList(readFileSync(path.join(root, "examples/run-a-pcr.md"), "utf8")).procedures;
const TEA = {
  id: "tea",
  title: "Tea with milk",
  steps: [
    { id: "boil", text: "Boil the water" },
    { id: "bag", text: "Put a tea bag in the cup" },
    { id: "pour", text: "Pour the water into the cup" },
    { id: "milk", text: "Add milk" },
  ],
};

let app: Awaited<ReturnType<typeof makeApp>>["app"];
beforeEach(async () => {
  ({ app } = await makeApp());
  for (const p of [...pcr].reverse()) await request(app).post("/v1/procedures").send(p).expect(201);
  await request(app).post("/v1/procedures").send(TEA).expect(201);
});

const next = (body: object) => request(app).post("/v1/procedures/run-a-pcr/next-steps").send(body);

describe("steps are resolved the same way everywhere, and unknown ones are refused", () => {
  it("refuses a step that names nothing (422 unknown_step), naming it and where it was", async () => {
    const res = await next({ done: ["thaw-reagents-on-ice", "centrifuge-the-plate"] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe("unknown_step");
    expect(res.body.errors).toEqual([
      { path: "body.done.1", message: expect.stringMatching(/^"centrifuge-the-plate" is not a step of "run-a-pcr" version 1 .*the steps are "thaw-reagents-on-ice", "label-pcr-tubes"/) },
    ]);
  });

  it("lists the closest steps of an unknown input", async () => {
    const res = await next({ done: ["Spin the plate in the centrifuge"] });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].message).toContain('closest: "spin-down-reagents-briefly" (Spin down the reagents briefly.)');
  });

  it("reads an id typo by its words and says so (`thaw-reagents-on-ic`)", async () => {
    const res = await next({ done: ["thaw-reagents-on-ic"] });
    expect(res.status).toBe(200);
    expect(res.body.done).toEqual(["thaw-reagents-on-ice"]);
    expect(res.body.resolved).toEqual([{ index: 0, input: "thaw-reagents-on-ic", step: "thaw-reagents-on-ice", by: "text", score: expect.any(Number) }]);
  });

  it("reads written numbers (`1 3`)", async () => {
    const res = await next({ done: ["1", "3"] });
    expect(res.body.done).toEqual(["thaw-reagents-on-ice", "spin-down-reagents-briefly"]);
    expect(res.body.resolved.map((r: { by: string }) => r.by)).toEqual(["number", "number"]);
  });

  it("reads step texts (`Thaw reagents on ice.`)", async () => {
    const res = await next({ done: ["Thaw reagents on ice."] });
    expect(res.body.resolved).toEqual([{ index: 0, input: "Thaw reagents on ice.", step: "thaw-reagents-on-ice", by: "text", score: 1 }]);
  });

  it("refuses unknown steps in completion and order-check too", async () => {
    for (const route of ["completion", "order-check"]) {
      const res = await request(app).post(`/v1/procedures/run-a-pcr/${route}`).send({ done: ["centrifuge-the-plate"] });
      expect(res.status, route).toBe(422);
      expect(res.body.errors[0].path, route).toBe("body.done.0");
    }
  });

  it("resolves steps in the hierarchy routes, sub-steps by their namespaced id or text", async () => {
    const res = await request(app)
      .post("/v1/procedures/run-a-pcr/hierarchy/order-check")
      .send({ done: ["1", "2", "prepare-master-mix/add-nuclease-free-water-to-fresh-tube", "Add buffer and dNTPs."] });
    expect(res.status).toBe(200);
    expect(res.body.resolved.map((r: { step: string }) => r.step)).toEqual(["thaw-reagents-on-ice", "label-pcr-tubes", "prepare-master-mix/add-buffer-and-dntps"]);
    const bad = await request(app).post("/v1/procedures/run-a-pcr/hierarchy/next-steps").send({ done: ["1", "centrifuge-the-plate"] });
    expect(bad.status).toBe(422);
  });
});

describe("one field name for the steps done so far", () => {
  it("completion takes `done` (was a 400)", async () => {
    const res = await request(app).post("/v1/procedures/tea/completion").send({ done: ["boil"] });
    expect(res.status).toBe(200);
    expect(res.body.done).toEqual(["boil"]);
  });

  it("still takes the deprecated `prefix` and `sequence`", async () => {
    expect((await request(app).post("/v1/procedures/tea/completion").send({ prefix: ["boil"] })).body.done).toEqual(["boil"]);
    expect((await request(app).post("/v1/procedures/tea/order-check").send({ sequence: ["boil"] })).body.result).toEqual({ valid: true });
  });

  it("refuses a body with both names", async () => {
    const res = await request(app).post("/v1/procedures/tea/completion").send({ done: ["boil"], prefix: ["boil"] });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: "body.prefix", message: "give `done` only (`prefix` is its deprecated old name)" }]);
  });

  it("marks the old names deprecated in the OpenAPI document", () => {
    const doc = JSON.parse(openApiText());
    const body = (p: string) => doc.paths[p].post.requestBody.content["application/json"].schema.properties;
    expect(body("/v1/procedures/{id}/completion").prefix.deprecated).toBe(true);
    expect(body("/v1/procedures/{id}/order-check").sequence.deprecated).toBe(true);
    expect(body("/v1/procedures/{id}/order-check").done.deprecated).toBeUndefined();
    expect(body("/v1/procedures/{id}/next-steps").done).toBeDefined();
  });
});

describe("after an invalid prefix", () => {
  it("completion says the prefix breaks the order, with order-check's violations, and continues", async () => {
    const res = await request(app).post("/v1/procedures/tea/completion").send({ prefix: ["milk"] });
    const check = await request(app).post("/v1/procedures/tea/order-check").send({ done: ["milk"] });
    expect(res.status).toBe(200);
    expect(res.body.check).toEqual(check.body.result);
    expect(res.body.check.valid).toBe(false);
    expect(res.body.messages).toEqual(check.body.messages);
    expect(res.body.completion.steps).toEqual(["boil", "bag", "pour"]);
  });

  it("next steps say so too", async () => {
    const res = await request(app).post("/v1/procedures/tea/next-steps").send({ done: ["milk"] });
    expect(res.body.check).toMatchObject({ valid: false, firstFailingIndex: 0 });
    expect(res.body.messages[0]).toContain('"milk" (Add milk) at step 1 of the run came before');
    // The skipped steps count as skipped (reported once, above); the run continues with them.
    expect(res.body.next[0]).toMatchObject({ step: "boil", allowed: true });
  });
});

describe("top-k lists", () => {
  it("hold allowed steps only, without paragraphs of reasons", async () => {
    const res = await next({ done: [], k: 5 });
    expect(res.body.next.every((n: { allowed: boolean; reason?: unknown }) => n.allowed && n.reason === undefined)).toBe(true);
  });

  it("hold the blocked ones too when asked (includeBlocked)", async () => {
    const res = await next({ done: [], k: 5, includeBlocked: true });
    expect(res.body.next).toHaveLength(5);
    expect(res.body.next.some((n: { allowed: boolean }) => !n.allowed)).toBe(true);
  });
});

describe("over-long ids", () => {
  it.each([300, 4097, 10_000])("a %i-character id gets 400 invalid_request with a short message, not 405", async (n) => {
    const res = await request(app).post(`/v1/procedures/${"x".repeat(n)}/next-steps`).send({ done: [] });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe("path.id: must be at most 256 characters");
  });

  it("a 404 or 405 never echoes a long path", async () => {
    const res = await request(app).put(`/v1/procedures/${"x".repeat(5000)}`);
    expect(res.status).toBe(405);
    expect(res.body.detail.length).toBeLessThan(300);
  });
});

describe("sessions", () => {
  const start = async () => (await request(app).post("/v1/sessions").send({ procedure: "run-a-pcr" }).expect(201)).body.session.id as string;

  it("grounds a `step` given as text ({\"step\": \"Thaw the reagents\"}) and says so", async () => {
    const id = await start();
    const res = await request(app).post(`/v1/sessions/${id}/steps`).send({ step: "Thaw the reagents" });
    expect(res.status).toBe(200);
    expect(res.body.verdict.step).toBe("thaw-reagents-on-ice");
    expect(res.body.resolved).toEqual([{ index: 0, input: "Thaw the reagents", step: "thaw-reagents-on-ice", by: "text", score: expect.any(Number) }]);
  });

  it("refuses a step that names nothing and stores nothing", async () => {
    const id = await start();
    const res = await request(app).post(`/v1/sessions/${id}/steps`).send({ step: "Centrifuge the plate" });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].path).toBe("body.step");
    expect((await request(app).get(`/v1/sessions/${id}`)).body.session.steps).toEqual([]);
  });

  it("takes {text} as traces do", async () => {
    const id = await start();
    const res = await request(app).post(`/v1/sessions/${id}/steps`).send({ text: "labelled the PCR tubes" });
    expect(res.status).toBe(200);
    expect(res.body.session.steps).toEqual(["label-pcr-tubes"]);
  });

  it("refuses a body with both step and text", async () => {
    const id = await start();
    expect((await request(app).post(`/v1/sessions/${id}/steps`).send({ step: "1", text: "thaw" })).status).toBe(400);
  });

  it("undoes the last step with DELETE …/steps/last", async () => {
    const id = await start();
    await request(app).post(`/v1/sessions/${id}/steps`).send({ step: "1" }).expect(200);
    await request(app).post(`/v1/sessions/${id}/steps`).send({ step: "label-pcr-tubes" }).expect(200);
    const res = await request(app).delete(`/v1/sessions/${id}/steps/last`);
    expect(res.status).toBe(200);
    expect(res.body.undone).toBe("label-pcr-tubes");
    expect(res.body.session.steps).toEqual(["thaw-reagents-on-ice"]);
    expect(res.body.verdicts).toHaveLength(1);
    expect((await request(app).get(`/v1/sessions/${id}`)).body.session.steps).toEqual(["thaw-reagents-on-ice"]);
  });

  it("answers 409 when there is nothing to undo", async () => {
    const id = await start();
    const res = await request(app).delete(`/v1/sessions/${id}/steps/last`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe("conflict");
  });

  it("lists allowed next steps only unless includeBlocked=true", async () => {
    const id = await start();
    const only = await request(app).get(`/v1/sessions/${id}?k=5`);
    expect(only.body.next.every((n: { allowed: boolean }) => n.allowed)).toBe(true);
    const all = await request(app).get(`/v1/sessions/${id}?k=5&includeBlocked=true`);
    expect(all.body.next).toHaveLength(5);
  });
});
