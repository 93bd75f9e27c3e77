// The pure parts of the Neo4j adapter that run without a server: node keys and the conversion
// of parameters to Neo4j types (whole numbers → INTEGER, fractions stay FLOAT).
import neo4j from "neo4j-driver";
import { describe, expect, it } from "vitest";
import { ConflictError } from "../../src/errors.js";
import { isUnavailable, procedureKey, stepKey, toNeo4j, traceKey } from "../../src/store/neo4j-store.js";

describe("Neo4j node keys", () => {
  it("keeps procedure keys distinct when ids contain @ and digits", () => {
    expect(procedureKey("a@1", 2)).not.toBe(procedureKey("a", 12));
    expect(procedureKey("a@1", 2)).not.toBe(procedureKey("a", 1));
  });

  it("keeps step keys distinct when ids contain separators", () => {
    expect(stepKey("x@1", 2, "y")).not.toBe(stepKey("x", 1, "2#y"));
    expect(stepKey('a","b', 1, "c")).not.toBe(stepKey("a", 1, 'b","c'));
  });

  it("keeps trace keys of one id apart across versions", () => {
    expect(traceKey("p", 1, "t")).not.toBe(traceKey("p", 2, "t"));
  });
});

describe("toNeo4j", () => {
  it("sends whole numbers as Neo4j integers, nested in rows", () => {
    const out = toNeo4j({ version: 3, rows: [{ seq: 7, steps: ["a"] }] }) as { version: unknown; rows: { seq: unknown; steps: unknown }[] };
    expect(neo4j.isInt(out.version)).toBe(true);
    expect(neo4j.isInt(out.rows[0]!.seq)).toBe(true);
    expect(out.rows[0]!.steps).toEqual(["a"]);
  });

  it("keeps confidence, frequency and p as floats even when whole", () => {
    const out = toNeo4j({ rows: [{ confidence: 1, frequency: 1, p: 0.5, support: 1 }] }) as { rows: Record<string, unknown>[] };
    expect(out.rows[0]).toMatchObject({ confidence: 1, frequency: 1, p: 0.5 });
    expect(neo4j.isInt(out.rows[0]!.support)).toBe(true);
  });

  it("leaves strings, null and booleans as they are", () => {
    expect(toNeo4j({ a: "1", b: null, c: true })).toEqual({ a: "1", b: null, c: true });
  });
});

describe("which Neo4j errors mean the store is unavailable", () => {
  it("counts a lost server, an expired session and exhausted transient retries, not data errors", () => {
    expect(isUnavailable(Object.assign(new Error("Could not perform discovery"), { code: neo4j.error.SERVICE_UNAVAILABLE }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("expired"), { code: neo4j.error.SESSION_EXPIRED }))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("deadlock"), { code: "Neo.TransientError.Transaction.DeadlockDetected" }))).toBe(true);
    expect(isUnavailable(new Error("connect ECONNREFUSED 127.0.0.1:7687"))).toBe(true);
    expect(isUnavailable(Object.assign(new Error("exists"), { code: "Neo.ClientError.Schema.ConstraintValidationFailed" }))).toBe(false);
    expect(isUnavailable(Object.assign(new Error("bad"), { code: "Neo.ClientError.Statement.SyntaxError" }))).toBe(false);
    expect(isUnavailable(new ConflictError("session_changed", "changed"))).toBe(false);
  });
});
