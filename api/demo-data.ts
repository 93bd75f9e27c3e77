// loadDemoData(store, dir): loads every folder of `dir` (graphs/) that holds a procedures.json
// (and optionally traces.jsonl) into the store, then induces the graph script of every loaded
// procedure version. Procedures are saved children first (sub-procedure links need their
// target), traces in one batch per procedure version. Returns what was loaded.
// Files are read with the project's own readers (ingest/json, ingest/jsonl), so a broken demo
// file fails with the file, line and field; every file is read and every trace grounded before
// the first write, so nothing is written then.
// NOTE: a trace without a version belongs to the version its procedure file gives (the demo
// files hold one version per procedure).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { readProcedures } from "../ingest/json/read-procedures.js";
import { readTraces } from "../ingest/jsonl/read-traces.js";
import { InvalidInputError } from "../src/errors.js";
import type { Procedure, Trace } from "../src/model/index.js";
import type { GraphStore } from "../src/store/graph-store.js";
import { groundBatch } from "./services/ground-batch.js";
import { GraphScripts } from "./services/graph-scripts.js";
import { KeyedLock } from "./services/keyed-lock.js";

export interface DemoLoadResult {
  folders: string[];
  procedures: number;
  traces: number;
}

/** Procedures ordered so that every sub-procedure target comes before the steps linking to it. */
function childrenFirst(procedures: readonly Procedure[]): Procedure[] {
  const byId = new Map<string, Procedure[]>();
  for (const p of procedures) byId.set(p.id, [...(byId.get(p.id) ?? []), p]);
  const out: Procedure[] = [];
  const state = new Map<Procedure, "visiting" | "done">();
  const visit = (p: Procedure): void => {
    if (state.get(p) === "done") return;
    if (state.get(p) === "visiting") {
      throw new InvalidInputError("subprocedure_cycle", `demo procedures link to each other in a cycle through ${JSON.stringify(p.id)}`);
    }
    state.set(p, "visiting");
    for (const s of p.steps) if (s.subprocedure !== undefined) for (const c of byId.get(s.subprocedure) ?? []) visit(c);
    state.set(p, "done");
    out.push(p);
  };
  [...procedures].sort((a, b) => a.version - b.version).forEach(visit);
  return out;
}

export async function loadDemoData(store: GraphStore, dir: string): Promise<DemoLoadResult> {
  const folders = (await readdir(dir, { withFileTypes: true }))
    .filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "procedures.json")))
    .map((d) => d.name)
    .sort();
  const procedures: Procedure[] = [];
  const traces: Trace[] = [];
  for (const folder of folders) {
    procedures.push(...(await readProcedures(path.join(dir, folder, "procedures.json"))));
    const tracesFile = path.join(dir, folder, "traces.jsonl");
    if (existsSync(tracesFile)) traces.push(...(await readTraces(tracesFile)));
  }
  // Everything is read, checked and grounded before the first write, so a broken demo file
  // leaves the store untouched.
  const ordered = childrenFirst(procedures);
  const batches = ordered.map((p) => {
    const mine = traces.filter((t) => t.procedure === p.id && (t.version ?? p.version) === p.version);
    return groundBatch(p, mine).traces.map((t) => ({ id: t.id, procedure: p.id, version: p.version, steps: t.steps }));
  });
  const saved: Procedure[] = [];
  for (const p of ordered) saved.push((await store.saveProcedure(p)).procedure);
  const scripts = new GraphScripts(store, new KeyedLock());
  let traceCount = 0;
  for (const [i, p] of saved.entries()) {
    const batch = batches[i]!;
    if (batch.length > 0) await store.appendTraces(p.id, p.version, batch);
    traceCount += batch.length;
    await scripts.rebuildLocked(p, undefined);
  }
  return { folders, procedures: saved.length, traces: traceCount };
}
