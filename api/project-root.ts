// projectRoot(): the stepgraph checkout — the nearest folder above this module that holds
// package.json — so that graphs/ and api/viewer/static/ are found the same way from the
// TypeScript sources (tsx, tests) and from the compiled server in dist/ (`npm start`).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function projectRoot(): string {
  if (cached !== undefined) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  cached = dir;
  return dir;
}
