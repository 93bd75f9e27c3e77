import { describe, expect, it } from "vitest";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { registerEvalMistakes } from "../../cli/commands/eval-mistakes.js";
import { registerEvalNextStep } from "../../cli/commands/eval-next-step.js";
import { registerEvalOrderErrors } from "../../cli/commands/eval-order-errors.js";
import { InvalidInputError } from "../../src/errors.js";
import { runCli } from "../ingest/run-cli.js";

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/evaluation");
const f = (name: string): string => path.join(dir, name);

describe("stepgraph eval next-step / mistakes / order-errors", () => {
  it("eval next-step --json prints prefixes, engine, the three baselines and the paired counts by trace", async () => {
    const out = JSON.parse(await runCli(registerEvalNextStep, ["next-step", "--procedures", f("procedures.json"), "--traces", f("traces.jsonl"), "--folds", "2", "--json"]));
    expect(Object.keys(out)).toEqual(["prefixes", "traces", "engine", "baselines", "paired"]);
    expect(out.prefixes).toBe(20);
    expect(Object.keys(out.baselines)).toEqual(["written-order", "bigram", "trigram"]);
    expect(Object.keys(out.paired)).toEqual(["written-order", "bigram", "trigram"]);
    expect(Object.keys(out.paired.bigram)).toEqual(["acc1", "hit3", "completionAcc"]);
  });

  it("eval next-step prints, per baseline, the traces each did better on with the sign test", async () => {
    const out = await runCli(registerEvalNextStep, ["next-step", "--procedures", f("procedures.json"), "--traces", f("traces.jsonl"), "--folds", "2"]);
    expect(out).toContain("test traces the engine did better on : the baseline did (exact two-sided sign test");
    expect(out).toMatch(/\ntrigram +\d+ : \d+ \(p [=<] [\d.]+\) +\d+ : \d+ \(p [=<] [\d.]+\) +\d+ : \d+ \(p [=<] [\d.]+\)/);
  });

  it("eval mistakes --json prints avgF1 and both classes", async () => {
    // m1: boil ok, pour before bag → caught. m2: bag, boil ok, milk before pour → caught.
    const out = JSON.parse(await runCli(registerEvalMistakes, ["mistakes", "--procedures", f("procedures.json"), "--train", f("train.jsonl"), "--test", f("test.jsonl"), "--json"]));
    expect(out).toEqual({ avgF1: 1, correct: { precision: 1, recall: 1, f1: 1 }, mistake: { precision: 1, recall: 1, f1: 1 } });
  });

  it("eval order-errors --json reads the tags beside the traces", async () => {
    const out = JSON.parse(await runCli(registerEvalOrderErrors, ["order-errors", "--procedures", f("procedures.json"), "--traces", f("traces.jsonl"), "--json"]));
    expect(out).toMatchObject({ recordings: 4, positives: 1, truePositives: 1 });
  });

  it("eval order-errors rejects a --min-inversions below 1, quoting it", async () => {
    const err = await runCli(registerEvalOrderErrors, ["order-errors", "--procedures", f("procedures.json"), "--traces", f("traces.jsonl"), "--min-inversions", "0"]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).message).toBe('--min-inversions must be an integer of at least 1, got "0"');
  });

  it("rejects a test case whose mistake index is out of range, naming file and line", async () => {
    const bad = f("test-mistake-out-of-range.jsonl");
    const err = await runCli(registerEvalMistakes, ["mistakes", "--procedures", f("procedures.json"), "--train", f("train.jsonl"), "--test", bad]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).issues).toEqual([{ file: bad, line: 1, path: ["mistakeAt"], message: "mistakeAt must index a step" }]);
  });
});
