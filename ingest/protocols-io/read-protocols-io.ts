// Reads a protocols.io protocol as its API exports it (GET /v3/protocols/{id} → {protocol},
// GET /v4/protocols/{id} → {payload}, or the bare protocol object) and returns
// ImportedProcedures: the protocol, its sections and sub-steps as linked sub-procedures, and
// the nested protocols it runs (when the export embeds their steps).
//
// Shape read (validated with zod; unknown fields are ignored, as exports carry many):
//   protocol: { id?, title | title_html, uri?, doi?, version_id?, description?, steps: Step[] }
//   Step: { id?, guid?, previous_guid?, number?, section?, is_substep?, step?, components? }
//   components (v3): { type_id, source }: 1 description (HTML), 6 section title,
//     18 nested protocol ({id, title, uri, steps?}), 22 go to previous step ({step_guid});
//   `step` (v4): Draft.js JSON ({blocks: [{text}], entityMap}) whose entities may be
//     "protocol" or "gotostep" ({step_guid}); or plain HTML/text.
// Order: the previous_guid chain when every step has a guid, array order otherwise.
// Structure: a step numbered "3.1" (or is_substep) is a sub-step of the step before it, which
// then links to a sub-procedure of its sub-steps. When every step has a section and there are
// several, the main procedure's steps are the sections, each linked to its steps (a step
// without a section continues the one before it); otherwise the steps stay flat. "Go to step" loops never become cycles:
// the steps from the target to the step that says so are listed as repeatable.
// Step ids are "step-<number>" (protocols.io's own numbering; position when absent).
import { readTextFile } from "../files/read-text-file.js";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError, formatIssues, issuesFromZod, type InputIssue } from "../../src/errors.js";
import { ProcedureSchema, type Procedure } from "../../src/model/index.js";
import { loopTargets } from "../files/detect-loops.js";
import type { ImportedProcedures } from "../files/imported-procedures.js";
import { slugify, uniqueSlugger } from "../files/slug.js";

const Id = z.union([z.number(), z.string()]);
const ComponentSchema = z.looseObject({ type_id: z.coerce.number(), source: z.unknown().optional() });
const StepSchema = z.looseObject({
  id: Id.optional(),
  guid: z.string().nullish(),
  previous_guid: z.string().nullish(),
  number: z.union([z.string(), z.number()]).nullish(),
  section: z.string().nullish(),
  is_substep: z.union([z.boolean(), z.number()]).nullish(),
  step: z.string().nullish(),
  components: z.array(ComponentSchema).nullish(),
});
type RawStep = z.infer<typeof StepSchema>;
interface RawProtocol {
  id?: string | number | undefined;
  title?: string | null | undefined;
  title_html?: string | null | undefined;
  uri?: string | null | undefined;
  doi?: string | null | undefined;
  description?: string | null | undefined;
  steps?: RawStep[] | null | undefined;
}
const ProtocolSchema: z.ZodType<RawProtocol> = z.looseObject({
  id: Id.optional(),
  title: z.string().nullish(),
  title_html: z.string().nullish(),
  uri: z.string().nullish(),
  doi: z.string().nullish(),
  description: z.string().nullish(),
  steps: z.array(StepSchema).nullish(),
});

const ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", trade: "™", reg: "®", copy: "©", micro: "µ", deg: "°",
  plusmn: "±", times: "×", ndash: "–", mdash: "—", hellip: "…", lsquo: "‘", rsquo: "’", ldquo: "“", rdquo: "”", alpha: "α", beta: "β",
};

/** Plain text of an HTML fragment: tags dropped, block ends as spaces, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x?[0-9a-f]+|\w+);/gi, (m, e: string) => {
      if (e.startsWith("#x") || e.startsWith("#X")) return String.fromCodePoint(parseInt(e.slice(2), 16));
      if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, " ")
    .trim();
}

interface DraftEntity {
  type?: string;
  data?: Record<string, unknown>;
}

/** Text and entities of a v4 `step` field: Draft.js JSON, or HTML/plain text. */
function readStepField(value: string): { text: string; entities: DraftEntity[] } {
  const trimmed = value.trim();
  if (trimmed.startsWith("{")) {
    try {
      const draft = JSON.parse(trimmed) as { blocks?: { text?: string }[]; entityMap?: Record<string, DraftEntity> };
      if (Array.isArray(draft.blocks)) {
        return {
          text: draft.blocks.map((b) => (typeof b.text === "string" ? b.text : "")).join(" ").replace(/\s+/g, " ").trim(),
          entities: Object.values(draft.entityMap ?? {}),
        };
      }
    } catch {
      // not Draft.js: fall through to HTML
    }
  }
  return { text: htmlToText(value), entities: [] };
}

interface Parsed {
  number: string;
  text: string;
  section: string | undefined;
  /** 0 for a step, 1 for a sub-step ("3.1" or is_substep), 2 for "3.1.2", ... */
  depth: number;
  guid: string | undefined;
  nested: RawProtocol | undefined;
  gotoGuids: string[];
}

