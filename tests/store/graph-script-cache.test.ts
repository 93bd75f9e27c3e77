// The graph-script LRU wrapper: hits, invalidation on every write that can change an answer,
// bounded size, frozen results; and the full contract suite through the wrapper.
import { describe, expect, it } from "vitest";
import type { GraphStore } from "../../src/store/graph-store.js";
import { withGraphScriptCache } from "../../src/store/graph-script-cache.js";
import { createMemoryStore } from "../../src/store/memory-store.js";
import { describeGraphStore, proc, script } from "./graph-store.contract.js";

describeGraphStore("memory behind the graph-script cache", () => withGraphScriptCache(createMemoryStore()));

/** A memory store that counts loadGraphScript calls reaching it and can answer them late. */
function countingStore(): GraphStore & { loads: number; delayMs: number } {
  const inner = createMemoryStore();
  const counted = { ...inner, loads: 0, delayMs: 0 } as GraphStore & { loads: number; delayMs: number };
  counted.loadGraphScript = async (p, v) => {
    counted.loads++;
    const s = await inner.loadGraphScript(p, v);
    if (counted.delayMs > 0) await new Promise((r) => setTimeout(r, counted.delayMs));
    return s;
  };
  return counted;
}

async function setup(max?: number, ttlMs?: number) {
  const inner = countingStore();
  const store = withGraphScriptCache(inner, { ...(max === undefined ? {} : { max }), ...(ttlMs === undefined ? {} : { ttlMs }) });
  await store.init();
  await store.saveProcedure(proc("p", ["a", "b"]));
  await store.saveGraphScript(script("p", 1, ["a", "b"]));
  return { inner, store };
}

describe("withGraphScriptCache", () => {
  it("answers a repeated load from memory with the same object", async () => {
    const { inner, store } = await setup();
    const first = await store.loadGraphScript("p", 1);
    const second = await store.loadGraphScript("p", 1);
    expect(second).toBe(first);
    expect(inner.loads).toBe(1);
    expect([store.cache.hits, store.cache.misses]).toEqual([1, 1]);
  });

  it("returns frozen scripts that cannot be mutated", async () => {
    const { store } = await setup();
    const s = (await store.loadGraphScript("p", 1))!;
    expect(() => {
      s.steps[0]!.text = "changed";
    }).toThrow(TypeError);
  });

  it("drops the cached script when a new script is saved", async () => {
    const { store } = await setup();
    await store.loadGraphScript("p", 1);
    await store.saveGraphScript(script("p", 1, ["b", "a"]));
    expect((await store.loadGraphScript("p", 1))!.steps.map((s) => s.id)).toEqual(["b", "a"]);
  });

  it("drops the cached latest script when a new version and its script land", async () => {
    const { store } = await setup();
    await store.loadGraphScript("p");
    await store.saveProcedure(proc("p", ["a", "b", "c"]));
    await store.saveGraphScript(script("p", 2, ["a", "b", "c"]));
    expect((await store.loadGraphScript("p"))!.version).toBe(2);
  });

  it("drops cached scripts of a deleted version", async () => {
    const { store } = await setup();
    await store.loadGraphScript("p", 1);
    await store.deleteProcedureVersion("p", 1);
    expect(await store.loadGraphScript("p", 1)).toBeUndefined();
  });

  it("keeps at most `max` scripts", async () => {
    const { store } = await setup(2);
    for (const id of ["q", "r"]) {
      await store.saveProcedure(proc(id, ["a"]));
      await store.saveGraphScript(script(id, 1, ["a"]));
    }
    for (const id of ["p", "q", "r"]) await store.loadGraphScript(id, 1);
    expect(store.cache.size).toBe(2);
  });

  it("does not cache a load that was overtaken by a save", async () => {
    const { inner, store } = await setup();
    inner.delayMs = 30;
    const loading = store.loadGraphScript("p", 1);
    await store.saveGraphScript(script("p", 1, ["b", "a"]));
    expect((await loading)!.steps.map((s) => s.id)).toEqual(["a", "b"]);
    inner.delayMs = 0;
    expect((await store.loadGraphScript("p", 1))!.steps.map((s) => s.id)).toEqual(["b", "a"]);
  });

  it("re-reads an expired script and keeps the same object while the stored one is unchanged", async () => {
    const { inner, store } = await setup(undefined, 20);
    const first = await store.loadGraphScript("p", 1);
    await new Promise((r) => setTimeout(r, 40));
    const again = await store.loadGraphScript("p", 1);
    expect(inner.loads).toBe(2);
    expect(again).toBe(first);
  });

  it("answers an expired script with what another writer stored behind the cache", async () => {
    const { inner, store } = await setup(undefined, 20);
    await store.loadGraphScript("p", 1);
    await inner.saveGraphScript(script("p", 1, ["b", "a"])); // not through the wrapper
    await new Promise((r) => setTimeout(r, 40));
    expect((await store.loadGraphScript("p", 1))!.steps.map((s) => s.id)).toEqual(["b", "a"]);
  });
});
