/**
 * A local Redis server (the Debian `redis-server` binary): start daemonized, probe, stop.
 * Nothing is persisted (`--save "" --appendonly no`): a restart starts empty.
 *
 * @module
 */

import { log } from "../../pipeline/log.ts";
import {
  portOpen,
  processAlive,
  readPid,
  removeIfExists,
  servicePid,
  tailFile,
  terminate,
  waitUntil,
} from "./process_control.ts";
import type { ServicePaths } from "./service_paths.ts";

/** Redis rewrites its process title to this, which identifies our server in `/proc`. */
function marker(paths: ServicePaths): string {
  return `redis-server 127.0.0.1:${paths.redisPort}`;
}

/**
 * Sends `PING` over a raw connection and expects `+PONG`.
 *
 * @param port Redis port on 127.0.0.1
 * @returns true when Redis answers
 */
export async function redisAnswers(port: number): Promise<boolean> {
  if (!(await portOpen(port))) return false;
  let conn: Deno.TcpConn | undefined;
  try {
    conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new TextEncoder().encode("PING\r\n"));
    const buffer = new Uint8Array(64);
    const timer = setTimeout(() => conn?.close(), 2_000);
    const n = await conn.read(buffer).finally(() => clearTimeout(timer));
    return n !== null && new TextDecoder().decode(buffer.subarray(0, n)).startsWith("+PONG");
  } catch {
    // Closed, reset or timed out: not a working Redis.
    return false;
  } finally {
    try {
      conn?.close();
    } catch {
      // Already closed by the timeout above.
    }
  }
}

/**
 * The managed server's pid when it runs.
 *
 * @param paths the services layout
 * @returns the pid from `redis.pid` if that process is our server, else that of a server on our
 *   port running in our folder (the pid file went missing), else null
 */
export function redisPid(paths: ServicePaths): Promise<number | null> {
  return servicePid(paths.redisPid, marker(paths), paths.redisDir);
}

/**
 * Ensures Redis runs: nothing to do when one answers on the port (ours or not), else starts
 * `redis-server --daemonize yes` bound to 127.0.0.1 and waits for `PONG`.
 *
 * @param paths the services layout
 * @returns whether this call started it
 * @throws Error naming the log file when the server does not answer in time
 */
export async function ensureRedis(paths: ServicePaths): Promise<boolean> {
  if (await redisAnswers(paths.redisPort)) return false;
  if (await portOpen(paths.redisPort)) {
    throw new Error(`port ${paths.redisPort} is in use by something that does not answer as Redis`);
  }
  await Deno.mkdir(paths.redisDir, { recursive: true });
  const args = [
    "--port",
    String(paths.redisPort),
    "--bind",
    "127.0.0.1",
    "--daemonize",
    "yes",
    "--dir",
    paths.redisDir,
    "--pidfile",
    paths.redisPid,
    "--logfile",
    paths.redisLog,
    "--save",
    "",
    "--appendonly",
    "no",
  ];
  let output: Deno.CommandOutput;
  try {
    output = await new Deno.Command("redis-server", { args, stdin: "null" }).output();
  } catch (error) {
    throw new Error(`cannot run "redis-server" (apt-get install redis-server)`, { cause: error });
  }
  if (!output.success) {
    const text = new TextDecoder().decode(output.stdout) + new TextDecoder().decode(output.stderr);
    throw new Error(`redis-server exited ${output.code}: ${text}`);
  }
  if (!(await waitUntil(() => redisAnswers(paths.redisPort), paths.timeoutMs))) {
    throw new Error(
      `Redis did not answer PING on 127.0.0.1:${paths.redisPort} within ${paths.timeoutMs} ms; ` +
        `see ${paths.redisLog}:\n${await tailFile(paths.redisLog)}`,
    );
  }
  log.info(`redis: started pid ${await readPid(paths.redisPid)} on 127.0.0.1:${paths.redisPort}`);
  return true;
}

/**
 * Stops the managed server: SIGTERM, SIGKILL after 10 s.
 *
 * @param paths the services layout
 * @returns what happened; "gone" when no managed server was running
 */
export async function stopRedis(paths: ServicePaths): Promise<"terminated" | "killed" | "gone"> {
  const pid = await redisPid(paths);
  const outcome = pid === null ? "gone" : await terminate(pid, marker(paths), 10_000);
  // A pid file of a server that still runs stays: `down` with another --redis-port than `up`'s
  // found none on its port and deleted the file of the one running, which no later `down` found.
  const listed = await readPid(paths.redisPid);
  if (listed === null || !processAlive(listed, "redis-server")) {
    await removeIfExists(paths.redisPid);
  }
  return outcome;
}
