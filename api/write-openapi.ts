// `npm run openapi`: writes the generated OpenAPI document to docs/openapi.json (the committed
// snapshot that tests/api/openapi.test.ts compares with the generator's output).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generateOpenApi } from "./openapi.js";

export const OPENAPI_SNAPSHOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/openapi.json");

export function openApiText(): string {
  return `${JSON.stringify(generateOpenApi(), null, 2)}\n`;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_SNAPSHOT, openApiText());
  process.stdout.write(`wrote ${OPENAPI_SNAPSHOT}\n`);
}
