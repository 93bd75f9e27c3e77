import { describe, expect, it } from "vitest";
import { apiConfigFromEnv, DEFAULT_CONFIG } from "../../api/config.js";
import { InvalidInputError } from "../../src/errors.js";

describe("apiConfigFromEnv", () => {
  it("gives the defaults for an empty environment", () => {
    expect(apiConfigFromEnv({})).toEqual(DEFAULT_CONFIG);
  });

  it("reads keys, limits, CORS origins and automatic induction", () => {
    const c = apiConfigFromEnv({
      PORT: "8080",
      STEPGRAPH_API_KEY: "k".repeat(16),
      STEPGRAPH_MAX_STEPS: "10",
      STEPGRAPH_CORS_ORIGINS: "https://a.example, https://b.example",
      STEPGRAPH_AUTO_INDUCE: "false",
    });
    expect(c).toMatchObject({ port: 8080, apiKey: "k".repeat(16), maxSteps: 10, corsOrigins: ["https://a.example", "https://b.example"], autoInduce: false });
  });

  it("rejects a malformed limit naming the variable and quoting the value", () => {
    expect(() => apiConfigFromEnv({ STEPGRAPH_MAX_EVENTS: "lots" })).toThrow(InvalidInputError);
    expect(() => apiConfigFromEnv({ STEPGRAPH_MAX_EVENTS: "lots" })).toThrow(/STEPGRAPH_MAX_EVENTS: must be a positive integer \(got "lots"\)/);
  });

  it("rejects an API key shorter than 16 characters", () => {
    expect(() => apiConfigFromEnv({ STEPGRAPH_API_KEY: "short" })).toThrow(/STEPGRAPH_API_KEY/);
  });
});
