// Runs Neo4j's own Cypher front end (@neo4j-cypher/language-support, lintCypherQuery) on every
// statement the Neo4j adapter can send, with the statement's parameters and the graph model's
// labels, relationship types and property keys declared: any diagnostic (syntax error, unknown
// variable, undeclared parameter, misspelt label, deprecation, cartesian product) fails the test.
// This is what is verified of the adapter on machines without a Neo4j server.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { CYPHER, GRAPH_MODEL, SCHEMA, type CypherStatement } from "../../src/store/cypher.js";

interface Diagnostic {
  severity?: number;
  message: string;
}
type Lint = (query: string, schema: Record<string, unknown>) => Diagnostic[];

// NOTE: the package's ESM build is broken; its CommonJS build works.
const require = createRequire(import.meta.url);
const { lintCypherQuery } = require("@neo4j-cypher/language-support") as { lintCypherQuery: Lint };

function lint(statement: CypherStatement): string[] {
  const diagnostics = lintCypherQuery(statement.text, {
    parameters: statement.params,
    labels: [...GRAPH_MODEL.labels],
    relationshipTypes: [...GRAPH_MODEL.relationshipTypes],
    propertyKeys: [...GRAPH_MODEL.propertyKeys],
  });
  return diagnostics.map((d) => `${d.severity === 1 ? "error" : "warning"}: ${d.message}`);
}

const all: [string, CypherStatement][] = [
  ...Object.entries(SCHEMA).map(([k, v]): [string, CypherStatement] => [`SCHEMA.${k}`, v]),
  ...Object.entries(CYPHER).map(([k, v]): [string, CypherStatement] => [`CYPHER.${k}`, v]),
];

describe("Cypher front-end lint of every Neo4j adapter statement", () => {
  it.each(all)("%s has zero diagnostics", (_name, statement) => {
    expect(lint(statement)).toEqual([]);
  });

  it("declares exactly the parameters each statement uses", () => {
    for (const [name, s] of all) {
      const used = new Set([...s.text.matchAll(/\$([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]));
      expect([...used].sort(), name).toEqual(Object.keys(s.params).sort());
    }
  });

  it("finds no Cypher in the adapter outside cypher.ts", () => {
    const source = readFileSync(new URL("../../src/store/neo4j-store.ts", import.meta.url), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    expect(source.match(/\b(MATCH|MERGE|CREATE|UNWIND|RETURN|DETACH|DELETE)\b/g)).toBeNull();
    expect([...source.matchAll(/tx\.run\(([^,)]+)/g)].map((m) => m[1])).toEqual(["statement.text", "s.text"]);
  });

  it("reports a statement with a syntax error", () => {
    expect(lint({ text: "MATCH (p:Procedure {key: $key}) RETUR p", params: { key: "x" } })).not.toEqual([]);
  });

  it("reports an undeclared parameter", () => {
    expect(lint({ text: "MATCH (p:Procedure {key: $key}) RETURN p", params: {} })).not.toEqual([]);
  });

  it("reports a misspelt label", () => {
    expect(lint({ text: "MATCH (p:Procedur {key: $key}) RETURN p", params: { key: "x" } })).not.toEqual([]);
  });
});
