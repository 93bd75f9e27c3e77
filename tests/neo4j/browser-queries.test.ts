// Every Cypher query the README and docs/ show users (```cypher blocks) runs here against a real
// Neo4j holding the demo data of graphs/ (loaded the way `npm start` loads it), and returns what
// its comment promises. The expected rows are computed from the store's own API (graph scripts,
// traces, links), never written down here. Also asserts the graph model on that data, including
// the four-level LabOP protocol (calibration → reagents → solution → resuspend).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Node, Path, Record as Neo4jRecord, Relationship } from "neo4j-driver";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadDemoData } from "../../api/demo-data.js";
import type { GraphScript } from "../../src/model/index.js";
import type { GraphStore } from "../../src/store/graph-store.js";
import type { createNeo4jStore } from "../../src/store/neo4j-store.js";
import { makeTestStore } from "../helpers/test-store.js";
import { describeWithNeo4j } from "./neo4j-env.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

interface Shown {
  name: string;
  file: string;
  text: string;
}

/** The ```cypher blocks of README.md and docs/*.md; each starts with a `// name: promise` comment. */
export function shownQueries(): Shown[] {
  const files = ["README.md", ...readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`)];
  const out: Shown[] = [];
  for (const file of files) {
    const md = readFileSync(path.join(ROOT, file), "utf8");
    for (const m of md.matchAll(/```cypher\n([\s\S]*?)```/g)) {
      const text = m[1]!.trim();
      const name = /^\/\/\s*([\w-]+):/.exec(text)?.[1];
      out.push({ name: name ?? `(unnamed block in ${file})`, file, text });
    }
  }
  return out;
}

type Neo4jStore = ReturnType<typeof createNeo4jStore>;
let store: Neo4jStore;
let coffee: GraphScript;

async function cypher(text: string, params: Record<string, unknown> = {}): Promise<Neo4jRecord[]> {
  const session = store.driver.session({ defaultAccessMode: "READ" });
  try {
    return (await session.run(text, params)).records;
  } finally {
    await session.close();
  }
}

const sorted = <T>(xs: T[]): T[] => [...xs].sort();

/** Procedures reachable from `root` through sub-procedure links, with their depth. */
async function descendants(root: string): Promise<Map<string, number>> {
  const links = await store.listSubprocedureLinks();
  const depth = new Map<string, number>();
  const visit = (id: string, d: number): void => {
    for (const l of links.filter((x) => x.procedure === id)) {
      if ((depth.get(l.target) ?? 0) < d + 1) depth.set(l.target, d + 1);
      visit(l.target, d + 1);
    }
  };
  visit(root, 0);
  return depth;
}

const EXPECT: Record<string, (records: Neo4jRecord[]) => Promise<void>> = {
  "graph-script": async (records) => {
    const edges = records.map((r) => {
      const p = r.get("p") as Node, s = r.get("s") as Node, rel = r.get("r") as Relationship, t = r.get("t") as Node;
      expect(p.labels).toEqual(["Procedure"]);
      expect(p.properties.id).toBe("coffee");
      expect(rel.type).toBe("PRECEDES");
      return { from: s.properties.id, to: t.properties.id, support: rel.properties.support, confidence: rel.properties.confidence, origin: rel.properties.origin };
    });
    expect(sorted(edges.map((e) => JSON.stringify(e)))).toEqual(sorted(coffee.edges.map((e) => JSON.stringify({ from: e.from, to: e.to, support: e.support, confidence: e.confidence, origin: e.origin }))));
    const virtual = records.flatMap((r) => [r.get("s") as Node, r.get("t") as Node]).filter((n) => n.properties.virtual === true).map((n) => n.properties.id);
    expect(new Set(virtual)).toEqual(new Set(["START", "END"]));
  },
  "next-steps": async (records) => {
    const out = coffee.transitions.filter((t) => t.from === "START");
    const total = out.reduce((n, t) => n + t.count, 0);
    const text = new Map(coffee.steps.map((s) => [s.id, s.text]));
    const expected = out
      .map((t) => ({ step: t.to, text: t.to === "END" ? "" : text.get(t.to), count: t.count, p: t.count / total }))
      .sort((a, b) => b.p - a.p || (a.step < b.step ? -1 : 1));
    expect(expected.length).toBeGreaterThan(0);
    const got = records.map((r) => r.toObject());
    expect(got.map((r) => ({ ...r, p: Number((r.p as number).toFixed(12)) }))).toEqual(expected.map((r) => ({ ...r, p: Number(r.p.toFixed(12)) })));
  },
  hierarchy: async (records) => {
    const expected = await descendants("labop-interlab-calibration");
    expect(Math.max(...expected.values())).toBeGreaterThanOrEqual(3);
    const reached = new Map<string, number>();
    for (const r of records) {
      const p = r.get("path") as Path;
      expect(p.start.properties.id).toBe("labop-interlab-calibration");
      for (const seg of p.segments) expect(["HAS_STEP", "DETAILED_BY"]).toContain(seg.relationship.type);
      const levels = p.segments.filter((seg) => seg.relationship.type === "DETAILED_BY").length;
      const end = p.end.properties.id as string;
      reached.set(end, Math.max(reached.get(end) ?? 0, levels));
    }
    expect(reached).toEqual(expected);
  },
  "optional-steps": async (records) => {
    const expected = coffee.steps
      .map((s) => ({ step: s.id, text: s.text, optional: s.optional, support: s.support }))
      .sort((a, b) => Number(b.optional) - Number(a.optional) || (a.step < b.step ? -1 : 1));
    expect(records.map((r) => r.toObject())).toEqual(expected);
  },
  traces: async (records) => {
    const expected = await store.listTraces("coffee", coffee.version, { limit: 25 });
    expect(expected.length).toBeGreaterThan(0);
    expect(records.map((r) => r.toObject())).toEqual(expected.map((t) => ({ trace: t.id, steps: t.steps })));
  },
  procedures: async (records) => {
    const expected = [];
    for (const s of await store.listProcedures()) {
      for (const v of s.versions) {
        const p = (await store.getProcedure(s.id, v))!;
        expected.push({ id: p.id, version: v, title: p.title, steps: p.steps.length, traces: await store.countTraces(p.id, v) });
      }
    }
    expect(records.map((r) => r.toObject())).toEqual(expected.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version)));
  },
};

describeWithNeo4j("tests/neo4j/browser-queries.test.ts", "Cypher queries shown in the docs, on the demo data in Neo4j", () => {
  beforeAll(async () => {
    store = (await makeTestStore("neo4j")) as Neo4jStore;
    await store.init();
    await loadDemoData(store as GraphStore, path.join(ROOT, "graphs"));
    coffee = (await store.loadGraphScript("coffee"))!;
  }, 180_000);
  afterAll(async () => {
    await store?.close();
  });

  const shown = shownQueries();

  it("finds the queries the docs show, each named and known to this test", () => {
    expect(shown.length).toBeGreaterThanOrEqual(6);
    expect(shown.map((q) => q.name).filter((n) => !(n in EXPECT))).toEqual([]);
    expect(Object.keys(EXPECT).filter((n) => !shown.some((q) => q.name === n))).toEqual([]);
  });

  for (const q of shown) {
    it(`${q.file}: "${q.name}" returns what it promises`, async () => {
      const records = await cypher(q.text);
      expect(records.length).toBeGreaterThan(0);
      await EXPECT[q.name]!(records);
    });
  }

  it("stores the model on real data: labels, relationship types, virtual START/END, counts", async () => {
    const labels = (await cypher("CALL db.labels() YIELD label RETURN label")).map((r) => r.get("label"));
    expect(labels).toEqual(expect.arrayContaining(["Procedure", "Step", "Trace"]));
    const types = (await cypher("CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType")).map((r) => r.get("relationshipType"));
    expect(types).toEqual(expect.arrayContaining(["HAS_STEP", "PRECEDES", "FOLLOWED_BY", "DETAILED_BY", "HAS_TRACE"]));
    for (const s of await store.listProcedures()) {
      const script = (await store.loadGraphScript(s.id))!;
      const [row] = await cypher(
        `MATCH (p:Procedure {id: $id, version: $version})
         OPTIONAL MATCH (p)-[:HAS_STEP]->(s:Step)
         WITH p, count(CASE WHEN s.virtual THEN s END) AS virtual, count(CASE WHEN NOT s.virtual THEN s END) AS real
         OPTIONAL MATCH (p)-[:HAS_STEP]->(:Step {id: "START"})-[f:FOLLOWED_BY]->()
         RETURN virtual, real, sum(f.count) AS started, p.traceCount AS traces, p.stepCount AS stepCount`,
        { id: s.id, version: s.version },
      );
      const r = row!.toObject();
      expect(r.virtual, s.id).toBe(2);
      expect(r.real, s.id).toBe(script.steps.length);
      expect(r.stepCount, s.id).toBe(s.stepCount);
      expect(r.started, s.id).toBe(script.traceCount);
      expect(r.traces, s.id).toBe(await store.countTraces(s.id));
    }
  });

  it("links every step of the four-level LabOP protocol to the procedure that details it", async () => {
    const links = await store.listSubprocedureLinks();
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const l of links) {
      const rows = await cypher(
        "MATCH (:Procedure {id: $procedure, version: $version})-[:HAS_STEP]->(s:Step {id: $step})-[:DETAILED_BY]->(t:Procedure) RETURN t.id AS id, t.version AS version",
        { procedure: l.procedure, version: l.version, step: l.step },
      );
      const latest = (await store.getProcedure(l.target))!.version;
      expect(rows.map((r) => r.toObject())).toEqual([{ id: l.target, version: l.targetVersion ?? latest }]);
    }
    const [deepest] = await cypher(
      `MATCH path = (:Procedure {id: "labop-interlab-calibration"})-[:HAS_STEP|DETAILED_BY*]->(leaf:Procedure)
       RETURN leaf.id AS leaf, size([r IN relationships(path) WHERE type(r) = "DETAILED_BY"]) AS levels ORDER BY levels DESC LIMIT 1`,
    );
    expect(deepest!.toObject()).toEqual({ leaf: "labop-resuspend", levels: 3 });
  });

  it("links a session to the procedure version it runs", async () => {
    await store.saveSession({ id: "s-1", procedure: "coffee", version: coffee.version, steps: [], createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" });
    const rows = await cypher("MATCH (x:Session {id: 's-1'})-[:RUNS]->(p:Procedure) RETURN p.id AS id, p.version AS version");
    expect(rows.map((r) => r.toObject())).toEqual([{ id: "coffee", version: coffee.version }]);
  });
});
