// BioProBench step-ordering items (ORD_test.json of Liu et al., "BioProBench", arXiv:2505.07889):
// a JSON array of {question, wrong_steps, correct_steps, type: "top" | "child", id}. A "top" item
// orders a protocol's section titles; the "child" items right after it order the steps inside
// one section, the section named by the title quoted in their question.
// `readOrderingItems` validates the file (InvalidInputError naming the index and field);
// `orderingHierarchies` rebuilds two-level protocols: one Procedure per top item whose sections
// link to a Procedure per adjacent child item whose title is one of its section titles, steps
// in the gold (correct) order. Step ids are positional (`s1`, `s2`, …) because step texts repeat
// in a few items (over-long titles are cut, see titleFields); `goldRun` and `shuffledRun` give the gold and the item's shuffled order as ids.
// The data is evaluation only (non-commercial licence): read from ../shared, never copied.
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { InvalidInputError, formatIssues, issuesFromZod, parseOrThrow } from "../../src/errors.js";
import { ProcedureSchema, type Procedure } from "../../src/model/index.js";

const QUESTION = /^Please sort the following steps titled '([\s\S]*)' in the correct order\.?$/;

export const OrderingItemSchema = z
  .object({
    question: z.string().regex(QUESTION, "must read: Please sort the following steps titled '…' in the correct order."),
    wrong_steps: z.array(z.string().min(1)).min(1),
    correct_steps: z.array(z.string().min(1)).min(1),
    type: z.enum(["top", "child"]),
    id: z.string().min(1),
  })
  .strict()
  .refine((x) => sameMultiset(x.wrong_steps, x.correct_steps), {
    message: "wrong_steps must be a reordering of correct_steps",
    path: ["wrong_steps"],
  });
export type OrderingItem = z.infer<typeof OrderingItemSchema>;

export async function readOrderingItems(file: string): Promise<OrderingItem[]> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new InvalidInputError("invalid_json", `${file}: not valid JSON: ${(e as Error).message}`, [{ file, path: [], message: (e as Error).message }]);
  }
  const r = z.array(OrderingItemSchema).safeParse(data);
  if (!r.success) {
    const issues = issuesFromZod(r.error, { file });
    throw new InvalidInputError("invalid_input", `invalid BioProBench ordering items in ${file}:\n${formatIssues(issues)}`, issues);
  }
  return r.data;
}

export function orderingTitle(item: OrderingItem): string {
  return QUESTION.exec(item.question)![1]!;
}

export interface OrderingSection {
  /** Step id of the section in the parent. */
  step: string;
  child: Procedure;
  goldRun: string[];
  shuffledRun: string[];
}

export interface OrderingHierarchy {
  parent: Procedure;
  /** The parent's sections that have a child item, in gold order. */
  sections: OrderingSection[];
  goldRun: string[];
  shuffledRun: string[];
}

/** Two-level protocols from the top items that have at least one adjacent matching child item. */
export function orderingHierarchies(items: readonly OrderingItem[]): OrderingHierarchy[] {
  const out: OrderingHierarchy[] = [];
  for (let i = 0; i < items.length; i++) {
    const top = items[i]!;
    if (top.type !== "top") continue;
    const children: OrderingItem[] = [];
    for (let j = i + 1; j < items.length && items[j]!.type === "child"; j++) children.push(items[j]!);
    const ids = positionalIds("s", top.correct_steps);
    const linked = new Map<number, OrderingItem>();
    for (const c of children) {
      const at = top.correct_steps.findIndex((t, k) => t === orderingTitle(c) && !linked.has(k));
      if (at >= 0) linked.set(at, c);
    }
    if (linked.size === 0) continue;
    const sections: OrderingSection[] = [];
    const steps = top.correct_steps.map((text, k) => {
      const c = linked.get(k);
      if (c === undefined) return { id: ids[k]!, text };
      const childIds = positionalIds("s", c.correct_steps);
      const child = parseOrThrow(ProcedureSchema, {
        id: c.id,
        ...titleFields(orderingTitle(c)),
        source: `BioProBench ORD_test.json item ${c.id}`,
        steps: c.correct_steps.map((t, n) => ({ id: childIds[n]!, text: t })),
      }, `BioProBench item ${c.id}`);
      sections.push({ step: ids[k]!, child, goldRun: childIds, shuffledRun: runOf(c.wrong_steps, c.correct_steps, childIds) });
      return { id: ids[k]!, text, subprocedure: c.id };
    });
    const parent = parseOrThrow(ProcedureSchema, {
      id: top.id,
      ...titleFields(orderingTitle(top)),
      source: `BioProBench ORD_test.json item ${top.id}`,
      steps,
    }, `BioProBench item ${top.id}`);
    out.push({ parent, sections, goldRun: ids, shuffledRun: runOf(top.wrong_steps, top.correct_steps, ids) });
  }
  return out;
}

// NOTE: a few "titles" are whole paragraphs (up to 5,259 characters); the procedure title keeps
// the first 1,000 (the schema's limit) and the description holds the full text.
const MAX_TITLE = 1000;
function titleFields(title: string): { title: string; description?: string } {
  if (title.length <= MAX_TITLE) return { title };
  return { title: `${title.slice(0, MAX_TITLE - 1)}…`, description: title };
}

function positionalIds(prefix: string, texts: readonly string[]): string[] {
  return texts.map((_, k) => `${prefix}${k + 1}`);
}

/** Ids of `order` (texts), the n-th repeat of a text taking the n-th step with that text. */
function runOf(order: readonly string[], gold: readonly string[], ids: readonly string[]): string[] {
  const used = new Set<number>();
  return order.map((t) => {
    const k = gold.findIndex((g, n) => g === t && !used.has(n));
    used.add(k);
    return ids[k]!;
  });
}

function sameMultiset(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const count = new Map<string, number>();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  return [...count.values()].every((n) => n === 0);
}