function parseStep(s: RawStep, position: number): Parsed {
  let text = "";
  let section = s.section ? htmlToText(s.section) || undefined : undefined;
  let nested: RawProtocol | undefined;
  const gotoGuids: string[] = [];
  if (s.step) {
    const r = readStepField(s.step);
    text = r.text;
    for (const e of r.entities) {
      const type = (e.type ?? "").toLowerCase();
      if (type === "gotostep" && typeof e.data?.step_guid === "string") gotoGuids.push(e.data.step_guid);
      if (type === "protocol" && e.data) nested = e.data as RawProtocol;
    }
  }
  for (const c of s.components ?? []) {
    const src = (c.source ?? {}) as Record<string, unknown>;
    if (c.type_id === 1 && typeof src.description === "string" && text === "") text = htmlToText(src.description);
    else if (c.type_id === 6 && typeof src.title === "string" && section === undefined) section = htmlToText(src.title) || undefined;
    else if (c.type_id === 18) nested = src as RawProtocol;
    else if (c.type_id === 22 && typeof src.step_guid === "string") gotoGuids.push(src.step_guid);
  }
  const number = s.number !== undefined && s.number !== null && String(s.number).trim() !== "" ? String(s.number).trim() : String(position);
  return {
    number,
    text,
    section,
    depth: /^\d+(\.\d+)+/.test(number) ? (number.match(/\./g) ?? []).length : s.is_substep === true || s.is_substep === 1 ? 1 : 0,
    guid: s.guid ?? undefined,
    nested,
    gotoGuids,
  };
}

/** Steps in protocols.io order: the previous_guid chain when complete, array order otherwise. */
function ordered(steps: RawStep[]): RawStep[] {
  if (steps.length === 0 || steps.some((s) => !s.guid)) return steps;
  const byPrev = new Map<string | null, RawStep>();
  for (const s of steps) byPrev.set(s.previous_guid ?? null, s);
  const out: RawStep[] = [];
  let cur = byPrev.get(null);
  while (cur && out.length < steps.length) {
    out.push(cur);
    cur = byPrev.get(cur.guid as string);
  }
  return out.length === steps.length ? out : steps;
}

