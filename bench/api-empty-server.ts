// Child process of bench/api-load.ts: a bare Express 5 app with one empty JSON route, the
// baseline the API's query routes are compared with. Prints "listening <port>" when ready.
import express from "express";

const app = express();
app.disable("x-powered-by");
app.post("/empty", (_req, res) => {
  res.json({});
});
const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === "object" && address !== null ? address.port : 0}\n`);
});
