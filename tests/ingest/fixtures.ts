// Paths of the ingest test fixtures (tests/fixtures/ingest) and a helper draining a stream.
import path from "node:path";
import { fileURLToPath } from "node:url";

export const INGEST_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/ingest");

export function fixture(name: string): string {
  return path.join(INGEST_FIXTURES, name);
}

export async function drain<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}
