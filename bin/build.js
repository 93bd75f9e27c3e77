// Builds dist/ (tsc -p tsconfig.build.json: src, ingest, api and cli compiled to JavaScript) and
// keeps it honest. The rule: dist/ is used only while it is fresh, that is while its stamp
// (dist/.build-stamp, dated when the last build *started*) is newer than every .ts file under
// src/, ingest/, api/ and cli/ and than the tsconfig files. `ensureBuilt()` rebuilds a missing
// or stale dist/ before it is used, so an edited source can never be served by old JavaScript;
// concurrent callers wait for one build (a lock folder, dist/.build-lock).
// Run as a script it is `npm run build` (always builds) and npm's `prepare` (`--if-possible`:
// builds when stale, and skips quietly where the sources or TypeScript are absent, as in the
// production stage of the Dockerfile or `npm ci --omit=dev`).
// It also links node_modules/.bin/stepgraph to bin/stepgraph.js (`linkBin`), which is how
// `npx stepgraph` finds the CLI. package.json has no `bin` entry on purpose: with one, npx treats
// the project as a package to install into its cache and loads npm's whole dependency-tree
// machinery first (0.46–0.50 s for `npx stepgraph --help`); a command in node_modules/.bin is run
// directly (0.34 s; bench/cli-startup.ts, issue 15).
// Only Node built-ins here: the CLI imports this on every call, so it must load in a few ms.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const MAIN = path.join(ROOT, "dist", "cli", "main.js");
const STAMP = path.join(ROOT, "dist", ".build-stamp");
const LOCK = path.join(ROOT, "dist", ".build-lock");
const SOURCE_DIRS = ["src", "ingest", "api", "cli"];
const CONFIGS = ["tsconfig.json", "tsconfig.build.json"];

/** Newest modification time (ms) of the compiled sources; 0 when there are none. */
export function newestSource(root = ROOT) {
  let newest = 0;
  for (const c of CONFIGS) {
    try {
      newest = Math.max(newest, statSync(path.join(root, c)).mtimeMs);
    } catch {
      // absent config: nothing to compare
    }
  }
  for (const dir of SOURCE_DIRS) {
    let entries;
    try {
      entries = readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (!e.isFile() || !e.name.endsWith(".ts")) continue;
      newest = Math.max(newest, statSync(path.join(e.parentPath ?? e.path, e.name)).mtimeMs);
    }
  }
  return newest;
}

/** True when dist/ exists and was built after the last change of any source. */
export function isFresh(root = ROOT) {
  let stamp;
  try {
    stamp = statSync(path.join(root, "dist", ".build-stamp")).mtimeMs;
  } catch {
    return false;
  }
  return existsSync(path.join(root, "dist", "cli", "main.js")) && stamp >= newestSource(root);
}

function tscPath() {
  try {
    return createRequire(import.meta.url).resolve("typescript/bin/tsc");
  } catch {
    return undefined;
  }
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Takes the build lock (waiting for another build, up to 5 minutes); false when it timed out. */
function lock() {
  mkdirSync(path.dirname(LOCK), { recursive: true });
  const until = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return true;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
    }
    try {
      if (Date.now() - statSync(LOCK).mtimeMs > 600_000) rmSync(LOCK, { recursive: true, force: true }); // left by a killed build
    } catch {
      // gone meanwhile
    }
    if (Date.now() > until) return false;
    sleep(200);
  }
}

/**
 * Compiles the sources into dist/ and stamps it. Returns true when dist/cli/main.js exists
 * afterwards (tsc emits JavaScript even when it reports type errors; those are printed).
 */
export function build() {
  const tsc = tscPath();
  if (tsc === undefined) return false;
  if (!lock()) return existsSync(MAIN);
  try {
    const started = new Date();
    const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    if (r.status !== 0) {
      process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
      process.stderr.write(`stepgraph: tsc reported the errors above${existsSync(MAIN) ? " (the JavaScript was emitted anyway; run `npm run check`)" : ""}\n`);
    }
    if (!existsSync(MAIN)) return false;
    writeFileSync(STAMP, "");
    utimesSync(STAMP, started, started); // sources edited during the build make it stale again
    return true;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * dist/cli/main.js, built first when missing or stale. Undefined when it cannot be built here
 * (no TypeScript installed and no dist/).
 */
export function ensureBuilt() {
  if (isFresh()) return MAIN;
  if (tscPath() === undefined) {
    if (!existsSync(MAIN)) return undefined;
    if (existsSync(path.join(ROOT, "src"))) process.stderr.write("stepgraph: dist/ is older than the sources and TypeScript is not installed to rebuild it; running dist/ as it is\n");
    return MAIN;
  }
  if (process.stderr.isTTY) process.stderr.write(`stepgraph: ${existsSync(MAIN) ? "sources changed since the last build" : "first run"}: compiling to dist/ (npm run build)…\n`);
  if (!build()) return existsSync(MAIN) ? MAIN : undefined;
  return MAIN;
}

/**
 * Links node_modules/.bin/stepgraph → ../../bin/stepgraph.js (relative, so a moved checkout keeps
 * working) when node_modules exists; a correct link is left as it is. Returns the link's path, or
 * undefined when there is no node_modules.
 */
export function linkBin(root = ROOT) {
  if (!existsSync(path.join(root, "node_modules"))) return undefined;
  const dir = path.join(root, "node_modules", ".bin");
  const link = path.join(dir, "stepgraph");
  const target = path.join("..", "..", "bin", "stepgraph.js");
  try {
    if (readlinkSync(link) === target) return link;
  } catch {
    // absent, or not a link: (re)created below
  }
  mkdirSync(dir, { recursive: true });
  rmSync(link, { force: true });
  symlinkSync(target, link);
  return link;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    linkBin();
  } catch (e) {
    // An install must not fail for want of the link: `node bin/stepgraph.js` works without it.
    process.stderr.write(`stepgraph: could not link node_modules/.bin/stepgraph (${e.message}); run the CLI as \`node bin/stepgraph.js\`\n`);
  }
  const ifPossible = process.argv.includes("--if-possible");
  if (ifPossible && (!existsSync(path.join(ROOT, "tsconfig.build.json")) || tscPath() === undefined)) process.exit(0);
  if (ifPossible && isFresh()) process.exit(0);
  process.exit(build() ? 0 : 1);
}
