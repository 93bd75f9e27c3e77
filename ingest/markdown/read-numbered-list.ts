// Reads a procedure written as a Markdown or plain-text numbered list. Returns
// ImportedProcedures: the main procedure first, then one sub-procedure per section or nested
// list, each linked from the step that it details.
//
// What is recognised (line by line; Markdown is read as people write step lists, not as
// full CommonMark):
// - title: the first "# " heading (or a setext "===" heading), else the first non-item line,
//   else the file name;
// - steps: numbered items ("1." "1)" "Step 1:") and bullets ("-", "*", "+"); a line that
//   follows an item without a blank line, or is indented under it, continues its text;
// - nested items (indented under an item) become a sub-procedure linked from that item;
// - sections: "## " headings (any level below the title), or in plain text a line ending in ":"
//   followed by a list; each section with steps becomes a sub-procedure. It is linked from the
//   step that names it (its heading text, or a Markdown link to "#its-anchor"); when the
//   document has no steps outside sections, each section becomes a step of its parent, in
//   order, linked to its sub-procedure. A section that no step names is still imported, and a
//   note says so;
// - loops: "repeat steps 3-5", "go back to step 2" mark the named steps (by written number;
//   going back also re-runs the steps up to the current one) repeatable (in `repeatable`),
//   never a cycle;
// - a text with no list at all (WLP / protocols.io text dumps): the first line is the title
//   and every other non-blank line is one step (a "#" line too: "# of events" is text there).
// - optional steps: "(optional)" or "[optional]" at the start or end of an item, or
//   "optional:" at its start: the marker is removed and the step gets `optional: true`;
// - references to a section: "(see Master mix)" or a link "[Master mix](#master-mix)" makes the
//   step link to that section's sub-procedure; the parenthesised reference is removed from the
//   text (see step-markers.ts). A step whose text merely names the section links to it too.
// Step ids are short readable slugs of the cleaned step text (no articles, ≤ 40 characters cut
// at a word boundary, never ending on "to", "of"...; unique within a procedure: "mix", "mix-2");
// sub-procedure ids are "<parent id>-<step or section slug>"; the main id is the slug of the
// title (≤ 60 chars). Throws InvalidInputError (naming the file and line) for an empty
// document or a step that is too long.
import path from "node:path";
import { InvalidInputError, formatIssues, type InputIssue } from "../../src/errors.js";
import { MAX_STEP_TEXT, ProcedureSchema, type Procedure } from "../../src/model/index.js";
import { loopTargets } from "../files/detect-loops.js";
import { readTextFile } from "../files/read-text-file.js";
import type { ImportedProcedures } from "../files/imported-procedures.js";
import { slugify, uniqueReadableSlugger, uniqueSlugger } from "../files/slug.js";
import { optionalMarker, sectionRef, sectionReferences } from "./step-markers.js";

export interface NumberedListOptions {
  /** Id of the main procedure (default: slug of the title). */
  id?: string;
  /** Title when the document has none (default: the file name). */
  title?: string;
  /** File name for messages and `source`. */
  file?: string;
}

interface Item {
  line: number;
  indent: number;
  number: number | undefined;
  text: string;
  children: Item[];
}

interface Section {
  title: string;
  level: number;
  line: number;
  items: Item[];
  children: Section[];
}

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const NUMBERED = /^(\s*)(?:(\d+)[.)]|step\s+(\d+)\s*[:.)-]?)\s+(.*\S)\s*$/i;
const BULLET = /^(\s*)[-*+]\s+(.*\S)\s*$/;
const SETEXT = /^\s*(=+|-+)\s*$/;

function indentOf(ws: string): number {
  return ws.replace(/\t/g, "    ").length;
}

