export * from "./ids.js";
export * from "./procedure.js";
export * from "./trace.js";
export * from "./graph-script.js";
export * from "./induce-options.js";
export * from "./session.js";
export * from "./queries.js";
