// The demo data in graphs/ loads into a fresh store and every procedure gets a graph script.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { loadDemoData } from "../../api/demo-data.js";
import { createMemoryStore } from "../../src/store/memory-store.js";

const GRAPHS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../graphs");

describe("loadDemoData", () => {
  it("loads every graphs/ folder and induces a script per procedure", async () => {
    const store = createMemoryStore();
    await store.init();
    const loaded = await loadDemoData(store, GRAPHS);
    const procedures = await store.listProcedures({ limit: 1000 });
    expect(procedures.length).toBe(loaded.procedures);
    for (const p of procedures) expect((await store.loadGraphScript(p.id, p.version))?.procedure).toBe(p.id);
  });

  it("saves a sub-procedure before the procedure that links to it", async () => {
    const store = createMemoryStore();
    await store.init();
    await loadDemoData(store, GRAPHS);
    const links = await store.listSubprocedureLinks();
    expect(links.some((l) => l.procedure === "labop-interlab-calibration" && l.target === "labop-prepare-reagents")).toBe(true);
  });

  it("stores the traces of the CrossTask task", async () => {
    const store = createMemoryStore();
    await store.init();
    await loadDemoData(store, GRAPHS);
    expect(await store.countTraces("crosstask-make-french-toast", 1)).toBe(251);
  });

  it("fails naming the file and line of a broken trace, writing nothing of it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-demo-"));
    try {
      mkdirSync(path.join(dir, "x"));
      writeFileSync(path.join(dir, "x", "procedures.json"), JSON.stringify([{ id: "p", title: "P", steps: [{ id: "a", text: "A" }] }]));
      writeFileSync(path.join(dir, "x", "traces.jsonl"), '{"id":"t","procedure":"p","steps":["a"]}\n{"id":5}\n');
      const store = createMemoryStore();
      await store.init();
      await expect(loadDemoData(store, dir)).rejects.toThrow(/traces\.jsonl:2/);
      expect(await store.listProcedures()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("loadDemoData with an unknown step", () => {
  it("fails before writing anything", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-demo-"));
    try {
      for (const [name, step] of [["a", "a"], ["b", "zz"]] as const) {
        mkdirSync(path.join(dir, name));
        writeFileSync(path.join(dir, name, "procedures.json"), JSON.stringify([{ id: name, title: name, steps: [{ id: "a", text: "A" }] }]));
        writeFileSync(path.join(dir, name, "traces.jsonl"), `${JSON.stringify({ id: "t", procedure: name, steps: [step] })}\n`);
      }
      const store = createMemoryStore();
      await store.init();
      await expect(loadDemoData(store, dir)).rejects.toThrow(/"zz" is not a step of "b"/);
      expect(await store.listProcedures()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
