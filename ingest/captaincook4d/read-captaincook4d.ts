// Reads the CaptainCook4D dataset folder (annotations, linear recipe order, DTGL's cleaned
// graphs and recordings) into stepgraph's domain types: one Procedure per recipe (the written
// recipe order), traces, ground-truth precedence edges, per-recording error tags and, on
// request, a mistake-detection split. See ../shared/datasets/captaincook4d/SOURCE.md.
//
// Ids: a procedure is the recipe key ("coffee"); a step is the global CaptainCook4D step id as
// a string ("68"), the id every annotation file uses, so the mapping never depends on a run.
// Recipes list a few steps twice (e.g. "Stir" in dressedupmeatballs); the written procedure
// keeps each step once, at its first position (DTGL's graphs merge the copies into one node).
// Recording sets:
// - dtgl:   DTGL's 194 recordings, segments in JSON list order, first occurrence of each step;
// - all:    all 384 recordings, skipped steps (start_time -1) left out, repeats kept;
// - normal: the 164 recordings without any error annotation, as in `all`.
// The truth of every set is DTGL's ground-truth graph, mapped to global step ids.
// NOTE: recordings keep the annotation's list order, not start times: 83 adjacent pairs in 72
// recordings are listed out of start-time order, and DTGL's protocol uses the list order.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError, formatIssues, issuesFromZod, type InputIssue } from "../../src/errors.js";
import { END, START, type GroundedTrace, type Procedure } from "../../src/model/index.js";

export const RECORDING_SETS = ["dtgl", "normal", "all"] as const;
export type RecordingSet = (typeof RECORDING_SETS)[number];

export interface TruthGraph {
  procedure: string;
  /** [a, b]: a must come before b; START and END included. */
  edges: [string, string][];
}

export interface RecordingTags {
  id: string;
  procedure: string;
  /** Distinct upstream error tags of the recording ("Order Error", "Missing Step", ...), sorted. */
  errors: string[];
  /** Index in this recording's trace of the first step tagged "Order Error", or null. */
  orderErrorAt: number | null;
}

export interface MistakeCase {
  id: string;
  procedure: string;
  /** The recording up to and including its first step tagged "Order Error". */
  steps: string[];
  /** Index of that step (the last one). */
  mistakeAt: number;
}

export interface CaptainCook4dData {
  procedures: Procedure[];
  traces: GroundedTrace[];
  truth: TruthGraph[];
  recordings: RecordingTags[];
  /** With `mistakes`: training traces (the normal recordings) and test cases. */
  train?: GroundedTrace[];
  test?: MistakeCase[];
}

const Num = z.number();
const LinearOrderSchema = z.record(
  z.string(),
  z.object({
    activity_id: z.number().int(),
    activity_name: z.string().min(1),
    steps: z.array(z.object({ step_id: z.number().int(), dtgl_task_graph_node: z.number().int() })).min(1),
  }),
);
const StepTextSchema = z.record(z.string(), z.string());
const CompleteSchema = z.record(
  z.string(),
  z.object({
    recording_id: z.string(),
    activity_id: z.number().int(),
    steps: z.array(z.object({ step_id: z.number().int(), start_time: Num, end_time: Num })),
  }),
);
const ErrorAnnotationsSchema = z.array(
  z.object({
    recording_id: z.string(),
    is_error: z.boolean(),
    step_annotations: z.array(
      z.object({
        step_id: z.number().int(),
        errors: z.array(z.object({ tag: z.string() })).optional(),
      }),
    ),
  }),
);
const DtglAnnotationsSchema = z.object({
  annotations: z.record(
    z.string(),
    z.object({ scenario: z.string(), segments: z.array(z.object({ step_id: z.number().int() })) }),
  ),
});
const GraphSchema = z.object({
  steps: z.record(z.string(), z.string()),
  edges: z.array(z.tuple([z.number().int(), z.number().int()])),
});

async function readJson<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    throw new InvalidInputError("file_not_readable", `${file}: cannot read: ${(e as Error).message}`, [
      { file, path: [], message: "cannot read" },
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError("invalid_json", `${file}: not valid JSON: ${(e as Error).message}`, [
      { file, path: [], message: "not valid JSON" },
    ]);
  }
  const r = schema.safeParse(data);
  if (!r.success) {
    const issues = issuesFromZod(r.error, { file });
    throw new InvalidInputError("invalid_dataset", `invalid CaptainCook4D file ${file}:\n${formatIssues(issues.slice(0, 20))}`, issues);
  }
  return r.data;
}

