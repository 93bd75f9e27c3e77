// Child process of bench/crash-ingest.ts: ingests `total` traces into procedure `id` of the
// SQLite store at `db`, in batches of `batch`, appending each batch number to `ack` only after
// appendTraces has returned (the batch is committed). Prints "ready" once the store is open.
// Usage: node --import tsx bench/crash-ingest-child.ts DB ACK ID TOTAL BATCH
import { appendFileSync } from "node:fs";
import { createSqliteStore } from "../src/store/sqlite-store.js";
import { makeProcedure, makeTrace, rng } from "./store-data.js";

const [db, ack, id, total, batch] = process.argv.slice(2) as [string, string, string, string, string];
const store = createSqliteStore({ path: db });
await store.init();
await store.saveProcedure(makeProcedure(id, 20));
process.stdout.write("ready\n");
const random = rng(7);
const size = Number(batch);
for (let b = 0; b * size < Number(total); b++) {
  const traces = Array.from({ length: size }, (_, i) => makeTrace(random, id, `b${b}-${i}`, 20));
  await store.appendTraces(id, 1, traces);
  appendFileSync(ack, `${b}\n`);
}
await store.close();
process.stdout.write("done\n");
