// `npx stepgraph` runs bin/stepgraph.js, which runs the compiled CLI in dist/ and never serves
// stale code: when any source (.ts under src/, ingest/, api/, cli/, or a tsconfig) is newer than
// dist/'s build stamp, it rebuilds dist/ first (bin/build.js). Checked in a copy of the project
// (timestamps kept, node_modules linked), so the real dist/ is left alone.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkBin } from "../../bin/build.js";
import { ROOT } from "./run-stepgraph.js";

let copy: string;

beforeAll(() => {
  execFileSync(process.execPath, ["bin/build.js", "--if-possible"], { cwd: ROOT, stdio: "pipe" });
  copy = mkdtempSync(path.join(tmpdir(), "stepgraph-bin-"));
  for (const entry of ["bin", "src", "ingest", "api", "cli", "dist", "tsconfig.json", "tsconfig.build.json", "package.json"]) {
    cpSync(path.join(ROOT, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
}, 120_000);

afterAll(() => rmSync(copy, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(copy, "bin/stepgraph.js"), ...args], { cwd: copy }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const stamp = (): number => statSync(path.join(copy, "dist/.build-stamp")).mtimeMs;

describe("bin/stepgraph.js", () => {
  it("runs the compiled CLI from a fresh dist/ without rebuilding it", async () => {
    const before = stamp();
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("rank what may come next");
    expect(stamp()).toBe(before);
  });

  it("rebuilds a stale dist/ before running it: an edited source is what runs", async () => {
    const index = path.join(copy, "cli/commands/index.ts");
    writeFileSync(index, readFileSync(index, "utf8").replace("rank what may come next after the steps done so far", "EDITED: rank the next steps"));
    const r = await run(["--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("EDITED: rank the next steps");
    expect(readFileSync(path.join(copy, "dist/cli/commands/index.js"), "utf8")).toContain("EDITED");
  }, 120_000);

  it("builds dist/ on first use when it is missing", async () => {
    rmSync(path.join(copy, "dist"), { recursive: true, force: true });
    const r = await run(["next", "--help"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("--include-blocked");
    expect(stamp()).toBeGreaterThan(0);
  }, 180_000);
});

describe("npx stepgraph", () => {
  it("is found in node_modules/.bin (linked by npm's prepare), not through a package.json bin entry", () => {
    // A `bin` entry makes npx install the project into its cache first (issue 15: +0.15 s).
    expect(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).bin).toBeUndefined();
    expect(readlinkSync(path.join(ROOT, "node_modules/.bin/stepgraph"))).toBe(path.join("..", "..", "bin", "stepgraph.js"));
    const out = execFileSync("npx", ["stepgraph", "--help"], { cwd: ROOT, encoding: "utf8" });
    expect(out).toContain("rank what may come next");
  }, 60_000);

  it("linkBin makes a relative link once, replaces a wrong one, and does nothing without node_modules", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-link-"));
    try {
      expect(linkBin(dir)).toBeUndefined();
      mkdirSync(path.join(dir, "node_modules/.bin"), { recursive: true });
      writeFileSync(path.join(dir, "node_modules/.bin/stepgraph"), "not a link");
      const link = linkBin(dir)!;
      expect(readlinkSync(link)).toBe(path.join("..", "..", "bin", "stepgraph.js"));
      // Dated in 2000: a link made again would carry today's date.
      lutimesSync(link, new Date(2000, 0, 1), new Date(2000, 0, 1));
      const made = lstatSync(link).mtimeMs;
      expect(linkBin(dir)).toBe(link);
      expect(lstatSync(link).mtimeMs, "a correct link is left as it is, not made again").toBe(made);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
