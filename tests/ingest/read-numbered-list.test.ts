import { describe, expect, it } from "vitest";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../../src/errors.js";
import { parseNumberedList, readNumberedList } from "../../ingest/markdown/read-numbered-list.js";
import { loopTargets } from "../../ingest/files/detect-loops.js";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/markdown");
const at = (name: string) => path.join(dir, name);

describe("numbered-list importer (Markdown)", () => {
  it("takes the title from the first heading and the steps from the top-level list, in order", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    const main = r.procedures[0];
    expect(main).toMatchObject({ id: "miniprep", title: "Miniprep", description: "Isolate plasmid DNA from E. coli." });
    expect(main?.steps.map((s) => s.text)).toEqual(["Grow an overnight culture.", "Pellet the cells.", "Wash the pellet with buffer.", "Repeat steps 2-3 once."]);
  });

  it("joins a continuation line to its item", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    expect(r.procedures[0]?.steps[2]?.text).toBe("Wash the pellet with buffer.");
  });

  it("turns a nested list into a sub-procedure linked from its item", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    const wash = r.procedures[0]?.steps[2];
    const sub = r.procedures.find((p) => p.id === wash?.subprocedure);
    expect(sub?.steps.map((s) => s.text)).toEqual(["Add 1 ml buffer", "Vortex"]);
  });

  it("links a section to the step that refers to it with \"(see Lysis)\", and removes the reference from the text", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    expect(r.procedures[0]?.steps[1]?.subprocedure).toBe("miniprep-lysis");
    expect(r.procedures.find((p) => p.id === "miniprep-lysis")?.steps.map((s) => s.id)).toEqual(["add-p1", "add-p2-and-invert"]);
  });

  it("imports a section no step names, unlinked, with a note", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    expect(r.procedures.map((p) => p.id)).toContain("miniprep-notes");
    expect(r.notes).toEqual([expect.stringContaining('section "Notes" (line 18) is named by no step of miniprep')]);
  });

  it("marks the steps a 'repeat steps 2-3' instruction names as repeatable", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    expect(r.repeatable).toEqual({ miniprep: ["pellet-cells", "wash-pellet-with-buffer"] });
  });

  it("writes the loop into the procedure: the named steps carry repeatable, the others do not", async () => {
    const r = await readNumberedList(at("miniprep.md"));
    const steps = r.procedures.find((p) => p.id === "miniprep")?.steps ?? [];
    expect(steps.filter((s) => s.repeatable === true).map((s) => s.id)).toEqual(["pellet-cells", "wash-pellet-with-buffer"]);
  });

  it("makes each section a step linked to its sub-procedure when there are no steps outside sections", async () => {
    const r = await readNumberedList(at("plain-sections.txt"));
    expect(r.procedures[0]).toMatchObject({
      id: "coffee-with-milk",
      steps: [
        { id: "brew", text: "Brew", subprocedure: "coffee-with-milk-brew" },
        { id: "serve", text: "Serve", subprocedure: "coffee-with-milk-serve" },
      ],
    });
    expect(r.procedures[2]?.steps.map((s) => s.text)).toEqual(["Steam the milk.", "Pour the milk into the coffee."]);
  });

  it("reads a plain text with no list as a title line and one step per line (WLP / protocols.io dump)", async () => {
    const r = await readNumberedList(at("wlp-protocol-151.txt"));
    expect(r.procedures).toHaveLength(1);
    expect(r.procedures[0]?.title).toBe("SpinOUT™: Buffer Exchange");
    expect(r.procedures[0]?.steps).toHaveLength(17); // 18 lines, the first is the title
  });

  it("marks a WLP 'Repeat steps 6 and 7' line's targets (numbered by line after the title) repeatable", async () => {
    const r = await readNumberedList(at("wlp-protocol-151.txt"));
    const steps = r.procedures[0]?.steps ?? [];
    expect(r.repeatable[r.procedures[0]?.id ?? ""]).toEqual([steps[5]?.id, steps[6]?.id]);
  });

  it("uses the id asked for", () => {
    expect(parseNumberedList("# T\n1. a\n2. b\n", { id: "mine" }).procedures[0]?.id).toBe("mine");
  });

  it("gives repeated step texts distinct ids", () => {
    expect(parseNumberedList("# T\n1. Mix.\n2. Wait.\n3. Mix.\n").procedures[0]?.steps.map((s) => s.id)).toEqual(["mix", "wait", "mix-2"]);
  });

  it("reads \"(Optional)\", \"[optional]\" and \"Optional:\" as optional steps and removes the marker from text and id", () => {
    const r = parseNumberedList("# T\n1. (Optional) Spin down the reagents briefly.\n2. Optional: check the gel.\n3. Add dye [optional].\n4. Mix.\n");
    expect(r.procedures[0]?.steps).toEqual([
      { id: "spin-down-reagents-briefly", text: "Spin down the reagents briefly.", optional: true },
      { id: "check-gel", text: "Check the gel.", optional: true },
      { id: "add-dye", text: "Add dye.", optional: true },
      { id: "mix", text: "Mix." },
    ]);
  });

  it("links a step to the section its Markdown link names, keeping the link's words", () => {
    const r = parseNumberedList("# T\n1. Prepare the [master mix](#master-mix).\n2. Run it.\n\n## Master mix\n\n1. Add water.\n");
    expect(r.procedures[0]?.steps[0]).toEqual({ id: "prepare-master-mix", text: "Prepare the master mix.", subprocedure: "t-master-mix" });
    expect(r.notes).toEqual([]);
  });

  it("removes a \"(see [Section](#anchor))\" reference and links the step (the issue's mid-phrase id)", () => {
    const r = parseNumberedList("# Run a PCR\n1. Prepare the master mix (see [Prepare the master mix](#prepare-the-master-mix)).\n\n## Prepare the master mix\n\n1. Add water.\n");
    expect(r.procedures[0]?.steps[0]).toEqual({ id: "prepare-master-mix", text: "Prepare the master mix.", subprocedure: "run-a-pcr-prepare-the-master-mix" });
  });

  it("keeps a parenthesis that names no section as written", () => {
    const r = parseNumberedList("# T\n1. Spin (see manual).\n");
    expect(r.procedures[0]?.steps[0]).toEqual({ id: "spin-see-manual", text: "Spin (see manual)." });
  });

  it("makes short readable ids: no articles, cut at a word boundary, not ending on a function word", () => {
    const r = parseNumberedList("# T\n1. Add the nuclease-free water to a fresh tube and to the other tube as well.\n");
    const id = r.procedures[0]?.steps[0]?.id ?? "";
    expect(id).toBe("add-nuclease-free-water-to-fresh-tube");
    expect(id.length).toBeLessThanOrEqual(40);
  });

  it("rejects a document without steps, naming the file", async () => {
    const err = await readNumberedList(at("no-steps.md")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ file: at("no-steps.md") });
  });

  it("rejects an empty file", async () => {
    await expect(readNumberedList(at("empty.txt"))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("loopTargets", () => {
  it("re-runs every step from the target to the current one when going back", () => {
    expect(loopTargets("If cloudy, go back to step 2.", 5)).toEqual([2, 3, 4, 5]);
  });


  it.each([
    ["Repeat step 18, for a total of two ethanol washes.", [18]],
    ["Repeat Step 14 & 15 by counting", [14, 15]],
    ["Repeat steps 7 – 9 on the labeled fraction", [7, 8, 9]],
    ["Go back to step 2.", [2]],
    ["Repeat steps 6 and 7, a further five more times", [6, 7]],
    ["Centrifuge for 1 minute at step speed", []],
  ])("reads %j as %j", (text, expected) => {
    expect(loopTargets(text)).toEqual(expected);
  });
});

describe("every WLP protocol under ../shared/datasets/wlp-wetlab-protocols", async () => {
  const { readdirSync } = await import("node:fs");
  const { sharedDataset } = await import("../helpers/shared-data.js");
  const { notice } = await import("../helpers/notice.js");
  const root = sharedDataset("wlp-wetlab-protocols");
  if (!root) notice("skipped: ../shared/datasets/wlp-wetlab-protocols is absent (import of all 622 protocols)");
  const files = root ? ["train", "dev", "test"].flatMap((d) => readdirSync(path.join(root, d)).filter((f) => f.endsWith(".txt")).map((f) => path.join(root, d, f))) : [];

  it.skipIf(!root)("imports all 622 protocols without error, each with at least one step", async () => {
    expect(files).toHaveLength(622);
    for (const f of files) {
      const r = await readNumberedList(f);
      expect(r.procedures[0]?.steps.length, f).toBeGreaterThan(0);
    }
  });
});
