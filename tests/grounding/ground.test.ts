import { describe, expect, it } from "vitest";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ProcedureSchema, type Procedure } from "../../src/model/index.js";
import { createGrounder, groundTrace } from "../../src/grounding/ground.js";
import { normalizeText, tokenize } from "../../src/grounding/normalize-text.js";
import { evaluateGrounding } from "../../src/grounding/evaluate-grounding.js";
import { inflect, perturb } from "../../src/grounding/perturb-text.js";
import { seededRandom } from "../../src/random/seeded-random.js";
import { readCrossTaskPaths } from "../../ingest/crosstask-paths/read-crosstask-paths.js";

const jello: Procedure = ProcedureSchema.parse({
  id: "jello",
  title: "Make Jello Shots",
  steps: [
    { id: "water", text: "pour water into the container." },
    { id: "juice", text: "pour juice into the container." },
    { id: "powder", text: "pour jello powder into the container." },
    { id: "stir", text: "stir the mixture to blend well." },
    { id: "serve", text: "pour the mixture into the cup and refrigerate until serve." },
  ],
});
const g = createGrounder(jello);

describe("normalizeText", () => {
  it("drops stop words and stems inflections to one form", () => {
    expect(normalizeText("Pouring the Juices into a container")).toEqual(["pour", "juic", "contain"]);
  });

  it("gives a past tense the forms of its base where Porter stems them apart", () => {
    expect(tokenize("added fried")).toEqual([
      { stem: "ad", forms: ["ad", "add"] },
      { stem: "fri", forms: ["fri", "fry", "frie"] },
    ]);
  });

  it("keeps stop words when a text has nothing else", () => {
    expect(normalizeText("Is it this?")).toEqual(["is", "it", "thi"]);
  });
});

describe("createGrounder", () => {
  it("accepts the exact step text with score 1", () => {
    expect(g.ground("stir the mixture to blend well.")).toMatchObject({ step: "stir", score: 1, accepted: true });
  });

  it("grounds a different inflection", () => {
    expect(g.ground("poured juices into the container").step).toBe("juice");
  });

  it("grounds shuffled word order", () => {
    expect(g.ground("the container juice into pour").step).toBe("juice");
  });

  it("grounds a text with a small typo", () => {
    expect(g.ground("pour jiuce into the contianer").step).toBe("juice");
  });

  it("reports an unrelated text as unknown, with its best candidates, and no step", () => {
    const r = g.ground("pour sand into a bucket");
    expect(r.accepted).toBe(false);
    expect(r).not.toHaveProperty("step");
    expect(r.candidates).toHaveLength(3);
    expect(r.score).toBeLessThan(0.5);
  });

  it("offers no candidates for a text sharing no word with any step", () => {
    expect(g.ground("tighten the wheel nuts")).toEqual({ score: 0, accepted: false, candidates: [] });
  });

  it("does not guess between two steps that tie", () => {
    const r = g.ground("pour into the container");
    expect(r.accepted).toBe(false);
    expect(r.candidates[0]?.score).toBe(r.candidates[1]?.score);
  });

  it("ranks candidates best first", () => {
    const scores = g.ground("pour the jello").candidates.map((c) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it("grounds nothing in a procedure without steps", () => {
    const empty = createGrounder(ProcedureSchema.parse({ id: "e", title: "Empty", steps: [] }));
    expect(empty.ground("anything")).toEqual({ score: 0, accepted: false, candidates: [] });
  });

  it("honours a stricter threshold", () => {
    const strict = createGrounder(jello, { threshold: 0.99 });
    expect(g.ground("pour jiuce into the contianer").accepted).toBe(true);
    expect(strict.ground("pour jiuce into the contianer").accepted).toBe(false);
  });
});

describe("groundTrace", () => {
  it("keeps step-id events, grounds text events, and lists the ungrounded ones with candidates", () => {
    const r = groundTrace(g, {
      id: "t1",
      procedure: "jello",
      steps: ["water", { text: "poured the juice in" }, { step: "stir", start: 3 }, { text: "washed the cup" }],
    });
    expect(r.trace).toEqual({ id: "t1", procedure: "jello", steps: ["water", "juice", "stir"] });
    expect(r.unknown).toHaveLength(1);
    expect(r.unknown[0]).toMatchObject({ index: 3, text: "washed the cup" });
    expect(r.unknown[0]?.candidates.length).toBeGreaterThan(0);
  });

  it("grounds a label that is not a step id by its text", () => {
    expect(groundTrace(g, { id: "t", procedure: "jello", steps: ["Stir the mixture to blend well"] }).trace.steps).toEqual(["stir"]);
  });

  it("reads written step numbers as the written steps, and counts them", () => {
    const r = groundTrace(g, { id: "t", procedure: "jello", steps: ["1", "#3", "step 2", { text: "4." }, "stir", "5)"] });
    expect(r.trace.steps).toEqual(["water", "powder", "juice", "stir", "stir", "serve"]);
    expect(r.numbered).toBe(5);
    expect(r.unknown).toEqual([]);
  });

  it("leaves a number past the last written step unknown, and reads numbers as ids when a step id is a number", () => {
    expect(groundTrace(g, { id: "t", procedure: "jello", steps: ["6"] }).unknown.map((u) => u.text)).toEqual(["6"]);
    const numeric = createGrounder(ProcedureSchema.parse({ id: "n", title: "N", steps: [{ id: "10", text: "first" }, { id: "20", text: "second" }] }));
    const r = groundTrace(numeric, { id: "t", procedure: "n", steps: ["20", "1"] });
    expect(r.trace.steps).toEqual(["20"]);
    expect(r.numbered).toBe(0);
    expect(r.unknown.map((u) => u.text)).toEqual(["1"]);
  });
});

describe("perturbations", () => {
  it("are reproducible from the seed", () => {
    const a = perturb("pour water into the container.", "shuffle", seededRandom(7));
    const b = perturb("pour water into the container.", "shuffle", seededRandom(7));
    expect(a).toBe(b);
  });

  it("drop exactly one word", () => {
    expect(perturb("pour water into the container.", "drop-word", seededRandom(1)).split(" ")).toHaveLength(4);
  });

  it("inflect plural nouns to singular and verbs to another form", () => {
    expect(inflect("bananas.", seededRandom(1))).toBe("banana.");
    expect(inflect("whisked", seededRandom(1))).toBe("whisking");
  });
});

describe("grounding evaluation on the CrossTask fixture (2 procedures, 11 steps)", () => {
  const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/crosstask-paths/small");

  it("grounds ≥ 95 % of perturbed step texts back to their step (top-1)", async () => {
    const { procedures } = await readCrossTaskPaths(fixtures);
    const e = evaluateGrounding(procedures, 1);
    expect(e.bar.trials).toBe(33);
    expect(e.bar.top1Rate).toBeGreaterThanOrEqual(0.95);
  });

  it("accepts no step of the other procedure", async () => {
    const { procedures } = await readCrossTaskPaths(fixtures);
    expect(evaluateGrounding(procedures, 1).unrelated).toMatchObject({ trials: 11, accepted: 0 });
  });
});
