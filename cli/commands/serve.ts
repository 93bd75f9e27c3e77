// `stepgraph serve [--port N] [--host H] [--no-demo]`: runs the REST API and the viewer (the same
// server as `npm start`), configured from the environment (see docs/api.md); the options
// override PORT, HOST and STEPGRAPH_DEMO. Runs until SIGINT/SIGTERM.
import type { Command } from "commander";
import { startServer } from "../../api/server.js";
import { InvalidInputError } from "../../src/errors.js";
import { printText } from "../output.js";

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the REST API and the graph viewer (loads the demo data from graphs/ into an empty store)")
    .option("--port <n>", "port to listen on (default: PORT or 3000)")
    .option("--host <host>", "interface to listen on (default: HOST or all)")
    .option("--no-demo", "do not load the demo data into an empty store")
    .action(async (o: { port?: string; host?: string; demo: boolean }) => {
      if (o.port !== undefined && !/^\d{1,5}$/.test(o.port)) {
        throw new InvalidInputError("invalid_option", `--port must be a port number, got ${JSON.stringify(o.port)}`, [
          { path: ["--port"], message: "must be a port number" },
        ]);
      }
      const env: Record<string, string | undefined> = { ...process.env };
      if (o.port !== undefined) env.PORT = o.port;
      if (o.host !== undefined) env.HOST = o.host;
      if (!o.demo) env.STEPGRAPH_DEMO = "off";
      const { url, close } = await startServer(env);
      printText(`stepgraph API and viewer at ${url}  (API docs: ${url}/docs)`);
      await new Promise<void>((resolve) => {
        const stop = (): void => resolve();
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      await close();
    });
}
