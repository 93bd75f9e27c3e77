// The datasets of `npm run eval:all`, read with the project's own importers (the functions behind
// `stepgraph import captaincook4d | crosstask-paths | xes`) from ../shared/datasets and cached as
// JSON in eval/out/cache/ (git-ignored; keyed by the importer options and the size and mtime of
// every source file, so a changed dataset is imported again). Data marked "evaluation only" is
// only ever cached there, never written into the repository.
// Each loader returns undefined when its source is absent (the caller prints a SKIPPED row).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readCaptainCook4d, type CaptainCook4dData, type RecordingSet } from "../../ingest/captaincook4d/read-captaincook4d.js";
import { readCrossTaskPaths, type CrossTaskPaths } from "../../ingest/crosstask-paths/read-crosstask-paths.js";
import { readTracesFile } from "../../ingest/read-traces-file.js";
import { eventStepId, type GroundedTrace } from "../../src/model/index.js";
import { OUT_DIR } from "../pm4py/run-oracle.js";
import { SHARED_DATASETS, SYNTHETIC_DIR } from "../order-validity-run.js";

export { SHARED_DATASETS };
export const CACHE_DIR = path.join(OUT_DIR, "cache");
/** Bumped when what a loader stores changes. */
const CACHE_FORMAT = 1;

export const CC4D_DIR = path.join(SHARED_DATASETS, "captaincook4d");
export const CROSSTASK_DIR = path.join(SHARED_DATASETS, "graph-script-crosstask-wikihow");
export const REAL_LOGS_DIR = path.join(SHARED_DATASETS, "event-logs", "real");
export { SYNTHETIC_DIR };

/** Size and mtime of every file under `source` (a file or a folder), sorted by path. */
function fingerprint(source: string): string {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) walk(path.join(p, name));
    else out.push(`${path.relative(SHARED_DATASETS, p)}\u0000${st.size}\u0000${st.mtimeMs}`);
  };
  walk(source);
  return out.join("\n");
}

async function cached<T>(name: string, source: string, options: unknown, produce: () => Promise<T>): Promise<T> {
  const key = createHash("sha256").update(JSON.stringify({ CACHE_FORMAT, options })).update(fingerprint(source)).digest("hex").slice(0, 16);
  const file = path.join(CACHE_DIR, `${name}-${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as T;
  const value = await produce();
  mkdirSync(CACHE_DIR, { recursive: true });
  writeFileSync(file, JSON.stringify(value));
  return value;
}

/** `stepgraph import captaincook4d --recordings <set> --mistakes`. */
export async function captainCook4d(recordings: RecordingSet): Promise<CaptainCook4dData | undefined> {
  if (!existsSync(path.join(CC4D_DIR, "linear_recipe_order"))) return undefined;
  return cached(`cc4d-${recordings}`, CC4D_DIR, { recordings, mistakes: true }, () => readCaptainCook4d(CC4D_DIR, { recordings, mistakes: true }));
}

/** `stepgraph import crosstask-paths`. */
export async function crossTaskPaths(): Promise<CrossTaskPaths | undefined> {
  if (!existsSync(path.join(CROSSTASK_DIR, "crosstask_wikihow_output_sequences.json"))) return undefined;
  return cached("crosstask-paths", CROSSTASK_DIR, {}, () => readCrossTaskPaths(CROSSTASK_DIR));
}

/**
 * The traces of an event log as `stepgraph import xes FILE [--classifier KEYS]` reads them (every
 * event, activity = the classifier's attributes), all under the procedure id "log".
 */
export async function eventLog(file: string, classifier?: readonly string[]): Promise<GroundedTrace[] | undefined> {
  if (!existsSync(file)) return undefined;
  const options = classifier ? { activityKeys: classifier } : {};
  return cached(`log-${path.basename(file).replace(/\W+/g, "_")}`, file, options, async () => {
    const out: GroundedTrace[] = [];
    for await (const r of readTracesFile(file, { procedure: "log", xes: options, dedupeTraceIds: true })) {
      if (!r.ok) throw new Error(`${file}: the XES reader refused a trace at line ${r.line}: ${r.issues.map((i) => i.message).join("; ")}`);
      out.push({ id: r.trace.id, procedure: "log", steps: r.trace.steps.map((e) => eventStepId(e) as string) });
    }
    return out;
  });
}
