/**
 * A console server in a child process for the connection-limit tests: starts `startServer` with
 * the JSON options given as the first argument, prints its URL on stdout, serves until SIGTERM,
 * then removes its empty lake.
 *
 * @module
 */

import { SseHub } from "../../server/sse_hub.ts";
import { type ServerOptions, startServer } from "../../server/start_server.ts";
import { tempDir } from "../temp_dir.ts";

const options = JSON.parse(Deno.args[0] ?? "{}") as Partial<ServerOptions>;
await using lake = await tempDir();
const server = startServer({
  lakeDir: lake.path,
  hub: new SseHub(),
  port: 0,
  ...options,
});
console.log(server.url);
Deno.addSignalListener("SIGTERM", () => void server.shutdown());
await server.finished;
