// Hierarchical sub-procedures: links, their checks, expansion and queries across levels.
export * from "./find-link-cycle.js";
export * from "./assert-subprocedure-links.js";
export * from "./expand.js";
export * from "./step-path.js";
export * from "./hierarchical-session.js";
export * from "./hierarchical-check-order.js";
export * from "./hierarchical-next-steps.js";
