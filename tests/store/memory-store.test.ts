// Runs the GraphStore contract suite against the in-memory adapter.
import { createMemoryStore } from "../../src/store/memory-store.js";
import { describeGraphStore } from "./graph-store.contract.js";

describeGraphStore("memory", () => createMemoryStore());
