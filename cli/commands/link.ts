// `stepgraph link`: links a step to the procedure that details it (its sub-procedure), or
// suggests which procedure that is.
//   stepgraph link --procedure P --step S --to Q [--target-version N] [--procedures FILE [--out FILE]] [--json]
//   stepgraph link --procedure P --step S --suggest [--k 5] [--procedures FILE] [--json]
// With --procedures it edits that JSON file (written to --out, or in place, atomically);
// otherwise it works on the configured store (STEPGRAPH_STORE / STEPGRAPH_DB / NEO4J_*), where
// the linked procedure is saved as a new version. Either way the link is refused when the
// target (or pinned version) does not exist (subprocedure_not_found, exit 3) or when it would
// make a procedure contain itself (subprocedure_cycle naming the cycle, exit 4); nothing is
// written then. --suggest ranks the other procedures by title (and by the steps already linked
// to them) for the step's text, and says "unlinkable" when none fits.
import { rename, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { z } from "zod";
import { readProcedures } from "../../ingest/json/read-procedures.js";
import { ConflictError, NotFoundError, parseOrThrow } from "../../src/errors.js";
import { findLinkCycle, formatLinkCycle } from "../../src/hierarchy/find-link-cycle.js";
import { assertSubprocedureLinks } from "../../src/hierarchy/assert-subprocedure-links.js";
import { createLinkSuggester, type LinkSuggestion } from "../../src/linking/suggest-links.js";
import { IdSchema, VersionSchema, type Procedure } from "../../src/model/index.js";
import type { GraphStore, SubprocedureLink } from "../../src/store/graph-store.js";
import { openStore, storeConfigFromEnv } from "../../src/store/store-config.js";
import { printJson, printText } from "../output.js";

const FlagsSchema = z
  .object({
    procedure: IdSchema,
    step: IdSchema,
    version: z.coerce.number().pipe(VersionSchema).optional(),
    to: IdSchema.optional(),
    targetVersion: z.coerce.number().pipe(VersionSchema).optional(),
    suggest: z.boolean().optional(),
    k: z.coerce.number().int().min(1).max(100).default(5),
    procedures: z.string().min(1).optional(),
    out: z.string().min(1).optional(),
    json: z.boolean().optional(),
  })
  .strict()
  .refine((o) => (o.to === undefined) !== (o.suggest === undefined), { message: "give exactly one of --to and --suggest", path: ["to"] })
  .refine((o) => o.targetVersion === undefined || o.to !== undefined, { message: "--target-version needs --to", path: ["targetVersion"] });
type Flags = z.output<typeof FlagsSchema>;

export function registerLink(program: Command): void {
  program
    .command("link")
    .description("link a step to the procedure that details it (refusing missing targets and cycles), or suggest one")
    .requiredOption("--procedure <id>", "procedure whose step is detailed")
    .requiredOption("--step <id>", "the step")
    .option("--version <n>", "procedure version (default: latest)")
    .option("--to <id>", "procedure that details the step")
    .option("--target-version <n>", "pin the link to this version of the target (default: always the latest)")
    .option("--suggest", "rank the other procedures for the step's text instead of linking")
    .option("--k <n>", "with --suggest: how many candidates", "5")
    .option("--procedures <file>", "work on this procedures JSON file instead of the store")
    .option("--out <file>", "with --procedures: write the result here (default: in place)")
    .option("--json", "print JSON")
    .action(async (raw: Record<string, unknown>) => {
      const o = parseOrThrow(FlagsSchema, raw, "link options");
      if (o.procedures !== undefined) return linkInFile(o, o.procedures);
      const store = await openStore(storeConfigFromEnv(process.env));
      try {
        await linkInStore(o, store);
      } finally {
        await store.close();
      }
    });
}

function findStep(p: Procedure, step: string): number {
  const at = p.steps.findIndex((s) => s.id === step);
  if (at < 0) {
    throw new NotFoundError("step_not_found", `procedure ${JSON.stringify(p.id)} version ${p.version} has no step ${JSON.stringify(step)}`, {
      procedure: p.id,
      step,
    });
  }
  return at;
}

function withLink(p: Procedure, at: number, to: string, targetVersion: number | undefined): Procedure {
  const steps = p.steps.map((s, i) => {
    if (i !== at) return s;
    const { subprocedureVersion: _drop, ...rest } = s;
    return targetVersion === undefined ? { ...rest, subprocedure: to } : { ...rest, subprocedure: to, subprocedureVersion: targetVersion };
  });
  return { ...p, steps };
}

function suggestionText(step: string, s: LinkSuggestion): string {
  const lines = s.candidates.map((c, i) => `${String(i + 1).padStart(2)}. ${c.id}  ${c.title}  (${c.score.toFixed(3)})`);
  return [`step ${JSON.stringify(step)}: ${s.unlinkable ? "unlinkable: no procedure fits" : "candidates"}`, ...lines].join("\n");
}

/** Goals for suggestions: every other procedure (latest version), with the steps linked to it as examples. */
function goalsFrom(latest: readonly Procedure[], self: string): { id: string; title: string; examples: string[] }[] {
  const examples = new Map<string, string[]>();
  for (const p of latest) for (const s of p.steps) if (s.subprocedure !== undefined) (examples.get(s.subprocedure) ?? examples.set(s.subprocedure, []).get(s.subprocedure)!).push(s.text);
  return latest.filter((p) => p.id !== self).map((p) => ({ id: p.id, title: p.title, examples: examples.get(p.id) ?? [] }));
}

function latestOnly(procedures: readonly Procedure[]): Procedure[] {
  const best = new Map<string, Procedure>();
  for (const p of procedures) if ((best.get(p.id)?.version ?? 0) < p.version) best.set(p.id, p);
  return [...best.values()];
}

async function linkInFile(o: Flags, file: string): Promise<void> {
  const procedures = await readProcedures(file);
  const versions = procedures.filter((p) => p.id === o.procedure);
  const p = o.version === undefined ? latestOnly(versions)[0] : versions.find((x) => x.version === o.version);
  if (p === undefined) {
    const what = o.version === undefined ? JSON.stringify(o.procedure) : `${JSON.stringify(o.procedure)} version ${o.version}`;
    throw new NotFoundError("procedure_not_found", `${file}: no procedure ${what}`, { procedure: o.procedure });
  }
  const at = findStep(p, o.step);
  if (o.suggest) {
    const s = createLinkSuggester(goalsFrom(latestOnly(procedures), p.id)).suggest(p.steps[at]!.text, o.k);
    return o.json ? printJson({ procedure: p.id, version: p.version, step: o.step, ...s }) : printText(suggestionText(o.step, s));
  }
  const to = o.to!;
  const target = procedures.filter((x) => x.id === to && (o.targetVersion === undefined || x.version === o.targetVersion));
  if (target.length === 0 && to !== p.id) {
    const what = o.targetVersion === undefined ? JSON.stringify(to) : `${JSON.stringify(to)} version ${o.targetVersion}`;
    throw new NotFoundError("subprocedure_not_found", `${file}: step ${JSON.stringify(o.step)} of ${JSON.stringify(p.id)} cannot link to procedure ${what}, which is not in the file`, {
      procedure: p.id,
      step: o.step,
      target: to,
    });
  }
  const linked = withLink(p, at, to, o.targetVersion);
  const links: SubprocedureLink[] = procedures.flatMap((x) => linksOf(x));
  const latest = new Map(latestOnly(procedures).map((x) => [x.id, x.version]));
  const cycle = findLinkCycle(links, linksOf(linked), { latestVersion: (id) => latest.get(id) });
  if (cycle !== undefined) {
    throw new ConflictError("subprocedure_cycle", `${file}: linking step ${JSON.stringify(o.step)} of ${JSON.stringify(p.id)} to ${JSON.stringify(to)} would make it contain itself: ${formatLinkCycle(cycle)}`, {
      procedure: p.id,
      step: o.step,
      cycle,
    });
  }
  const out = o.out ?? file;
  const updated = procedures.map((x) => (x === p ? linked : x));
  const tmp = `${out}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(updated, null, 2)}\n`);
  await rename(tmp, out);
  const result = { procedure: p.id, version: p.version, step: o.step, subprocedure: to, ...(o.targetVersion === undefined ? {} : { subprocedureVersion: o.targetVersion }), file: out };
  return o.json ? printJson(result) : printText(`linked step ${JSON.stringify(o.step)} of ${JSON.stringify(p.id)} to ${JSON.stringify(to)} in ${out}`);
}

