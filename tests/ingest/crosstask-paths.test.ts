import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../../src/errors.js";
import { parseCrossTaskPaths, readCrossTaskPaths, splitSteps } from "../../ingest/crosstask-paths/read-crosstask-paths.js";
import { writeProceduresFile, writeTracesFile } from "../../ingest/files/write-output.js";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { readTraces } from "../../ingest/jsonl/read-traces.js";
import { sharedDataset } from "../helpers/shared-data.js";
import { notice } from "../helpers/notice.js";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/crosstask-paths");
const shared = sharedDataset("graph-script-crosstask-wikihow");
if (!shared) notice("skipped: ../shared/datasets/graph-script-crosstask-wikihow is absent (full CrossTask import test)");

describe("crosstask-paths importer", () => {
  it("splits a '<->'-joined path into its step texts", () => {
    expect(splitSteps("a b. <-> c d. <-> ")).toEqual(["a b.", "c d."]);
  });

  it("makes one procedure per distinct library, steps in library order", async () => {
    const { procedures } = await readCrossTaskPaths(path.join(fixtures, "small"));
    expect(procedures.map((p) => [p.id, p.title, p.steps.length])).toEqual([
      ["crosstask-make-jello-shots", "Make Jello Shots", 6],
      ["crosstask-build-simple-floating-shelves", "Build Simple Floating Shelves", 5],
    ]);
    expect(procedures[0]?.steps[1]).toEqual({ id: "pour-juice-into-the-container", text: "pour juice into the container." });
  });

  it("makes one trace per video with the observed step ids in order", async () => {
    const { traces } = await readCrossTaskPaths(path.join(fixtures, "small"));
    expect(traces.map((t) => t.id)).toEqual(["video-0000", "video-0001", "video-0002", "video-0003", "video-0004"]);
    expect(traces[1]).toEqual({
      id: "video-0001",
      procedure: "crosstask-make-jello-shots",
      version: 1,
      steps: [
        "pour-water-into-the-container",
        "stir-the-mixture-to-blend-well",
        "pour-alcohol-into-the-container",
        "pour-the-mixture-into-the-cup-and-and-refrigerate-until",
      ],
    });
  });

  it("falls back to a numbered title for a library it does not know", () => {
    const { procedures } = parseCrossTaskPaths([["mix a. <-> ", "bake b. <-> "]], ["bake b. <-> mix a. <-> "]);
    expect(procedures[0]).toMatchObject({ id: "crosstask-task-1", title: "CrossTask task 1" });
  });

  it("rejects a path step missing from the library, naming file, entry and step", async () => {
    const err = await readCrossTaskPaths(path.join(fixtures, "path-unknown-step")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    const e = err as InvalidInputError;
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ path: [1, 2] });
    expect(e.issues[0]?.file).toMatch(/crosstask_wikihow_output_sequences\.json$/);
    expect(e.message).toContain('"pour vodka into the container."');
  });

  it("rejects arrays of different lengths", () => {
    expect(() => parseCrossTaskPaths([["a. <-> "]], [])).toThrow(/parallel/);
  });

  it("writes files that stepgraph's own readers load back unchanged", async () => {
    const data = await readCrossTaskPaths(path.join(fixtures, "small"));
    const out = await mkdtemp(path.join(tmpdir(), "ct-"));
    await writeProceduresFile(path.join(out, "procedures.json"), data.procedures);
    await writeTracesFile(path.join(out, "traces.jsonl"), data.traces);
    expect(await readProcedures(path.join(out, "procedures.json"))).toEqual(data.procedures);
    expect(await readTraces(path.join(out, "traces.jsonl"))).toEqual(data.traces);
    expect((await readdir(out)).sort()).toEqual(["procedures.json", "traces.jsonl"]);
  });

  it.skipIf(!shared)("imports the whole dataset: 17 tasks, 130 steps, 2610 traces, counts as in the files", async () => {
    const dir = shared as string;
    const { procedures, traces } = await readCrossTaskPaths(dir);
    // Independent count: split the raw strings with a plain regular expression.
    const outputs = JSON.parse(await readFile(path.join(dir, "crosstask_wikihow_output_sequences.json"), "utf8")) as string[];
    const rawEvents = outputs.reduce((n, s) => n + (s.match(/ <-> /g) ?? []).length, 0);
    expect(procedures).toHaveLength(17);
    expect(procedures.reduce((n, p) => n + p.steps.length, 0)).toBe(130);
    expect(traces).toHaveLength(2610);
    expect(traces.reduce((n, t) => n + t.steps.length, 0)).toBe(rawEvents);
  });
});