export function parseProtocolsIo(data: unknown, options: { file?: string; id?: string } = {}): ImportedProcedures {
  const file = options.file ?? "<input>";
  const envelope = typeof data === "object" && data !== null && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  const key = envelope && "protocol" in envelope ? "protocol" : envelope && "payload" in envelope ? "payload" : undefined;
  const env = ProtocolSchema.safeParse(key ? envelope?.[key] : data);
  if (!env.success) {
    const issues = issuesFromZod(env.error, { file, prefix: key ? [key] : [] });
    throw new InvalidInputError("invalid_procedure", `not a protocols.io protocol export: ${file}:\n${formatIssues(issues)}`, issues);
  }
  const root = env.data;

  const procedures: Procedure[] = [];
  const repeatable: Record<string, string[]> = {};
  const notes: string[] = [];
  const issues: InputIssue[] = [];
  const ids = uniqueSlugger("protocol", 120);
  const seenNested = new Map<string, string>();

  function protocolId(p: RawProtocol, fallback: string): string {
    if (p.id !== undefined) return `protocols-io-${slugify(String(p.id), 40)}`;
    if (p.uri) return `protocols-io-${slugify(p.uri, 80)}`;
    return fallback;
  }

  function importProtocol(p: RawProtocol, id: string, where: (string | number)[]): void {
    const title = htmlToText(p.title ?? p.title_html ?? "") || id;
    const steps = ordered(p.steps ?? []).map((s, i) => parseStep(s, i + 1));
    if (steps.length === 0) {
      issues.push({ file, path: [...where, "steps"], message: `protocol ${JSON.stringify(title)} has no steps` });
      return;
    }
    const byGuid = new Map<string, number>();
    steps.forEach((s, i) => {
      if (s.guid) byGuid.set(s.guid, i);
      if (s.text === "") issues.push({ file, path: [...where, "steps", i], message: `step ${s.number} has no text (no description component and no step field)` });
    });
    const stepId = (s: Parsed): string => `step-${slugify(s.number, 20) || "x"}`;

    // Loops: "go to step" components/entities and "repeat/go back to step N" in the text.
    const loop = new Set<number>();
    const byNumber = new Map(steps.map((s, i) => [s.number, i]));
    steps.forEach((s, i) => {
      for (const g of s.gotoGuids) {
        const t = byGuid.get(g);
        if (t === undefined) notes.push(`${id}: step ${s.number} goes to step guid ${g}, which is not in the protocol`);
        else for (let k = Math.min(t, i); k <= Math.max(t, i); k++) loop.add(k);
      }
      const current = Number.parseInt(s.number, 10);
      for (const n of loopTargets(s.text, Number.isFinite(current) ? current : undefined)) {
        const t = byNumber.get(String(n));
        if (t !== undefined) loop.add(t);
      }
    });

    // Nested protocols: link, and import them when the export embeds their steps.
    const linkOf = (s: Parsed, at: number): string | undefined => {
      if (!s.nested) return undefined;
      const key = String(s.nested.id ?? s.nested.uri ?? s.nested.title ?? at);
      let nestedId = seenNested.get(key);
      if (nestedId === undefined) {
        nestedId = ids(protocolId(s.nested, `${id}-nested-${at + 1}`));
        seenNested.set(key, nestedId);
        if ((s.nested.steps ?? []).length > 0) importProtocol(s.nested, nestedId, [...where, "steps", at, "protocol"]);
        else notes.push(`${id}: step ${s.number} runs protocol ${JSON.stringify(htmlToText(s.nested.title ?? "") || key)} (${nestedId}), whose steps are not in this export: import it too`);
      }
      return nestedId;
    };

    type OutStep = { id: string; text: string; subprocedure?: string; repeatable?: boolean };
    const build = (pid: string, ptitle: string, list: { s: Parsed; i: number }[], where2: (string | number)[], level = 0): Procedure | undefined => {
      const out: OutStep[] = [];
      const children = new Map<number, { s: Parsed; i: number }[]>();
      let parent: number | undefined;
      for (const x of list) {
        if (x.s.depth > level && parent !== undefined) {
          children.get(parent)?.push(x);
          continue;
        }
        parent = x.i;
        children.set(x.i, []);
      }
      const later: (() => void)[] = [];
      for (const x of list) {
        if (!children.has(x.i)) continue;
        const step: OutStep = { id: stepId(x.s), text: x.s.text || `step ${x.s.number}` };
        if (loop.has(x.i)) step.repeatable = true;
        const subs = children.get(x.i) ?? [];
        const nested = linkOf(x.s, x.i);
        if (subs.length > 0) {
          const subId = ids(`${pid}-${step.id}`);
          step.subprocedure = subId;
          later.push(() => {
            build(subId, step.text, subs, where2, level + 1);
          });
          if (nested) notes.push(`${pid}: ${step.id} runs a nested protocol and has sub-steps; linked to its sub-steps`);
        } else if (nested) step.subprocedure = nested;
        out.push(step);
      }
      const r = ProcedureSchema.safeParse({ id: pid, version: 1, title: ptitle.slice(0, 1000), source: p.uri ?? p.doi ?? path.basename(file), steps: out });
      if (!r.success) {
        issues.push(...issuesFromZod(r.error, { file, prefix: where2 }));
        return undefined;
      }
      procedures.push(r.data);
      const rep = list.filter((x) => loop.has(x.i) && children.has(x.i)).map((x) => stepId(x.s));
      if (rep.length > 0) repeatable[pid] = rep;
      for (const f of later) f();
      return r.data;
    };

    const all = steps.map((s, i) => ({ s, i }));
    const sections: { title: string; items: { s: Parsed; i: number }[] }[] = [];
    for (const x of all) {
      const last = sections[sections.length - 1];
      if (last && (x.s.section === undefined || x.s.section === last.title || x.s.depth > 0)) last.items.push(x);
      else sections.push({ title: x.s.section ?? "", items: [x] });
    }
    // A step without a section continues the section before it (exports often name it once).
    const sectioned = sections.length >= 2 && all[0]?.s.section !== undefined;
    if (!sectioned) {
      build(id, title, all, where);
      return;
    }
    // One step per section in the main procedure, each detailed by a sub-procedure.
    const slug = uniqueSlugger("section", 40);
    const mainSteps = sections.map((sec) => ({ id: slug(sec.title), text: sec.title || "section", subprocedure: "" }));
    const index = procedures.length;
    procedures.push(undefined as unknown as Procedure);
    sections.forEach((sec, k) => {
      const subId = ids(`${id}-${(mainSteps[k] as OutStep).id}`);
      (mainSteps[k] as OutStep).subprocedure = subId;
      build(subId, sec.title, sec.items, where);
    });
    const r = ProcedureSchema.safeParse({ id, version: 1, title: title.slice(0, 1000), source: p.uri ?? p.doi ?? path.basename(file), steps: mainSteps });
    if (r.success) procedures[index] = r.data;
    else issues.push(...issuesFromZod(r.error, { file, prefix: where }));
  }

  const mainId = options.id ?? ids(protocolId(root, slugify(htmlToText(root.title ?? root.title_html ?? ""), 60) || "protocol"));
  importProtocol(root, mainId, []);
  if (issues.length > 0) throw new InvalidInputError("invalid_procedure", `invalid protocols.io export ${file}:\n${formatIssues(issues)}`, issues);
  return { procedures: procedures.filter((p) => p !== undefined), repeatable, notes };
}

export async function readProtocolsIo(file: string, options: { id?: string } = {}): Promise<ImportedProcedures> {
  const text = await readTextFile(file, "protocols.io export");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const issue: InputIssue = { file, path: [], message: `not valid JSON: ${(e as Error).message}` };
    throw new InvalidInputError("invalid_json", formatIssues([issue]), [issue]);
  }
  return parseProtocolsIo(data, { file, ...options });
}
