// Keeps the README's commands runnable: the Quick start's `npm start` and every command of the
// five-minute tour, extracted from README.md and run as written (`sh -c`, in order), in a copy of
// the project as a fresh clone has it (the files git tracks or would track, node_modules linked,
// dist/ as `npm ci` builds it), with no STEPGRAPH_* variables set, so the store starts empty at
// ./data/stepgraph.db and the demo data loads. The one change: the server listens on a free port,
// and `localhost:3000` in the commands is replaced by it (port 3000 may be taken on a shared
// machine). Each command must exit 0 (`stepgraph check` may exit 1: "not valid"), and every curl
// must answer a JSON document that is not an error.
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-stepgraph.js";

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");

/** The fenced `sh` blocks of the section headed `heading`. */
function shBlocks(heading: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf("\n## ", start + 4);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

/** Commands of a block: continuation lines joined, comments and blank lines dropped. */
function commands(block: string): string[] {
  return block
    .replace(/\\\n\s*/g, "")
    .split("\n")
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

let copy: string;
let server: ChildProcess | undefined;
let port = "";
const env: Record<string, string> = {};

beforeAll(async () => {
  execFileSync(process.execPath, ["bin/build.js", "--if-possible"], { cwd: ROOT, stdio: "pipe" });
  copy = mkdtempSync(path.join(tmpdir(), "stepgraph-tour-"));
  const files = execFileSync("git", ["ls-files", "-co", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\n").filter(Boolean);
  for (const f of files) {
    if (!existsSync(path.join(ROOT, f))) continue; // deleted in the working tree
    mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    cpSync(path.join(ROOT, f), path.join(copy, f), { preserveTimestamps: true });
  }
  cpSync(path.join(ROOT, "dist"), path.join(copy, "dist"), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith("STEPGRAPH_") && !k.startsWith("NEO4J_") && k !== "LOG_FORMAT" && k !== "PORT") env[k] = v;

  const quickStart = commands(shBlocks("Quick start")[0] ?? "");
  const start = quickStart.find((c) => c === "npm start");
  expect(start, "the Quick start says `npm start`").toBeDefined();
  // Its own process group, so the shell, npm and the server all stop together afterwards.
  server = spawn("sh", ["-c", start!], { cwd: copy, env: { ...env, PORT: "0" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let out = "";
  server.stderr!.on("data", (c: Buffer) => (out += c.toString("utf8")));
  port = await new Promise<string>((resolve, reject) => {
    server!.stdout!.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      const m = /API and viewer at http:\/\/[^:]+:(\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server!.once("exit", (code) => reject(new Error(`npm start exited with ${code}: ${out}`)));
  });
}, 180_000);

afterAll(() => {
  if (server?.pid !== undefined && server.exitCode === null) process.kill(-server.pid, "SIGTERM");
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe("README.md", () => {
  it("is at most 200 lines and links every docs/ page", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(200);
    for (const page of ["cli", "engine", "formats", "api", "errors", "storage", "hierarchy", "viewer", "results"]) expect(readme).toContain(`(docs/${page}.md)`);
    expect(existsSync(path.join(ROOT, "docs/img/viewer.png"))).toBe(true);
    expect(readme).toContain("http://localhost:3000/");
  });

  it("the five-minute tour runs as written, from a fresh copy", () => {
    const tour = shBlocks("Five-minute tour").flatMap(commands);
    expect(tour.length).toBeGreaterThanOrEqual(8);
    for (const command of tour) {
      const typed = command.replaceAll("localhost:3000", `localhost:${port}`);
      const r = spawnSync("sh", ["-c", typed], { cwd: copy, env, encoding: "utf8", timeout: 120_000 });
      const allowed = /^npx stepgraph check /.test(command) ? [0, 1] : [0];
      expect(allowed, `${command}\n${r.stdout}\n${r.stderr}`).toContain(r.status);
      if (command.startsWith("curl ")) {
        const body = JSON.parse(r.stdout) as Record<string, unknown>;
        expect(String(body.type ?? ""), `${command}\n${r.stdout}`).not.toContain("urn:stepgraph:error");
      }
    }
    // Where the data goes: one SQLite file in ./data, the imported JSON in out/.
    expect(existsSync(path.join(copy, "data/stepgraph.db"))).toBe(true);
    expect(existsSync(path.join(copy, "out/procedures.json"))).toBe(true);
  }, 300_000);
});
