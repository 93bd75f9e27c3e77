import { describe, expect, it } from "vitest";
import { evaluateBioProBench } from "../../cli/commands/eval-bioprobench.js";
import { orderingHierarchies, OrderingItemSchema, type OrderingItem } from "../../ingest/bioprobench/read-ordering.js";
import { notice } from "../helpers/notice.js";
import { sharedDataset } from "../helpers/shared-data.js";

// Hand-written items in BioProBench's shape (not copied from the data set).
const q = (title: string) => `Please sort the following steps titled '${title}' in the correct order.`;
const items: OrderingItem[] = [
  { question: q("Make tea"), wrong_steps: ["Steep", "Boil water"], correct_steps: ["Boil water", "Steep"], type: "top", id: "T1" },
  { question: q("Boil water"), wrong_steps: ["Heat", "Fill kettle", "Heat"], correct_steps: ["Fill kettle", "Heat", "Heat"], type: "child", id: "C1" },
  { question: q("Unrelated"), wrong_steps: ["x"], correct_steps: ["x"], type: "child", id: "C2" },
  { question: q("Lonely top"), wrong_steps: ["b", "a"], correct_steps: ["a", "b"], type: "top", id: "T2" },
];

describe("BioProBench ordering hierarchies", () => {
  it("links a section to the adjacent child item titled like it", () => {
    const [h] = orderingHierarchies(items);
    expect(h?.parent.steps.map((s) => [s.id, s.subprocedure])).toEqual([
      ["s1", "C1"],
      ["s2", undefined],
    ]);
  });

  it("skips a top item without a matching child item", () => {
    expect(orderingHierarchies(items).map((h) => h.parent.id)).toEqual(["T1"]);
  });

  it("maps repeated step texts to distinct positional ids in the shuffled order", () => {
    expect(orderingHierarchies(items)[0]?.sections[0]?.shuffledRun).toEqual(["s2", "s1", "s3"]);
  });

  it("rejects an item whose shuffled steps are not a reordering of the gold ones", () => {
    const r = OrderingItemSchema.safeParse({ ...items[0], wrong_steps: ["Steep"] });
    expect(r.success).toBe(false);
  });
});

const data = sharedDataset("bioprobench", "ORD_test.json");
if (!data) notice("skipped BioProBench gold-order check: ../shared/datasets/bioprobench is absent");

describe("BioProBench gold orders (shared data, evaluation only)", () => {
  it.skipIf(!data)("rebuilds 353 two-level protocols and flags none of their gold orders", async () => {
    const r = await evaluateBioProBench(sharedDataset("bioprobench")!);
    expect(r.hierarchies).toBe(353);
    expect(r.failures).toEqual([]);
    expect(r.hierarchicalGold).toEqual({ passed: 353, total: 353 });
    expect(r.sectionGold.passed).toBe(r.sectionGold.total);
  });
});
