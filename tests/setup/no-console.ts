// Fails any test that writes to the console: library code reports through return values,
// errors and the logger, never through stray console calls. Tests that must print a visible
// notice (for instance "skipped: ../shared is absent") use `notice()` from tests/helpers/notice.ts.
import { afterEach, beforeEach, vi } from "vitest";

const methods = ["log", "info", "warn", "error", "debug"] as const;
const calls: string[] = [];

beforeEach(() => {
  calls.length = 0;
  for (const m of methods) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => {
      calls.push(`console.${m}: ${args.map(String).join(" ").slice(0, 200)}`);
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  if (calls.length > 0) {
    const seen = calls.splice(0);
    throw new Error(`stray console output during test:\n${seen.join("\n")}`);
  }
});
