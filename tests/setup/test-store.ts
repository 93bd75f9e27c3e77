// Closes the Neo4j stores that tests/helpers/test-store.ts made during a test (their drivers
// hold sockets), so a file of a hundred tests does not keep a hundred connection pools open.
// Stores made in beforeAll belong to the file, which closes them itself: they are left alone.
import { afterEach, beforeEach } from "vitest";
import { takeMadeStores } from "../helpers/test-store.js";

beforeEach(() => {
  takeMadeStores();
});

afterEach(async () => {
  await Promise.all(takeMadeStores().map((s) => s.close().catch(() => undefined)));
});
