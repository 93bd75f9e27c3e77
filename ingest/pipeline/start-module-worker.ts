// Starts a worker thread running an ES module of this project, whether the project runs as
// compiled JavaScript (dist/, the module is a .js file: started directly) or as TypeScript
// through tsx (tests, `npx tsx`, the .ts file: the worker registers tsx's loader first, since
// a worker does not inherit the loader hooks of the thread that starts it).
// `moduleUrl` names the module without extension choice: pass the URL of "./name.js" and it is
// rewritten to "./name.ts" when the caller itself is a .ts file (`callerUrl`).
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/** file: URL of tsx's ESM API (register()), resolved from this module. */
function tsxApiUrl(): string {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  if (typeof meta.resolve === "function") return meta.resolve("tsx/esm/api");
  // NOTE: without import.meta.resolve (some test runners), take the CommonJS entry's path and
  // its ESM twin beside it, as tsx's package exports list them.
  return pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
}

export function startModuleWorker(callerUrl: string, relativeJs: string, options: WorkerOptions = {}): Worker {
  const fromTs = new URL(callerUrl).pathname.endsWith(".ts");
  if (!fromTs) return new Worker(new URL(relativeJs, callerUrl), options);
  const target = new URL(relativeJs.replace(/\.js$/, ".ts"), callerUrl).href;
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(target)}); });`;
  return new Worker(code, { ...options, eval: true });
}