async function linkInStore(o: Flags, store: GraphStore): Promise<void> {
  const p = await store.getProcedure(o.procedure, o.version);
  if (p === undefined) {
    const what = o.version === undefined ? JSON.stringify(o.procedure) : `${JSON.stringify(o.procedure)} version ${o.version}`;
    throw new NotFoundError("procedure_not_found", `no procedure ${what} in the store`, { procedure: o.procedure });
  }
  const at = findStep(p, o.step);
  if (o.suggest) {
    const summaries = await store.listProcedures({ limit: 100_000 });
    const latest: Procedure[] = [];
    for (const s of summaries) {
      const x = await store.getProcedure(s.id);
      if (x) latest.push(x);
    }
    const s = createLinkSuggester(goalsFrom(latest, p.id)).suggest(p.steps[at]!.text, o.k);
    return o.json ? printJson({ procedure: p.id, version: p.version, step: o.step, ...s }) : printText(suggestionText(o.step, s));
  }
  const { version: _old, ...linked } = withLink(p, at, o.to!, o.targetVersion);
  await assertSubprocedureLinks(store, linked);
  const saved = await store.saveProcedure(linked);
  const result = { procedure: p.id, version: saved.procedure.version, created: saved.created, step: o.step, subprocedure: o.to! };
  return o.json ? printJson(result) : printText(`linked step ${JSON.stringify(o.step)} of ${JSON.stringify(p.id)} to ${JSON.stringify(o.to)}: saved as version ${saved.procedure.version}`);
}

function linksOf(p: Procedure): SubprocedureLink[] {
  return p.steps.flatMap((s) => {
    if (s.subprocedure === undefined) return [];
    const l: SubprocedureLink = { procedure: p.id, version: p.version, step: s.id, target: s.subprocedure };
    if (s.subprocedureVersion !== undefined) l.targetVersion = s.subprocedureVersion;
    return [l];
  });
}
