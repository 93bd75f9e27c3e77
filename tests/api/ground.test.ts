import request from "supertest";
import { describe, expect, it } from "vitest";
import { makeApp } from "./helpers.js";

const COFFEE = {
  id: "coffee-mini",
  title: "Coffee",
  steps: [
    { id: "68", text: "Measure 12 ounces of cold water" },
    { id: "65", text: "Weigh the coffee beans (0.8oz-0.12 oz)" },
    { id: "70", text: "transfer water to a kettle" },
    { id: "67", text: "Grind the coffee beans until the coffee grounds are the consistency of coarse sand" },
    { id: "64", text: "Boil the water" },
  ],
};

async function withCoffee() {
  const made = await makeApp();
  await request(made.app).post("/v1/procedures").send(COFFEE).expect(201);
  return made;
}

describe("POST /v1/procedures/:id/ground", () => {
  it("resolves ids, written numbers and texts, each saying how", async () => {
    const { app } = await withCoffee();
    const res = await request(app).post("/v1/procedures/coffee-mini/ground").send({ texts: ["70", "2", "step 5", "Weigh the coffee beans"] });
    expect(res.status).toBe(200);
    expect(res.body.procedure).toBe("coffee-mini");
    expect(res.body.version).toBe(1);
    expect(res.body.results.map((r: { match: string; step?: string }) => [r.match, r.step])).toEqual([
      ["id", "70"],
      ["number", "65"],
      ["number", "64"],
      ["text", "65"],
    ]);
    expect(res.body.results[0]).toEqual({ text: "70", match: "id", step: "70", score: 1, candidates: [] });
  });

  it("reads an item that is both an id and a written number as the id", async () => {
    const made = await makeApp();
    await request(made.app)
      .post("/v1/procedures")
      .send({ id: "p", title: "P", steps: [{ id: "2", text: "Second id, first step" }, { id: "x", text: "Another step" }] })
      .expect(201);
    const res = await request(made.app).post("/v1/procedures/p/ground").send({ texts: ["2", "1"] });
    expect(res.body.results.map((r: { match: string; step?: string }) => [r.match, r.step])).toEqual([
      ["id", "2"],
      ["number", "2"],
    ]);
  });

  it("grounds a paraphrase and strips a leading written number from a text", async () => {
    const { app } = await withCoffee();
    const res = await request(app).post("/v1/procedures/coffee-mini/ground").send({ texts: ["boil water", "4. grind the beans to coarse sand"] });
    expect(res.body.results.map((r: { match: string; step?: string }) => [r.match, r.step])).toEqual([
      ["text", "64"],
      ["text", "67"],
    ]);
  });

  it("reports an item that names no step, with its closest candidates, instead of guessing", async () => {
    const { app } = await withCoffee();
    const res = await request(app).post("/v1/procedures/coffee-mini/ground").send({ texts: ["coffee", "launch the rocket", "99"] });
    const [ambiguous, unrelated, outOfRange] = res.body.results;
    expect(ambiguous.match).toBe("none");
    expect(ambiguous.step).toBeUndefined();
    expect(ambiguous.candidates.map((c: { step: string }) => c.step).sort()).toEqual(["65", "67"]);
    expect(unrelated).toEqual({ text: "launch the rocket", match: "none", score: 0, candidates: [] });
    expect(outOfRange.match).toBe("none");
  });

  it("answers 400 naming the field for an empty list and 404 for an unknown procedure", async () => {
    const { app } = await withCoffee();
    const empty = await request(app).post("/v1/procedures/coffee-mini/ground").send({ texts: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe("body.texts");
    const missing = await request(app).post("/v1/procedures/nope/ground").send({ texts: ["a"] });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe("procedure_not_found");
  });
});