/**
 * CaptainCook4D writes step texts as "verb-Description": a one-word action label, a hyphen, then
 * the sentence ("Place-Place the dripper on a mug", "check-Once the water has boiled, ...").
 * Keep the sentence: drop the label when the sentence repeats it or starts with a capitalised
 * word ("While the cake ..."). Other texts ("Microwave-safe bowl") are unchanged.
 */
export function readableStepText(text: string): string {
  const m = /^([^\s-]+)-(.+)$/s.exec(text);
  if (m === null) return text;
  const [, verb, rest] = m as unknown as [string, string, string];
  const repeats = rest.toLowerCase().startsWith(verb.toLowerCase());
  const labelled = /^[A-Za-z]+$/.test(verb) && /^[A-Z][a-z]*[\s,]/.test(rest);
  return repeats || labelled ? rest : text;
}

export async function readCaptainCook4d(
  dir: string,
  options: { recordings?: RecordingSet; mistakes?: boolean } = {},
): Promise<CaptainCook4dData> {
  const set = options.recordings ?? "dtgl";
  const f = (...p: string[]) => path.join(dir, ...p);
  const linearFile = f("linear_recipe_order", "recipe_linear_order.json");
  const linear = await readJson(linearFile, LinearOrderSchema);
  const texts = await readJson(f("annotation_json", "step_idx_description.json"), StepTextSchema);
  const issues: InputIssue[] = [];

  const recipeOfActivity = new Map<number, string>();
  const procedures: Procedure[] = [];
  const written = new Map<string, Set<string>>();
  const truth: TruthGraph[] = [];
  for (const recipe of Object.keys(linear).sort()) {
    const r = linear[recipe]!;
    recipeOfActivity.set(r.activity_id, recipe);
    const seen = new Set<string>();
    const nodeToStep = new Map<number, string>();
    const steps: Procedure["steps"] = [];
    r.steps.forEach((s, i) => {
      const id = String(s.step_id);
      const known = nodeToStep.get(s.dtgl_task_graph_node);
      if (known !== undefined && known !== id)
        issues.push({ file: linearFile, path: [recipe, "steps", i, "dtgl_task_graph_node"], message: `node ${s.dtgl_task_graph_node} maps to steps ${known} and ${id}` });
      nodeToStep.set(s.dtgl_task_graph_node, id);
      if (seen.has(id)) return;
      seen.add(id);
      const text = texts[id];
      if (text === undefined) {
        issues.push({ file: linearFile, path: [recipe, "steps", i, "step_id"], message: `step ${id} has no description in step_idx_description.json` });
        return;
      }
      steps.push({ id, text: readableStepText(text) });
    });
    written.set(recipe, seen);
    procedures.push({
      id: recipe,
      version: 1,
      title: r.activity_name,
      source: "CaptainCook4D linear_recipe_order/recipe_linear_order.json (written recipe order)",
      steps,
    });
    const graphFile = f("dtgl", "ground_truth_task_graphs", `${recipe}.json`);
    const g = await readJson(graphFile, GraphSchema);
    const keys = Object.keys(g.steps).map(Number).sort((a, b) => a - b);
    const startNode = keys[0]!;
    const endNode = keys[keys.length - 1]!;
    if (g.steps[String(startNode)] !== "START" || g.steps[String(endNode)] !== "END")
      issues.push({ file: graphFile, path: ["steps"], message: `expected START at node ${startNode} and END at node ${endNode}` });
    const name = (node: number, i: number): string => {
      if (node === startNode) return START;
      if (node === endNode) return END;
      const id = nodeToStep.get(node);
      if (id === undefined) {
        issues.push({ file: graphFile, path: ["edges", i], message: `node ${node} is not in the recipe's linear order` });
        return `?${node}`;
      }
      return id;
    };
    truth.push({ procedure: recipe, edges: g.edges.map(([a, b], i) => [name(a, i), name(b, i)]) });
  }

  const errorsFile = f("annotation_json", "error_annotations.json");
  const errorList = await readJson(errorsFile, ErrorAnnotationsSchema);
  const errorsOf = new Map(errorList.map((e) => [e.recording_id, e]));

  /** A recording's trace, with the index in the trace of each kept annotation entry. */
  interface Recording {
    id: string;
    procedure: string;
    steps: string[];
    /** Tags per trace index. */
    tags: string[][];
    isError: boolean;
  }
  const recordings: Recording[] = [];
  let mistakeRecordings: Recording[] = [];
  const checkStep = (file: string, where: (string | number)[], recipe: string, id: string): boolean => {
    if (written.get(recipe)?.has(id)) return true;
    issues.push({ file, path: where, message: `step ${id} is not a step of recipe ${JSON.stringify(recipe)}` });
    return false;
  };

  if (set === "dtgl") {
    const dtglFile = f("dtgl", "task_graph_generation_annotations.json");
    const dtgl = await readJson(dtglFile, DtglAnnotationsSchema);
    for (const [rid, rec] of Object.entries(dtgl.annotations)) {
      if (!written.has(rec.scenario)) {
        issues.push({ file: dtglFile, path: ["annotations", rid, "scenario"], message: `unknown recipe ${JSON.stringify(rec.scenario)}` });
        continue;
      }
      const steps: string[] = [];
      rec.segments.forEach((s, i) => {
        const id = String(s.step_id);
        if (checkStep(dtglFile, ["annotations", rid, "segments", i, "step_id"], rec.scenario, id) && !steps.includes(id)) steps.push(id);
      });
      const e = errorsOf.get(rid);
      recordings.push({ id: rid, procedure: rec.scenario, steps, tags: steps.map(() => []), isError: e?.is_error ?? false });
    }
  }
  if (set !== "dtgl" || options.mistakes) {
    const completeFile = f("annotation_json", "complete_step_annotations.json");
    const complete = await readJson(completeFile, CompleteSchema);
    const full: Recording[] = [];
    for (const [rid, rec] of Object.entries(complete)) {
      const recipe = recipeOfActivity.get(rec.activity_id);
      if (recipe === undefined) {
        issues.push({ file: completeFile, path: [rid, "activity_id"], message: `unknown activity ${rec.activity_id}` });
        continue;
      }
      const e = errorsOf.get(rid);
      if (e === undefined || e.step_annotations.length !== rec.steps.length || e.step_annotations.some((s, i) => s.step_id !== rec.steps[i]!.step_id)) {
        issues.push({ file: errorsFile, path: [rid], message: "missing, or its steps differ from complete_step_annotations.json" });
        continue;
      }
      const steps: string[] = [];
      const tags: string[][] = [];
      rec.steps.forEach((s, i) => {
        const id = String(s.step_id);
        if (!checkStep(completeFile, [rid, "steps", i, "step_id"], recipe, id)) return;
        if (s.start_time < 0) return; // skipped step
        steps.push(id);
        tags.push([...new Set((e.step_annotations[i]!.errors ?? []).map((x) => x.tag))]);
      });
      full.push({ id: rid, procedure: recipe, steps, tags, isError: e.is_error });
    }
    if (set !== "dtgl") recordings.push(...full.filter((r) => set === "all" || !r.isError));
    if (options.mistakes) mistakeRecordings = full;
  }
  if (issues.length > 0) {
    throw new InvalidInputError("invalid_dataset", `CaptainCook4D folder ${dir} is not as expected:\n${formatIssues(issues.slice(0, 20))}`, issues);
  }

  const byId = (a: { id: string }, b: { id: string }) => compareRecordingIds(a.id, b.id);
  recordings.sort(byId);
  const errorTags = (rid: string): string[] => {
    const e = errorsOf.get(rid);
    return [...new Set((e?.step_annotations ?? []).flatMap((s) => (s.errors ?? []).map((x) => x.tag)))].sort();
  };
  const out: CaptainCook4dData = {
    procedures,
    traces: recordings.map((r) => ({ id: r.id, procedure: r.procedure, version: 1, steps: r.steps })),
    truth,
    recordings: recordings.map((r) => {
      const at = r.tags.findIndex((t) => t.includes("Order Error"));
      return { id: r.id, procedure: r.procedure, errors: errorTags(r.id), orderErrorAt: at < 0 ? null : at };
    }),
  };
  if (options.mistakes) {
    const full = [...mistakeRecordings].sort(byId);
    out.train = full.filter((r) => !r.isError).map((r) => ({ id: r.id, procedure: r.procedure, version: 1, steps: r.steps }));
    out.test = full.flatMap((r) => {
      const at = r.tags.findIndex((t) => t.includes("Order Error"));
      return at < 0 ? [] : [{ id: r.id, procedure: r.procedure, steps: r.steps.slice(0, at + 1), mistakeAt: at }];
    });
  }
  return out;
}

/** Orders "12_3" before "12_10" (activity, then take, numerically). */
function compareRecordingIds(a: string, b: string): number {
  const pa = a.split("_").map(Number);
  const pb = b.split("_").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
