import { describe, expect, it } from "vitest";
import { ConflictError, NotFoundError } from "../../src/errors.js";
import { assertSubprocedureLinks } from "../../src/hierarchy/assert-subprocedure-links.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { procedure } from "./build-scripts.js";

async function storeWith(...procedures: ReturnType<typeof procedure>[]) {
  const store = createMemoryStore();
  await store.init();
  for (const p of procedures) await store.saveProcedure(p);
  return store;
}

describe("assertSubprocedureLinks", () => {
  it("accepts a three-level procedure whose sub-procedures are stored", async () => {
    const store = await storeWith(procedure("leaf", ["x"]), procedure("mid", [["m", "leaf"]]));
    await expect(assertSubprocedureLinks(store, procedure("root", [["r", "mid"]]))).resolves.toBeUndefined();
  });

  it("refuses a link to a missing procedure with subprocedure_not_found naming the step", async () => {
    const store = await storeWith();
    const err = await assertSubprocedureLinks(store, procedure("root", [["r", "ghost"]])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe("subprocedure_not_found");
    expect((err as NotFoundError).message).toContain('step "r" of procedure "root" links to procedure "ghost"');
  });

  it("refuses a link pinned to a version that does not exist", async () => {
    const store = await storeWith(procedure("leaf", ["x"]));
    const err = await assertSubprocedureLinks(store, procedure("root", [["r", "leaf", 2]])).catch((e: unknown) => e);
    expect((err as NotFoundError).code).toBe("subprocedure_not_found");
  });

  it("refuses a link that closes a longer cycle, naming it", async () => {
    const store = await storeWith(procedure("c", ["x"]), procedure("b", [["s", "c"]]), procedure("a", [["s", "b"]]));
    const err = await assertSubprocedureLinks(store, procedure("c", [["s", "a"]], 2)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictError);
    expect((err as ConflictError).code).toBe("subprocedure_cycle");
    expect((err as ConflictError).message).toContain('"c" → "a" → "b" → "c"');
  });

  it("refuses a step detailed by an older version of its own procedure", async () => {
    const store = await storeWith(procedure("a", ["x"]));
    const err = await assertSubprocedureLinks(store, procedure("a", [["s", "a", 1]], 2)).catch((e: unknown) => e);
    expect((err as ConflictError).code).toBe("subprocedure_cycle");
  });

  it("accepts links to procedures saved in the same batch", async () => {
    const store = await storeWith();
    const leaf = procedure("leaf", ["x"]);
    await expect(assertSubprocedureLinks(store, procedure("root", [["r", "leaf"]]), { pending: [leaf] })).resolves.toBeUndefined();
  });

  it("follows the latest version: a link its older version had does not count", async () => {
    // x@1 links y, x@2 no longer does: y may now link x (unpinned, so x@2).
    const store = await storeWith(procedure("y", ["s"]), procedure("x", [["t", "y"]]), procedure("x", ["t"], 2));
    await expect(assertSubprocedureLinks(store, procedure("y", [["s", "x"]], 2))).resolves.toBeUndefined();
  });

  it("refuses the same link pinned to the older version that links back", async () => {
    const store = await storeWith(procedure("y", ["s"]), procedure("x", [["t", "y"]]), procedure("x", ["t"], 2));
    const err = await assertSubprocedureLinks(store, procedure("y", [["s", "x", 1]], 2)).catch((e: unknown) => e);
    expect((err as ConflictError).message).toContain('"y" → "x" → "y"');
  });
});
