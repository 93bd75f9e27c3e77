// Child process for tests/store/sqlite-store.test.ts: opens the SQLite store at argv[2] and
// appends argv[4] batches of 5 traces to procedure "p" version 1, trace ids prefixed argv[3].
import { createSqliteStore } from "../../../src/store/sqlite-store.js";

const [file, prefix, batches] = process.argv.slice(2) as [string, string, string];
const store = createSqliteStore({ path: file });
await store.init();
for (let b = 0; b < Number(batches); b++) {
  const traces = Array.from({ length: 5 }, (_, i) => ({ id: `${prefix}-${b}-${i}`, procedure: "p", steps: ["a", "b"] }));
  await store.appendTraces("p", 1, traces);
}
await store.close();
