// Reads the seed paper's CrossTask-to-wikiHow grounded paths (Zhou et al., ACL 2023; dataset
// folder graph-script-crosstask-wikihow): three parallel JSON arrays, one entry per video —
// the task's step library (list of "<step> <-> " strings), the same library joined, and the
// observed path (a "<->"-joined string). Returns one Procedure per distinct library (a task),
// its steps in written (library) order, and one GroundedTrace per video, in file order.
// Assumes the three arrays have the same length and that every path step is a library step;
// both are checked, and any violation throws InvalidInputError naming the file, entry and step.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError, formatIssues, parseOrThrow, type InputIssue } from "../../src/errors.js";
import { ProcedureSchema, type GroundedTrace, type Procedure } from "../../src/model/index.js";
import { slugify, uniqueSlugger } from "../files/slug.js";

export const CROSSTASK_FILES = {
  libraries: "crosstask_wikihow_reference_step_libraries.json",
  inputs: "crosstask_wikihow_input_sequences.json",
  outputs: "crosstask_wikihow_output_sequences.json",
} as const;

const SEPARATOR = " <-> ";

// NOTE: the files carry no task names. These are CrossTask's primary task titles
// (DmZhukov/CrossTask, tasks_primary.txt), keyed by the first step of each task's wikiHow
// library; an unknown library falls back to "CrossTask task N", so other data still imports.
const KNOWN_TITLES: Record<string, string> = {
  "pour water into the container.": "Make Jello Shots",
  "cut out (or purchase) wooden pieces for the shelf.": "Build Simple Floating Shelves",
  "add the onion and garlic to the pan and cook until they turn soft.": "Make Taco Salad",
  "season the steak with salt and pepper.": "Grill Steak",
  "add diced onion to the pan.": "Make Kimchi Fried Rice",
  "pour eggs into the mixer.": "Make Meringue",
  "add grinded coffee to the container.": "Make a Latte",
  "cut the cucumbers into 1⁄4 inch (0.64 cm) slices.": "Make Bread and Butter Pickles",
  "cut the lemons in half.": "Make Lemonade",
  "add milk to the bowl.": "Make French Toast",
  "add onions into the pan.": "Make Kerala Fish Curry",
  "peel the bananas.": "Make Banana Ice Cream",
  "remove the engine oil cap.": "Add Oil to Your Car",
  "set the parking brake on.": "Change a Tire",
  "add your whiskey to the mug.": "Make Irish Coffee",
  "pour eggs into the mixing bowl.": "Make French Strawberry Cake",
  "add flour into the mixing bowl.": "Make Pancakes",
};

export interface CrossTaskPaths {
  procedures: Procedure[];
  traces: GroundedTrace[];
}

const LibrariesSchema = z.array(z.array(z.string().min(1)).min(1));
const SequencesSchema = z.array(z.string());

/** Splits a "a <-> b <-> " string into its step texts (the trailing separator is optional). */
export function splitSteps(joined: string): string[] {
  return joined
    .split(SEPARATOR.trim())
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

/** Builds procedures and traces from the parsed arrays; `files` only names sources in errors. */
export function parseCrossTaskPaths(
  libraries: unknown,
  outputs: unknown,
  files: { libraries: string; outputs: string } = { libraries: CROSSTASK_FILES.libraries, outputs: CROSSTASK_FILES.outputs },
): CrossTaskPaths {
  const libs = parseOrThrow(LibrariesSchema, libraries, "step libraries", { file: files.libraries });
  const paths = parseOrThrow(SequencesSchema, outputs, "observed paths", { file: files.outputs });
  if (libs.length !== paths.length) {
    const issue: InputIssue = {
      file: files.outputs,
      path: [],
      message: `has ${paths.length} entries but ${files.libraries} has ${libs.length}; the arrays must be parallel`,
    };
    throw new InvalidInputError("invalid_input", formatIssues([issue]), [issue]);
  }

  const byLibrary = new Map<string, { procedure: Procedure; idOfText: Map<string, string> }>();
  const procedureSlugs = uniqueSlugger("task");
  const traces: GroundedTrace[] = [];
  const issues: InputIssue[] = [];

  libs.forEach((rawLibrary, i) => {
    const texts = rawLibrary.map((s) => s.replace(/\s*<->\s*$/, "").trim());
    const key = JSON.stringify(texts);
    let task = byLibrary.get(key);
    if (task === undefined) {
      const n = byLibrary.size + 1;
      const title = KNOWN_TITLES[texts[0] ?? ""] ?? `CrossTask task ${n}`;
      const id = `crosstask-${procedureSlugs(KNOWN_TITLES[texts[0] ?? ""] ? slugify(title) : `task-${n}`)}`;
      const stepSlugs = uniqueSlugger("step");
      const idOfText = new Map<string, string>();
      const steps = texts.map((text) => {
        const existing = idOfText.get(text);
        const stepId = existing ?? stepSlugs(text);
        idOfText.set(text, stepId);
        return { id: stepId, text };
      });
      if (new Set(texts).size !== texts.length) {
        issues.push({ file: files.libraries, path: [i], message: `library repeats a step text: ${JSON.stringify(texts)}` });
        return;
      }
      const procedure = parseOrThrow(
        ProcedureSchema,
        {
          id,
          version: 1,
          title,
          source: "CrossTask videos grounded to wikiHow steps (Zhou et al., ACL 2023), graph-script-crosstask-wikihow",
          steps,
        },
        "procedure",
        { file: files.libraries, prefix: [i] },
      );
      task = { procedure, idOfText };
      byLibrary.set(key, task);
    }
    const steps: string[] = [];
    splitSteps(paths[i] ?? "").forEach((text, j) => {
      const stepId = task.idOfText.get(text);
      if (stepId === undefined) {
        issues.push({
          file: files.outputs,
          path: [i, j],
          message: `step ${JSON.stringify(text)} is not in the library of ${task.procedure.id} (entry ${i} of ${files.libraries})`,
        });
      } else steps.push(stepId);
    });
    traces.push({ id: `video-${String(i).padStart(4, "0")}`, procedure: task.procedure.id, version: 1, steps });
  });

  if (issues.length > 0) {
    throw new InvalidInputError("unknown_step", `invalid CrossTask paths:\n${formatIssues(issues)}`, issues);
  }
  return { procedures: [...byLibrary.values()].map((t) => t.procedure), traces };
}

async function readJson(file: string): Promise<unknown> {
  const text = await readFile(file, "utf8");
  try {
    return JSON.parse(text);
  } catch (e) {
    const issue: InputIssue = { file, path: [], message: `not valid JSON: ${(e as Error).message}` };
    throw new InvalidInputError("invalid_json", formatIssues([issue]), [issue]);
  }
}

/** Reads the dataset folder `dir` (the three files named in CROSSTASK_FILES). */
export async function readCrossTaskPaths(dir: string): Promise<CrossTaskPaths> {
  const librariesFile = path.join(dir, CROSSTASK_FILES.libraries);
  const outputsFile = path.join(dir, CROSSTASK_FILES.outputs);
  const [libraries, outputs] = await Promise.all([readJson(librariesFile), readJson(outputsFile)]);
  return parseCrossTaskPaths(libraries, outputs, { libraries: librariesFile, outputs: outputsFile });
}
