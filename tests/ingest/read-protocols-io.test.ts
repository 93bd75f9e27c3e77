import { describe, expect, it } from "vitest";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError } from "../../src/errors.js";
import { htmlToText, parseProtocolsIo, readProtocolsIo } from "../../ingest/protocols-io/read-protocols-io.js";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/protocols-io");
const at = (name: string) => path.join(dir, name);
const shape = (r: Awaited<ReturnType<typeof readProtocolsIo>>) =>
  r.procedures.map((p) => [p.id, p.steps.map((s) => (s.subprocedure ? `${s.id}→${s.subprocedure}` : s.id))]);

describe("protocols.io importer", () => {
  it("turns sections into steps of the main procedure, each linked to its section's steps", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    expect(r.procedures[0]).toMatchObject({ id: "protocols-io-14151", title: "SpinOUT™: Buffer Exchange" });
    expect(shape(r)[0]?.[1]).toEqual([
      "column-preparation→protocols-io-14151-column-preparation",
      "buffer-exchange→protocols-io-14151-buffer-exchange",
      "sample→protocols-io-14151-sample",
    ]);
  });

  it("reads step texts from description components, as plain text", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    const prep = r.procedures.find((p) => p.id === "protocols-io-14151-column-preparation");
    expect(prep?.steps[1]).toEqual({ id: "step-2", text: "Prepare the SpinOUT™ column by centrifuging at 1,000g for 1 minute to compact the resin." });
  });

  it("turns sub-steps 5.1 and 5.2 into a sub-procedure of step 5", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    expect(shape(r)).toContainEqual(["protocols-io-14151-buffer-exchange", ["step-4", "step-5→protocols-io-14151-buffer-exchange-step-5", "step-6", "step-7"]]);
    expect(shape(r)).toContainEqual(["protocols-io-14151-buffer-exchange-step-5", ["step-5-1", "step-5-2"]]);
  });

  it("links a nested protocol and imports its embedded steps", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    expect(shape(r)).toContainEqual(["protocols-io-14151-sample", ["step-8→protocols-io-9999", "step-9"]]);
    expect(r.procedures.find((p) => p.id === "protocols-io-9999")?.steps.map((s) => s.text)).toEqual(["Measure A280 of the eluate.", "Compare with the input sample."]);
  });

  it("turns a 'go to step' loop into repeatable steps, never an edge back", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    expect(r.repeatable["protocols-io-14151-buffer-exchange"]).toEqual(["step-4", "step-5", "step-6", "step-7"]);
  });

  it("writes the loop into the procedure: its steps carry repeatable", async () => {
    const r = await readProtocolsIo(at("spinout-v3.json"));
    const steps = r.procedures.find((p) => p.id === "protocols-io-14151-buffer-exchange")?.steps ?? [];
    expect(steps.filter((s) => s.repeatable === true).map((s) => s.id)).toEqual(["step-4", "step-5", "step-6", "step-7"]);
  });

  it("orders v4 steps by their previous_guid chain and reads Draft.js and HTML step fields", async () => {
    const r = await readProtocolsIo(at("coffee-v4.json"));
    expect(r.procedures).toHaveLength(1);
    expect(r.procedures[0]?.steps.map((s) => s.text)).toEqual([
      "Grind the coffee beans.",
      "Brew with hot water for 4 minutes.",
      "Taste; if too weak, go back to brewing.",
      "Serve & enjoy.",
    ]);
  });

  it("reads a Draft.js gotostep entity as a loop", async () => {
    const r = await readProtocolsIo(at("coffee-v4.json"));
    expect(r.repeatable).toEqual({ "protocols-io-42": ["step-2", "step-3"] });
  });

  it("notes a nested protocol whose steps the export does not hold, and still links it", () => {
    const r = parseProtocolsIo({
      id: 7,
      title: "Outer",
      steps: [{ step: "Run the inner protocol.", components: [{ type_id: 18, source: { id: 8, title: "Inner" } }] }],
    });
    expect(r.procedures[0]?.steps[0]?.subprocedure).toBe("protocols-io-8");
    expect(r.notes).toEqual([expect.stringContaining('runs protocol "Inner" (protocols-io-8), whose steps are not in this export')]);
  });

  it("rejects a protocol without steps, naming the file and field", async () => {
    const err = await readProtocolsIo(at("protocols-io-no-steps.json")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ file: at("protocols-io-no-steps.json"), path: ["steps"] });
  });

  it("rejects a step without text, naming its index", async () => {
    const err = await readProtocolsIo(at("protocols-io-step-without-text.json")).catch((e: unknown) => e);
    expect((err as InvalidInputError).issues[0]).toMatchObject({ path: ["steps", 1] });
  });

  it("rejects a file that is not JSON", async () => {
    const err = await readProtocolsIo(at("protocols-io-not-json.json")).catch((e: unknown) => e);
    expect((err as InvalidInputError).code).toBe("invalid_json");
  });

  it("rejects steps that are not a list", async () => {
    await expect(readProtocolsIo(at("protocols-io-steps-not-a-list.json"))).rejects.toBeInstanceOf(InvalidInputError);
  });
});

describe("htmlToText", () => {
  it("drops tags and decodes entities", () => {
    expect(htmlToText("<p>Add 75&micro;l &amp; mix</p><p>at 4&deg;C&#33;</p>")).toBe("Add 75µl & mix at 4°C!");
  });
});
