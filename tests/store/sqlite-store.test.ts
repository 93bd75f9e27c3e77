// Runs the GraphStore contract suite against SQLite (in memory and on a file), plus what only
// SQLite has: migrations, the file on disk, and two connections writing one file.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { createSqliteStore } from "../../src/store/sqlite-store.js";
import { MIGRATIONS } from "../../src/store/sqlite-migrations.js";
import { describeGraphStore, proc, trace } from "./graph-store.contract.js";

const dir = mkdtempSync(path.join(tmpdir(), "stepgraph-sqlite-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => path.join(dir, `db${n++}`, "store.db");

describeGraphStore("sqlite :memory:", () => createSqliteStore({ path: ":memory:" }));
describeGraphStore("sqlite file", () => createSqliteStore({ path: freshFile() }));

describe("sqlite store specifics", () => {
  it("creates the database folder, uses WAL and records the schema version", async () => {
    const file = freshFile();
    const store = createSqliteStore({ path: file });
    await store.init();
    await store.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.prepare("SELECT MAX(version) FROM schema_migrations").pluck().get()).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    db.close();
  });

  it("keeps data across reopening and runs init idempotently", async () => {
    const file = freshFile();
    const a = createSqliteStore({ path: file });
    await a.init();
    await a.saveProcedure(proc("p", ["a"]));
    await a.close();
    const b = createSqliteStore({ path: file });
    await b.init();
    await b.init();
    expect((await b.getProcedure("p"))!.version).toBe(1);
    await b.close();
  });

  it("refuses a database whose schema is newer than it knows", async () => {
    const file = freshFile();
    const a = createSqliteStore({ path: file });
    await a.init();
    await a.close();
    const db = new Database(file);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')").run();
    db.close();
    await expect(createSqliteStore({ path: file }).init()).rejects.toThrow(/schema version 999 is newer/);
  });

  it("upgrades a schema-1 database so that search finds procedures saved before", async () => {
    const file = freshFile();
    const a = createSqliteStore({ path: file });
    await a.init();
    await a.saveProcedure(proc("p", ["x"], { title: "ÉTAPE Préparer" }));
    await a.close();
    const db = new Database(file);
    db.exec(`DROP INDEX procedures_search;
      ALTER TABLE procedures DROP COLUMN title_lower;
      ALTER TABLE procedures DROP COLUMN id_lower;
      DELETE FROM schema_migrations WHERE version >= 2;`);
    db.close();
    const b = createSqliteStore({ path: file });
    await b.init();
    expect((await b.listProcedures({ query: "étape pré" })).map((s) => s.id)).toEqual(["p"]);
    await b.close();
  });

  it("keeps every write of two connections writing one file at once", async () => {
    const file = freshFile();
    const a = createSqliteStore({ path: file });
    const b = createSqliteStore({ path: file });
    await a.init();
    await b.init();
    await a.saveProcedure(proc("p", ["a", "b"]));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).appendTraces("p", 1, [trace(`t${i}`, "p", ["a", "b"])])),
    );
    const versions = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).saveProcedure(proc("q", [`s${i}`]))));
    expect(await b.countTraces("p", 1)).toBe(40);
    expect(versions.map((r) => r.procedure.version).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    await a.close();
    await b.close();
  });

  it("keeps every write of two processes writing one file at once", async () => {
    const file = freshFile();
    const store = createSqliteStore({ path: file });
    await store.init();
    await store.saveProcedure(proc("p", ["a", "b"]));
    const child = path.join(import.meta.dirname, "helpers", "append-traces-child.ts");
    const run = promisify(execFile);
    await Promise.all([
      run(process.execPath, ["--import", "tsx", child, file, "x", "40"]),
      run(process.execPath, ["--import", "tsx", child, file, "y", "40"]),
      (async () => {
        for (let b = 0; b < 40; b++) await store.appendTraces("p", 1, [trace(`z-${b}`, "p", ["b", "a"])]);
      })(),
    ]);
    expect(await store.countTraces("p", 1)).toBe(440);
    const ids = (await store.listTraces("p", 1)).map((t) => t.id);
    expect(new Set(ids).size).toBe(440);
    await store.close();
  });

  it("reports a corrupt stored graph script naming the table and row", async () => {
    const file = freshFile();
    const store = createSqliteStore({ path: file });
    await store.init();
    await store.saveProcedure(proc("p", ["a"]));
    const db = new Database(file);
    db.prepare("INSERT INTO graph_scripts (procedure_pk, body, saved_at) VALUES (1, '{\"procedure\":\"p\"}', 'x')").run();
    db.close();
    await expect(store.loadGraphScript("p", 1)).rejects.toThrow(/corrupt store data at graph_scripts\("p", 1\)/);
    await store.close();
  });
});
