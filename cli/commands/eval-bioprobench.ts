// `stepgraph eval bioprobench --data DIR [--json]`: rebuilds BioProBench's step-ordering items
// (DIR/ORD_test.json, evaluation only) into two-level protocols (ingest/bioprobench), saves
// them through the sub-procedure link check into an in-memory store, and checks each gold
// order: the parent's section order and every section's step order with checkOrder (complete
// runs), the mixed two-level gold run with hierarchicalCheckOrder, and the depth-1 expansion
// with checkOrder. Every gold order must pass. As a control, it also counts how many of the
// items' shuffled orders (wrong_steps) that differ from the gold one are flagged.
// Graph scripts are induced from the written steps alone (no traces): the written chain.
import path from "node:path";
import type { Command } from "commander";
import { orderingHierarchies, readOrderingItems } from "../../ingest/bioprobench/read-ordering.js";
import { checkOrder } from "../../src/conformance/check-order.js";
import { induce } from "../../src/discovery/induce.js";
import { assertSubprocedureLinks } from "../../src/hierarchy/assert-subprocedure-links.js";
import { expand } from "../../src/hierarchy/expand.js";
import { hierarchicalCheckOrder } from "../../src/hierarchy/hierarchical-check-order.js";
import type { GraphScript } from "../../src/model/index.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { printJson, printText } from "../output.js";

export interface Tally {
  passed: number;
  total: number;
}

export interface BioProBenchReport {
  items: number;
  topItems: number;
  hierarchies: number;
  sections: number;
  /** Links refused by assertSubprocedureLinks while saving (expected 0). */
  refusedLinks: number;
  parentGold: Tally;
  sectionGold: Tally;
  hierarchicalGold: Tally;
  expandedGold: Tally;
  /** Shuffled orders that differ from the gold one, and how many were flagged. */
  shuffledFlagged: { flagged: number; total: number };
  /** Ids of hierarchies with any gold order flagged (expected none). */
  failures: string[];
}

export async function evaluateBioProBench(dir: string): Promise<BioProBenchReport> {
  const items = await readOrderingItems(path.join(dir, "ORD_test.json"));
  const hierarchies = orderingHierarchies(items);
  const store = createMemoryStore();
  await store.init();
  const tally = (): Tally => ({ passed: 0, total: 0 });
  const report: BioProBenchReport = {
    items: items.length,
    topItems: items.filter((x) => x.type === "top").length,
    hierarchies: hierarchies.length,
    sections: 0,
    refusedLinks: 0,
    parentGold: tally(),
    sectionGold: tally(),
    hierarchicalGold: tally(),
    expandedGold: tally(),
    shuffledFlagged: { flagged: 0, total: 0 },
    failures: [],
  };
  const count = (t: Tally, ok: boolean): boolean => {
    t.total++;
    if (ok) t.passed++;
    return ok;
  };
  const control = (script: GraphScript, shuffled: string[], gold: string[]): void => {
    if (shuffled.join("\u0000") === gold.join("\u0000")) return;
    report.shuffledFlagged.total++;
    if (!checkOrder(script, shuffled, { complete: true }).valid) report.shuffledFlagged.flagged++;
  };

  for (const h of hierarchies) {
    let ok = true;
    try {
      for (const s of h.sections) {
        await assertSubprocedureLinks(store, s.child);
        await store.saveProcedure(s.child);
      }
      await assertSubprocedureLinks(store, h.parent);
      await store.saveProcedure(h.parent);
    } catch {
      report.refusedLinks++;
      ok = false;
    }
    const parent = induce(h.parent, []);
    const children = new Map(h.sections.map((s) => [s.child.id, induce(s.child, [])]));
    const resolve = (id: string): GraphScript | undefined => children.get(id);
    ok = count(report.parentGold, checkOrder(parent, h.goldRun, { complete: true }).valid) && ok;
    control(parent, h.shuffledRun, h.goldRun);
    const mixed: string[] = [];
    for (const step of h.goldRun) {
      const section = h.sections.find((s) => s.step === step);
      if (section === undefined) mixed.push(step);
      else mixed.push(...section.goldRun.map((x) => `${step}/${x}`));
    }
    for (const s of h.sections) {
      report.sections++;
      const child = children.get(s.child.id)!;
      ok = count(report.sectionGold, checkOrder(child, s.goldRun, { complete: true }).valid) && ok;
      control(child, s.shuffledRun, s.goldRun);
    }
    ok = count(report.hierarchicalGold, hierarchicalCheckOrder(parent, resolve, mixed, { complete: true }).valid) && ok;
    ok = count(report.expandedGold, checkOrder(expand(parent, resolve, 1), mixed, { complete: true }).valid) && ok;
    if (!ok) report.failures.push(h.parent.id);
  }
  return report;
}

export function registerEvalBioprobench(evalCommand: Command): void {
  evalCommand
    .command("bioprobench")
    .description("rebuild BioProBench ordering items into two-level protocols and check every gold order at both levels")
    .requiredOption("--data <dir>", "folder holding ORD_test.json (evaluation only, never copied)")
    .option("--json", "print JSON")
    .action(async (o: { data: string; json?: boolean }) => {
      const r = await evaluateBioProBench(o.data);
      if (o.json) return printJson(r);
      const line = (name: string, t: Tally): string => `${name.padEnd(34)} ${t.passed} / ${t.total}`;
      printText(
        [
          `items ${r.items}, top items ${r.topItems}, two-level protocols ${r.hierarchies}, sections with steps ${r.sections}`,
          `links refused while saving        ${r.refusedLinks}`,
          line("gold section orders (parent)", r.parentGold),
          line("gold step orders (sections)", r.sectionGold),
          line("gold two-level runs (hierarchical)", r.hierarchicalGold),
          line("gold runs on the expanded graph", r.expandedGold),
          `shuffled orders flagged            ${r.shuffledFlagged.flagged} / ${r.shuffledFlagged.total}`,
          r.failures.length > 0 ? `failing: ${r.failures.join(", ")}` : "no gold order flagged",
        ].join("\n"),
      );
    });
}
