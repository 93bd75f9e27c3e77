import { describe, expect, it } from "vitest";
import { ProcedureSchema } from "../../src/model/index.js";

describe("ProcedureSchema", () => {
  it("defaults the version to 1", () => {
    const p = ProcedureSchema.parse({ id: "p", title: "P", steps: [{ id: "a", text: "A" }] });
    expect(p.version).toBe(1);
  });

  it("accepts an empty procedure", () => {
    expect(ProcedureSchema.parse({ id: "p", title: "P", steps: [] }).steps).toEqual([]);
  });

  it("rejects a duplicate step id and names where", () => {
    const r = ProcedureSchema.safeParse({ id: "p", title: "P", steps: [{ id: "a", text: "A" }, { id: "a", text: "B" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["steps", 1, "id"]);
    expect(r.error?.issues[0]?.message).toContain('duplicate step id "a"');
  });

  it("rejects the reserved ids START and END", () => {
    const r = ProcedureSchema.safeParse({ id: "p", title: "P", steps: [{ id: "START", text: "x" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["steps", 0, "id"]);
  });

  it("rejects a step that links to its own procedure", () => {
    const r = ProcedureSchema.safeParse({ id: "p", title: "P", steps: [{ id: "a", text: "A", subprocedure: "p" }] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["steps", 0, "subprocedure"]);
  });

  it("rejects unknown fields", () => {
    const r = ProcedureSchema.safeParse({ id: "p", title: "P", steps: [], colour: "red" });
    expect(r.success).toBe(false);
  });
});