export function parseNumberedList(text: string, options: NumberedListOptions = {}): ImportedProcedures {
  const file = options.file ?? "<input>";
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const isItem = (l: string): boolean => NUMBERED.test(l) || BULLET.test(l);

  let title: string | undefined;
  let description: string | undefined;
  const root: Section = { title: "", level: 0, line: 0, items: [], children: [] };
  const sectionStack: Section[] = [root];
  let itemStack: Item[] = [];
  let last: Item | undefined; // item that a continuation line extends
  let anyItem = false;

  const currentSection = (): Section => sectionStack[sectionStack.length - 1] as Section;
  const openSection = (level: number, heading: string, line: number): void => {
    while (sectionStack.length > 1 && (sectionStack[sectionStack.length - 1] as Section).level >= level) sectionStack.pop();
    const s: Section = { title: heading, level, line, items: [], children: [] };
    currentSection().children.push(s);
    sectionStack.push(s);
    itemStack = [];
    last = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.trim() === "") {
      last = undefined;
      continue;
    }
    const next = lines[i + 1];
    const h = HEADING.exec(raw);
    const setext = next !== undefined && SETEXT.test(next) && !isItem(raw) && last === undefined && raw.trim() !== "";
    if (h || setext) {
      const level = h ? (h[1] as string).length : (next as string).trim().startsWith("=") ? 1 : 2;
      const heading = h ? (h[2] as string) : raw.trim();
      if (setext) i++;
      if (title === undefined && level === 1) {
        title = heading;
        continue;
      }
      openSection(Math.max(2, level), heading, lineNo);
      continue;
    }
    const m = NUMBERED.exec(raw) ?? BULLET.exec(raw);
    if (m) {
      anyItem = true;
      const numbered = NUMBERED.test(raw);
      const indent = indentOf(m[1] ?? "");
      const number = numbered ? Number(m[2] ?? m[3]) : undefined;
      const itemText = (numbered ? m[4] : m[2]) as string;
      const item: Item = { line: lineNo, indent, number, text: itemText, children: [] };
      while (itemStack.length > 0 && (itemStack[itemStack.length - 1] as Item).indent >= indent) itemStack.pop();
      const parent = itemStack[itemStack.length - 1];
      if (parent) parent.children.push(item);
      else currentSection().items.push(item);
      itemStack.push(item);
      last = item;
      continue;
    }
    // A plain line: continuation of an item, a plain-text section heading, title or description.
    if (last !== undefined) {
      last.text = `${last.text} ${raw.trim()}`;
      continue;
    }
    const nextNonBlank = lines.slice(i + 1).find((l) => l.trim() !== "");
    if (raw.trim().endsWith(":") && nextNonBlank !== undefined && isItem(nextNonBlank) && title !== undefined) {
      openSection(2, raw.trim().replace(/:$/, ""), lineNo);
      continue;
    }
    if (title === undefined) title = raw.trim();
    else if (currentSection() === root && root.items.length === 0) description = description ? `${description} ${raw.trim()}` : raw.trim();
  }

  const baseName = options.file ? path.basename(options.file).replace(/\.(md|markdown|txt|text)$/i, "") : undefined;
  // No list anywhere: first line is the title, every other non-blank line one step.
  if (!anyItem) {
    const content = lines.map((l, i) => ({ l: l.trim(), line: i + 1 })).filter((x) => x.l !== "");
    const [first, ...rest] = content;
    title = first === undefined ? undefined : (HEADING.exec(first.l)?.[2] ?? first.l);
    root.items = rest.map((x, i) => ({ line: x.line, indent: 0, number: i + 1, text: x.l, children: [] }));
    root.children = [];
    description = undefined;
  }
  title = title ?? options.title ?? baseName;
  const hasSteps = (s: Section): boolean => s.items.length > 0 || s.children.some(hasSteps);
  if (title === undefined || !hasSteps(root)) {
    const issue: InputIssue = { file, path: [], message: "no steps found: expected a numbered list, a bullet list, or one step per line after a title line" };
    throw new InvalidInputError("invalid_procedure", formatIssues([issue]), [issue]);
  }

  const procedures: Procedure[] = [];
  const repeatable: Record<string, string[]> = {};
  const notes: string[] = [];
  const issues: InputIssue[] = [];
  const procedureIds = uniqueSlugger("procedure", 120);

  function build(id: string, procTitle: string, items: Item[], sections: Section[], desc?: string): void {
    const slug = uniqueReadableSlugger("step", 40);
    const steps: { id: string; text: string; subprocedure?: string; optional?: boolean; repeatable?: boolean }[] = [];
    const byNumber = new Map<number, string>();
    const index = procedures.length;
    procedures.push(undefined as unknown as Procedure); // placeholder keeps parents before children
    const pending: (() => void)[] = [];
    if (items.length > 0) {
      const refs = sections.map((s) => sectionRef(s.title));
      const referencing = new Map<number, number>(); // section index → step index
      items.forEach((it, i) => {
        if (it.text.length > MAX_STEP_TEXT) issues.push({ file, line: it.line, path: ["text"], message: `step text is longer than ${MAX_STEP_TEXT} characters` });
        const marked = optionalMarker(it.text);
        const referred = sectionReferences(marked.text, refs);
        const text = referred.text || marked.text;
        const stepId = slug(text);
        byNumber.set(it.number ?? i + 1, stepId);
        const step: { id: string; text: string; subprocedure?: string; optional?: boolean } = { id: stepId, text };
        if (marked.optional) step.optional = true;
        if (it.children.length > 0) {
          const childId = procedureIds(`${id}--${stepId}`);
          step.subprocedure = childId;
          pending.push(() => build(childId, text, it.children, []));
        }
        for (const r of referred.sections) if (!referencing.has(r) && step.subprocedure === undefined) referencing.set(r, i);
        steps.push(step);
      });
      sections.forEach((s, si) => {
        const anchor = refs[si]!.anchor;
        const at = referencing.get(si);
        // Without an explicit reference, a step whose text names the section links to it.
        const target =
          at !== undefined && steps[at]!.subprocedure === undefined
            ? steps[at]
            : steps.find(
                (st) =>
                  st.subprocedure === undefined &&
                  (st.text.toLowerCase().includes(s.title.toLowerCase()) || st.text.toLowerCase().includes(`(#${anchor})`)),
              );
        const childId = procedureIds(`${id}--${slugify(s.title, 60) || "section"}`);
        if (target) target.subprocedure = childId;
        else notes.push(`section ${JSON.stringify(s.title)} (line ${s.line}) is named by no step of ${id}: imported as procedure ${childId}, not linked`);
        pending.push(() => build(childId, s.title, s.items, s.children));
      });
    } else {
      for (const s of sections) {
        const marked = optionalMarker(s.title);
        const stepId = slug(marked.text);
        const step: { id: string; text: string; subprocedure?: string; optional?: boolean } = { id: stepId, text: marked.text };
        if (marked.optional) step.optional = true;
        if (s.items.length > 0 || s.children.length > 0) {
          const childId = procedureIds(`${id}--${stepId}`);
          step.subprocedure = childId;
          pending.push(() => build(childId, marked.text, s.items, s.children));
        }
        steps.push(step);
      }
    }
    const loops = new Set<string>();
    items.forEach((it, i) => {
      for (const n of loopTargets(it.text, it.number ?? i + 1)) {
        const target = byNumber.get(n);
        if (target !== undefined) loops.add(target);
        else notes.push(`line ${it.line}: ${JSON.stringify(it.text.slice(0, 80))} names step ${n}, which ${id} does not have`);
      }
    });
    if (loops.size > 0) {
      repeatable[id] = steps.map((s) => s.id).filter((s) => loops.has(s));
      for (const s of steps) if (loops.has(s.id)) s.repeatable = true;
    }
    const r = ProcedureSchema.safeParse({
      id,
      version: 1,
      title: procTitle.slice(0, 1000),
      ...(desc ? { description: desc } : {}),
      ...(options.file ? { source: path.basename(options.file) } : {}),
      steps,
    });
    if (r.success) procedures[index] = r.data;
    else issues.push(...r.error.issues.map((x) => ({ file, path: x.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: `${id}: ${x.message}` })));
    for (const p of pending) p();
  }

  build(options.id ?? procedureIds(slugify(title, 60) || "procedure"), title, root.items, root.children, description);
  if (issues.length > 0) throw new InvalidInputError("invalid_procedure", `invalid procedure in ${file}:\n${formatIssues(issues)}`, issues);
  return { procedures: procedures.filter((p) => p !== undefined), repeatable, notes };
}

export async function readNumberedList(file: string, options: Omit<NumberedListOptions, "file"> = {}): Promise<ImportedProcedures> {
  return parseNumberedList(await readTextFile(file, "procedure"), { ...options, file });
}
