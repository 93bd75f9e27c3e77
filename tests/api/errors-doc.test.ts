// docs/errors.md and the registry api/errors.ts list the same codes with the same statuses.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ERRORS } from "../../api/errors.js";

const doc = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/errors.md"), "utf8");
const rows = [...doc.matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1]!, Number(m[2])] as const);

describe("docs/errors.md", () => {
  it("lists every registered code with its status", () => {
    const documented = new Map(rows);
    const missing = Object.entries(ERRORS).filter(([code, e]) => documented.get(code) !== e.status);
    expect(missing.map(([code, e]) => `${code} ${e.status}`)).toEqual([]);
  });

  it("lists no code that is not registered", () => {
    expect(rows.filter(([code]) => !Object.hasOwn(ERRORS, code)).map(([code]) => code)).toEqual([]);
  });

  it("lists each code once", () => {
    expect(rows.length).toBe(new Set(rows.map(([c]) => c)).size);
  });
});
