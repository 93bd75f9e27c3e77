// Schema migrations of the SQLite store, applied in order by sqlite-store.ts. Each entry is
// applied once, inside one transaction, and recorded in `schema_migrations`; a migration is
// never edited after release: changes are new entries.
// NOTE: traces are one row per trace (steps as a JSON array) in a WITHOUT ROWID table keyed by
// (procedure, sequence number), so streaming in insertion order is a primary-key range scan
// and one insert touches one b-tree plus the unique trace-id index.
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "procedures, traces, graph scripts, induction states, sessions",
    sql: `
CREATE TABLE procedures (
  pk INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  step_count INTEGER NOT NULL,
  content TEXT NOT NULL,
  body TEXT NOT NULL,
  trace_count INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (id, version)
) STRICT;

CREATE TABLE subprocedure_links (
  procedure_pk INTEGER NOT NULL REFERENCES procedures(pk) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  step TEXT NOT NULL,
  target TEXT NOT NULL,
  target_version INTEGER,
  PRIMARY KEY (procedure_pk, position)
) STRICT;
CREATE INDEX subprocedure_links_target ON subprocedure_links (target, target_version);

CREATE TABLE traces (
  procedure_pk INTEGER NOT NULL REFERENCES procedures(pk) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  trace_id TEXT NOT NULL,
  steps TEXT NOT NULL,
  PRIMARY KEY (procedure_pk, seq)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX traces_trace_id ON traces (procedure_pk, trace_id);

CREATE TABLE graph_scripts (
  procedure_pk INTEGER PRIMARY KEY REFERENCES procedures(pk) ON DELETE CASCADE,
  body TEXT NOT NULL,
  saved_at TEXT NOT NULL
) STRICT;

CREATE TABLE induction_states (
  procedure_pk INTEGER PRIMARY KEY REFERENCES procedures(pk) ON DELETE CASCADE,
  body TEXT NOT NULL,
  saved_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  procedure_pk INTEGER NOT NULL REFERENCES procedures(pk) ON DELETE CASCADE,
  body TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_procedure ON sessions (procedure_pk);
`,
  },
  {
    version: 2,
    // Rows carry the procedure's JSON; a search scans this narrow index instead of the table.
    name: "lower-cased title and id, and a narrow index for search",
    sql: `
ALTER TABLE procedures ADD COLUMN title_lower TEXT NOT NULL DEFAULT '';
ALTER TABLE procedures ADD COLUMN id_lower TEXT NOT NULL DEFAULT '';
UPDATE procedures SET title_lower = stepgraph_lower(title), id_lower = stepgraph_lower(id);
CREATE INDEX procedures_search ON procedures (id, version, title_lower, id_lower);
`,
  },
];
