import { cp, mkdtemp, readFile, rm, writeFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { readCaptainCook4d, readableStepText } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { writeCaptainCook4d } from "../../ingest/captaincook4d/write-captaincook4d.js";
import { InvalidInputError } from "../../src/errors.js";
import { ProcedureSchema } from "../../src/model/index.js";

const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/captaincook4d/spicedhotchocolate");
const temps: string[] = [];
afterEach(async () => {
  for (const t of temps.splice(0)) await rm(t, { recursive: true, force: true });
});
async function brokenCopy(file: string, edit: (text: string) => string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "cc4d-"));
  temps.push(dir);
  await cp(FIXTURE, dir, { recursive: true });
  const f = path.join(dir, file);
  await writeFile(f, edit(await readFile(f, "utf8")));
  return dir;
}

describe("readCaptainCook4d", () => {
  it("turns the written recipe order into one procedure with global step ids", async () => {
    const d = await readCaptainCook4d(FIXTURE);
    expect(d.procedures).toHaveLength(1);
    const p = ProcedureSchema.parse(d.procedures[0]);
    expect(p.id).toBe("spicedhotchocolate");
    expect(p.steps.map((s) => s.id)).toEqual(["88", "89", "87", "84", "90", "85", "83"]);
    expect(p.steps[0]!.text).toMatch(/skimmed milk/);
  });

  it("maps DTGL's ground-truth graph onto step ids with START and END", async () => {
    const d = await readCaptainCook4d(FIXTURE);
    expect(d.truth[0]!.edges).toContainEqual(["START", "88"]);
    expect(d.truth[0]!.edges).toContainEqual(["83", "END"]);
    expect(d.truth[0]!.edges).toContainEqual(["85", "83"]);
    expect(d.truth[0]!.edges).toHaveLength(10);
  });

  it("takes DTGL's recordings in list order by default", async () => {
    const d = await readCaptainCook4d(FIXTURE);
    expect(d.traces.map((t) => t.id)).toEqual(["8_3", "8_11", "8_15"]);
    expect(d.traces[0]!.steps).toEqual(["88", "89", "90", "84", "87", "85", "83"]);
  });

  it("leaves skipped steps out of all recordings", async () => {
    const d = await readCaptainCook4d(FIXTURE, { recordings: "all" });
    expect(d.traces.map((t) => t.id)).toEqual(["8_3", "8_11", "8_15", "8_26", "8_40"]);
    expect(d.traces.find((t) => t.id === "8_26")!.steps).toEqual(["88", "89", "90", "87", "85", "83"]);
  });

  it("keeps only error-free recordings for normal", async () => {
    const d = await readCaptainCook4d(FIXTURE, { recordings: "normal" });
    expect(d.traces.map((t) => t.id)).toEqual(["8_3", "8_15"]);
  });

  it("tags each recording with its error kinds and the index of its first order error", async () => {
    const d = await readCaptainCook4d(FIXTURE, { recordings: "all" });
    expect(d.recordings.find((r) => r.id === "8_40")).toEqual({
      id: "8_40",
      procedure: "spicedhotchocolate",
      errors: ["Measurement Error", "Order Error", "Preparation Error", "Technique Error", "Timing Error"],
      orderErrorAt: 0,
    });
    expect(d.recordings.find((r) => r.id === "8_3")).toMatchObject({ errors: [], orderErrorAt: null });
  });

  it("splits normal recordings for training and cuts order-error ones at the first mistake", async () => {
    const d = await readCaptainCook4d(FIXTURE, { recordings: "all", mistakes: true });
    expect(d.train!.map((t) => t.id)).toEqual(["8_3", "8_15"]);
    expect(d.test).toEqual([{ id: "8_40", procedure: "spicedhotchocolate", steps: ["84"], mistakeAt: 0 }]);
  });

  it("rejects a recording step outside its recipe, naming file and path", async () => {
    const dir = await brokenCopy("dtgl/task_graph_generation_annotations.json", (t) => t.replace('"step_id": 88', '"step_id": 999'));
    const err = await readCaptainCook4d(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toMatch(/task_graph_generation_annotations\.json: annotations\.8_\d+\.segments\.\d+\.step_id: step 999 is not a step/);
  });

  it("rejects a file that is not JSON", async () => {
    const dir = await brokenCopy("annotation_json/step_idx_description.json", () => "{ not json");
    await expect(readCaptainCook4d(dir)).rejects.toThrow(/step_idx_description\.json: not valid JSON/);
  });

  it("rejects a missing dataset folder", async () => {
    await expect(readCaptainCook4d(path.join(FIXTURE, "nope"))).rejects.toThrow(/cannot read/);
  });
});

describe("writeCaptainCook4d", () => {
  it("writes every file and nothing else", async () => {
    const out = await mkdtemp(path.join(tmpdir(), "cc4d-out-"));
    temps.push(out);
    await writeCaptainCook4d(out, await readCaptainCook4d(FIXTURE, { recordings: "all", mistakes: true }));
    expect((await readdir(out)).sort()).toEqual(["procedures.json", "recordings.jsonl", "test.jsonl", "traces.jsonl", "train.jsonl", "truth.jsonl"]);
    const truth = JSON.parse((await readFile(path.join(out, "truth.jsonl"), "utf8")).trim());
    expect(truth.procedure).toBe("spicedhotchocolate");
  });
});

describe("readableStepText", () => {
  it("drops CaptainCook4D's repeated verb prefix", () => {
    expect(readableStepText("Place-Place the dripper on top of a coffee mug")).toBe("Place the dripper on top of a coffee mug");
  });

  it("drops a lowercase action label before a capitalised sentence", () => {
    expect(readableStepText("check-Once the water has boiled, check the temperature")).toBe("Once the water has boiled, check the temperature");
  });

  it("keeps a hyphen that is part of the text", () => {
    expect(readableStepText("Microwave-safe bowl: add the pepper")).toBe("Microwave-safe bowl: add the pepper");
    expect(readableStepText("Add the non-stick spray")).toBe("Add the non-stick spray");
  });
});
