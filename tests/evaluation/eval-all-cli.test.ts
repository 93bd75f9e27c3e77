// `npm run eval:all` end to end (eval/all.ts in child processes): a dataset that is absent gives a
// visible SKIPPED row and exit 0; --json is one document; an --only that matches nothing is a
// usage error (exit 2). Runs against an empty datasets folder, so it needs no ../shared.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runTsx, type CliRun } from "../cli/run-stepgraph.js";

let empty: string;
/** The script with the datasets folder pointed at an empty one. */
const evalAll = (args: string[]): Promise<CliRun> => runTsx("eval/all.ts", args, { env: { STEPGRAPH_SHARED_DATASETS: empty } });

beforeAll(async () => {
  empty = await mkdtemp(path.join(tmpdir(), "stepgraph-no-datasets-"));
});
afterAll(async () => {
  await rm(empty, { recursive: true, force: true });
});

describe("eval:all without the datasets", () => {
  it("prints a SKIPPED row per absent dataset and exits 0", async () => {
    const r = await evalAll(["--only", "cc4d/mistakes,helpdesk/next-step,a12-n00/order-validity"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`| CaptainCook4D | online mistakes (117 runs) | – | – | – | – | – | – | SKIPPED: ${path.join(empty, "captaincook4d")} absent |`);
    expect(r.stdout).toContain(`SKIPPED: ${path.join(empty, "event-logs", "real", "helpdesk.xes.gz")} absent`);
    expect(r.stdout).toMatch(/3 rows: 0 met, 0 not met, 3 skipped/);
  });

  it("prints one JSON document with --json", async () => {
    const r = await evalAll(["--only", "receipt/next-step", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { rows: { job: string; engine: null; status: string }[]; wallSeconds: number };
    expect(doc.rows).toHaveLength(1);
    expect(doc.rows[0]).toMatchObject({ job: "receipt/next-step", engine: null, status: expect.stringMatching(/^SKIPPED: /) });
  });

  it("refuses an --only that matches no job (exit 2)", async () => {
    const r = await evalAll(["--only", "no-such-job"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no job matches");
  });
});
