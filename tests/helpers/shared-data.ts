// Locates ../shared/datasets (evaluation data that is never copied into the project).
// Tests that need it call `sharedDataset(...)` and skip visibly when it is absent.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SHARED_DATASETS = process.env.STEPGRAPH_SHARED_DATASETS ?? path.resolve(root, "../shared/datasets");

/** Absolute path of a dataset folder or file under ../shared/datasets, or undefined when absent. */
export function sharedDataset(...parts: string[]): string | undefined {
  const p = path.join(SHARED_DATASETS, ...parts);
  return existsSync(p) ? p : undefined;
}
