#!/usr/bin/env node
// Entry point of `npx stepgraph`: runs the compiled CLI (dist/cli/main.js). `npm ci` builds it
// (the `prepare` script); a missing or stale dist/ (a source edited since the last build) is
// rebuilt here first (bin/build.js), so what runs is always the current code. tsx is only a
// development tool: it is used here only when dist/ cannot be built (no TypeScript installed).
import { pathToFileURL } from "node:url";
import { ensureBuilt } from "./build.js";

const main = ensureBuilt();
if (main !== undefined) {
  await import(pathToFileURL(main).href);
} else {
  try {
    const { register } = await import("tsx/esm/api");
    register();
  } catch {
    process.stderr.write("stepgraph: dist/ is missing and cannot be built (TypeScript is not installed): run `npm ci` (or `npm run build`) in the stepgraph folder\n");
    process.exit(1);
  }
  await import("../cli/main.ts");
}
