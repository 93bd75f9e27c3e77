// eval/order-validity-few-runs.ts end to end: with no datasets every log is a visible SKIPPED row
// and the exit is 0; a bad --runs is a usage error (exit 2). Needs no ../shared.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsx, type CliRun } from "../cli/run-stepgraph.js";

let empty: string;
/** The script with the datasets folder pointed at an empty one. */
const run = (args: string[]): Promise<CliRun> => runTsx("eval/order-validity-few-runs.ts", args, { env: { STEPGRAPH_SHARED_DATASETS: empty } });

beforeAll(async () => {
  empty = await mkdtemp(path.join(tmpdir(), "stepgraph-no-datasets-"));
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
});

describe("order validity with few runs, without the datasets", () => {
  it("prints a SKIPPED row per log and exits 0", async () => {
    const r = await run([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("| a12, noise 0 % | SKIPPED: the log is absent |");
    expect(r.stdout.match(/SKIPPED/g)).toHaveLength(12);
  });

  it("refuses --runs 0 (exit 2)", async () => {
    const r = await run(["--runs", "0"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--runs must be an integer ≥ 1, got 0");
  });
});
